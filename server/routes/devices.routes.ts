import { Router } from 'express';
import { z } from 'zod';
import { DeviceCredentialsSchema, DeviceRevokedSchema } from '../../core/contracts/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { DevicesService } from '../services/devices.service.js';
import { guard, type Authorize } from './alerts.routes.js';
import { cityParam, idParams } from './common-params.js';

export const deviceEndpoints = {
  provision: defineEndpoint({
    method: 'post',
    path: '/api/devices/:id/credentials',
    operationId: 'provisionDevice',
    tag: 'devices',
    summary: 'Create or rotate the MQTT credentials of a sensor (admin); the password is shown only in this answer',
    query: z.strictObject({ city: cityParam }),
    params: idParams,
    response: DeviceCredentialsSchema,
    errors: [
      'GT_ERR_BAD_REQUEST',
      'GT_ERR_CITY_NOT_FOUND',
      'GT_ERR_SENSOR_NOT_FOUND',
      'GT_ERR_UNAUTHENTICATED',
      'GT_ERR_FORBIDDEN',
    ],
  }),
  revoke: defineEndpoint({
    method: 'delete',
    path: '/api/devices/:id/credentials',
    operationId: 'revokeDevice',
    tag: 'devices',
    summary: 'Revoke the MQTT credentials of a sensor (admin)',
    query: z.strictObject({ city: cityParam }),
    params: idParams,
    response: DeviceRevokedSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN'],
  }),
};

/** `/api/devices/:id/credentials`: admin only, through `authorize` (without it provisioning is refused). */
export function deviceRoutes(devices: DevicesService, authorize?: Authorize) {
  const router = Router();
  mountEndpoint(router, deviceEndpoints.provision, async ({ query, params }, req) => {
    await guard(authorize, req, ['admin']);
    return devices.provision(query.city, params.id);
  });
  mountEndpoint(router, deviceEndpoints.revoke, async ({ query, params }, req) => {
    await guard(authorize, req, ['admin']);
    return devices.revoke(query.city, params.id);
  });
  return { router, endpoints: Object.values(deviceEndpoints) };
}
