import { Router } from 'express';
import { z } from 'zod';
import { REJECT_REASONS } from '../../core/contracts/mqtt.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { IngestService } from '../services/ingest.service.js';

const StatsSchema = z
  .object({
    bridge: z.enum(['in-process', 'elsewhere']),
    transport: z.string().optional(),
    messages: z.number().int().optional(),
    readingsAccepted: z.number().int().optional(),
    readingsStored: z.number().int().optional(),
    duplicates: z.number().int().optional(),
    rejected: z.record(z.enum(REJECT_REASONS), z.number().int()).optional().describe('Rejected messages per reason'),
    rejectedTotal: z.number().int().optional(),
    lastRejections: z
      .array(
        z.object({
          at: z.number(),
          reason: z.enum(REJECT_REASONS),
          topic: z.string(),
          detail: z.string(),
          payloadPreview: z.string(),
        }),
      )
      .optional(),
    queueDepth: z.number().int().optional(),
  })
  .loose();

export const ingestEndpoints = {
  stats: defineEndpoint({
    method: 'get',
    path: '/api/ingest/stats',
    operationId: 'getIngestStats',
    tag: 'ingest',
    summary: 'MQTT ingest counters: messages, readings stored, duplicates, rejections by reason with the last examples',
    response: StatsSchema,
  }),
};

/** `/api/ingest/stats`. */
export function ingestRoutes(ingest: IngestService) {
  const router = Router();
  mountEndpoint(router, ingestEndpoints.stats, async () => ingest.stats());
  return { router, endpoints: Object.values(ingestEndpoints) };
}
