import { Router } from 'express';
import { z } from 'zod';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { HealthService } from '../services/health.service.js';

export const HealthSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['pglite', 'postgres']).describe('The database engine'),
  cities: z.number().int().describe('Number of cities in the store'),
  defaultCity: z.string().describe('The city answered when a request names none'),
  uptimeS: z.number().int().describe('Seconds since the server started'),
  version: z.string().describe('GridTwin version'),
});

export const healthEndpoints = {
  health: defineEndpoint({
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    tag: 'system',
    summary: 'Whether the server and its database answer',
    response: HealthSchema,
    errors: ['GT_ERR_STORE_UNAVAILABLE'],
  }),
};

/** `/api/health`. */
export function healthRoutes(health: HealthService): Router {
  const router = Router();
  mountEndpoint(router, healthEndpoints.health, () => health.check());
  return router;
}
