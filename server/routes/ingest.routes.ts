import { Router } from 'express';
import { IngestStatsAnswerSchema } from '../../core/contracts/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import { LOGIN_REQUIRED, readerOf, type ReadPolicy } from '../auth/read-access.js';
import { publicIngestStats } from '../auth/public-redaction.js';
import type { IngestService } from '../services/ingest.service.js';

export const ingestEndpoints = {
  stats: defineEndpoint({
    method: 'get',
    path: '/api/ingest/stats',
    operationId: 'getIngestStats',
    tag: 'ingest',
    summary: 'MQTT ingest counters: messages, readings stored, duplicates, rejections by reason with the last examples',
    response: IngestStatsAnswerSchema,
    errors: ['GT_ERR_UNAUTHENTICATED'],
  }),
};

/** `/api/ingest/stats`: a login; in public read-only mode an anonymous reader gets the counters without payloads. */
export function ingestRoutes(ingest: IngestService, policy: ReadPolicy = LOGIN_REQUIRED) {
  const router = Router();
  mountEndpoint(router, ingestEndpoints.stats, async (_input, req) => {
    const reader = readerOf(req, policy, 'ingest statistics');
    const stats = await ingest.stats();
    return reader.kind === 'public' ? publicIngestStats(stats) : stats;
  });
  return { router, endpoints: Object.values(ingestEndpoints) };
}
