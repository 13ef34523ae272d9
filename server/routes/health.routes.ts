import { Router } from 'express';
import { HealthSchema } from '../../core/contracts/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { HealthService } from '../services/health.service.js';

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
