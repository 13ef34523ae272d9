import { Router } from 'express';
import { z } from 'zod';
import { KpiReportSchema } from '../../core/contracts/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import { LOGIN_REQUIRED, readerOf, type ReadPolicy } from '../auth/read-access.js';
import type { KpiService } from '../services/kpi.service.js';
import { cityParam, parseTimeMs } from './common-params.js';

/** A time bound: epoch ms or ISO-8601. */
function timeParam(name: 'from' | 'to', description: string) {
  return z
    .string()
    .transform((text, ctx) => {
      const ms = parseTimeMs(text, /^\d{4}-\d{2}-\d{2}/);
      if (!Number.isFinite(ms))
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be epoch milliseconds (0 to 8.64e15) or ISO-8601, got "${text}"`,
        });
      return ms;
    })
    .optional()
    .describe(description);
}

export const kpiEndpoints = {
  get: defineEndpoint({
    method: 'get',
    path: '/api/kpis',
    operationId: 'getKpis',
    tag: 'events',
    summary: 'Problems found (by source), assigned, resolved, closed, rates, median/p90 times and the grid ranking',
    query: z.strictObject({
      city: cityParam,
      from: timeParam('from', 'Events discovered from (default: 30 days before to)'),
      to: timeParam('to', 'Events discovered before (default: now)'),
      grid: z.string().min(1).optional().describe('A grid of any level: only the cells under it'),
    }),
    response: KpiReportSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_GRID_NOT_FOUND', 'GT_ERR_UNAUTHENTICATED'],
  }),
};

/** `/api/kpis`: aggregates only; a login, or an anonymous reader in public read-only mode. */
export function kpiRoutes(kpis: KpiService, policy: ReadPolicy = LOGIN_REQUIRED): Router {
  const router = Router();
  mountEndpoint(router, kpiEndpoints.get, ({ query }, req) => {
    readerOf(req, policy, 'KPIs');
    return kpis.kpis(query);
  });
  return router;
}
