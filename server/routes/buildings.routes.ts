import { Router } from 'express';
import { z } from 'zod';
import { BuildingPageSchema } from '../../core/contracts/index.js';
import { BuildingSchema } from '../../core/model/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { BuildingService } from '../services/building.service.js';
import { bboxParam, cityParam, idParams, limitParam, offsetParam } from './common-params.js';

export const buildingEndpoints = {
  list: defineEndpoint({
    method: 'get',
    path: '/api/buildings',
    operationId: 'listBuildings',
    tag: 'buildings',
    summary: 'Buildings of the city, in id order, optionally within a box',
    query: z.strictObject({ city: cityParam, limit: limitParam, offset: offsetParam, bbox: bboxParam }),
    response: BuildingPageSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND'],
  }),
  get: defineEndpoint({
    method: 'get',
    path: '/api/buildings/:id',
    operationId: 'getBuilding',
    tag: 'buildings',
    summary: 'One building',
    query: z.strictObject({ city: cityParam }),
    params: idParams,
    response: BuildingSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_BUILDING_NOT_FOUND'],
  }),
};

/** `/api/buildings`. */
export function buildingRoutes(buildings: BuildingService): Router {
  const router = Router();
  mountEndpoint(router, buildingEndpoints.list, ({ query }) => buildings.list(query));
  mountEndpoint(router, buildingEndpoints.get, ({ query, params }) => buildings.get(query.city, params.id));
  return router;
}
