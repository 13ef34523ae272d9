import { Router, type Request } from 'express';
import { z } from 'zod';
import { AlertPageSchema } from '../../core/contracts/index.js';
import { AlertSchema, AlertStateSchema, type Role } from '../../core/model/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import { LOGIN_REQUIRED, readerOf, type ReadPolicy } from '../auth/read-access.js';
import { ApiError } from '../errors.js';
import type { AlertsService } from '../services/alerts.service.js';
import { cityParam, idParams, limitParam, offsetParam } from './common-params.js';

/** Throws (401/403) unless the request's user has one of `roles`; the auth side provides it. */
export type Authorize = (req: Request, roles: readonly Role[]) => void | Promise<void>;

export const alertEndpoints = {
  list: defineEndpoint({
    method: 'get',
    path: '/api/alerts',
    operationId: 'listAlerts',
    tag: 'alerts',
    summary: 'Alerts of the city, newest first; state=open for active and acknowledged ones',
    query: z.strictObject({
      city: cityParam,
      state: z
        .enum([...AlertStateSchema.options, 'open'], {
          error: 'state must be one of active, acknowledged, cleared, open',
        })
        .optional()
        .describe('Only alerts in this state (open: not cleared)'),
      sensor: z.string().min(1).max(200).optional().describe('Only alerts of this sensor'),
      limit: limitParam,
      offset: offsetParam,
    }),
    response: AlertPageSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_UNAUTHENTICATED'],
  }),
  acknowledge: defineEndpoint({
    method: 'post',
    path: '/api/alerts/:id/acknowledge',
    operationId: 'acknowledgeAlert',
    tag: 'alerts',
    summary: 'Acknowledge an open alert (it stays open until its rule clears)',
    query: z.strictObject({ city: cityParam }),
    params: idParams,
    response: AlertSchema,
    errors: [
      'GT_ERR_BAD_REQUEST',
      'GT_ERR_CITY_NOT_FOUND',
      'GT_ERR_ALERT_NOT_FOUND',
      'GT_ERR_UNAUTHENTICATED',
      'GT_ERR_FORBIDDEN',
    ],
  }),
};

/** Roles that may acknowledge alerts. */
export const ACKNOWLEDGE_ROLES: readonly Role[] = ['admin', 'manager', 'crew'];

/**
 * `/api/alerts`. Reading needs a login unless `policy.publicRead` (alerts carry no personal data); acknowledging
 * needs `authorize` (without it, acknowledging is refused).
 */
export function alertRoutes(alerts: AlertsService, authorize?: Authorize, policy: ReadPolicy = LOGIN_REQUIRED) {
  const router = Router();
  mountEndpoint(router, alertEndpoints.list, ({ query }, req) => {
    readerOf(req, policy, 'reading alerts');
    return alerts.list(query);
  });
  mountEndpoint(router, alertEndpoints.acknowledge, async ({ query, params }, req) => {
    await guard(authorize, req, ACKNOWLEDGE_ROLES);
    return alerts.acknowledge(query.city, params.id);
  });
  return { router, endpoints: Object.values(alertEndpoints) };
}

/** Runs the authorisation hook; without one, writes are refused rather than left open. */
export async function guard(authorize: Authorize | undefined, req: Request, roles: readonly Role[]): Promise<void> {
  if (authorize === undefined) {
    throw new ApiError('GT_ERR_FORBIDDEN', 'this server has no authentication configured, so this write is disabled');
  }
  await authorize(req, roles);
}
