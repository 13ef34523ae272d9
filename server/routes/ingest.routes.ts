import { Router } from 'express';
import { IngestStatsAnswerSchema } from '../../core/contracts/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { IngestService } from '../services/ingest.service.js';

export const ingestEndpoints = {
  stats: defineEndpoint({
    method: 'get',
    path: '/api/ingest/stats',
    operationId: 'getIngestStats',
    tag: 'ingest',
    summary: 'MQTT ingest counters: messages, readings stored, duplicates, rejections by reason with the last examples',
    response: IngestStatsAnswerSchema,
  }),
};

/** `/api/ingest/stats`. */
export function ingestRoutes(ingest: IngestService) {
  const router = Router();
  mountEndpoint(router, ingestEndpoints.stats, async () => ingest.stats());
  return { router, endpoints: Object.values(ingestEndpoints) };
}
