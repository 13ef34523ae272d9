import { Router } from 'express';
import { z } from 'zod';
import { SensorPageSchema } from '../../core/contracts/index.js';
import { SensorSchema } from '../../core/model/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { SensorService } from '../services/sensor.service.js';
import {
  bboxParam,
  cityParam,
  idParams,
  limitParam,
  offsetParam,
  sensorKindParam,
  utilityParam,
} from './common-params.js';

export const sensorEndpoints = {
  list: defineEndpoint({
    method: 'get',
    path: '/api/sensors',
    operationId: 'listSensors',
    tag: 'sensors',
    summary: 'Sensors of the city filtered by kind, utility and box',
    query: z.strictObject({
      city: cityParam,
      kind: sensorKindParam,
      utility: utilityParam,
      bbox: bboxParam,
      limit: limitParam,
      offset: offsetParam,
    }),
    response: SensorPageSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND'],
  }),
  get: defineEndpoint({
    method: 'get',
    path: '/api/sensors/:id',
    operationId: 'getSensor',
    tag: 'sensors',
    summary: 'One sensor',
    query: z.strictObject({ city: cityParam }),
    params: idParams,
    response: SensorSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_SENSOR_NOT_FOUND'],
  }),
};

/** `/api/sensors`. */
export function sensorRoutes(sensors: SensorService): Router {
  const router = Router();
  mountEndpoint(router, sensorEndpoints.list, ({ query }) => sensors.list(query));
  mountEndpoint(router, sensorEndpoints.get, ({ query, params }) => sensors.get(query.city, params.id));
  return router;
}
