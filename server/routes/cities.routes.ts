import { Router } from 'express';
import { z } from 'zod';
import { CityDetailsSchema, CityPageSchema } from '../../core/contracts/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { CityService } from '../services/city.service.js';
import { cityParam } from './common-params.js';

export const cityEndpoints = {
  city: defineEndpoint({
    method: 'get',
    path: '/api/city',
    operationId: 'getCity',
    tag: 'cities',
    summary: 'The default city (or ?city=) with the number of records of each kind',
    query: z.strictObject({ city: cityParam }),
    response: CityDetailsSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND'],
  }),
  cities: defineEndpoint({
    method: 'get',
    path: '/api/cities',
    operationId: 'listCities',
    tag: 'cities',
    summary: 'Every city in the store',
    response: CityPageSchema,
  }),
};

/** `/api/city` and `/api/cities`. */
export function cityRoutes(cities: CityService): Router {
  const router = Router();
  mountEndpoint(router, cityEndpoints.city, ({ query }) => cities.details(query.city));
  mountEndpoint(router, cityEndpoints.cities, () => cities.list());
  return router;
}
