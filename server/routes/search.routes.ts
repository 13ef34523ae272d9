import { Router } from 'express';
import { z } from 'zod';
import { SearchPageSchema } from '../../core/contracts/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { SearchService } from '../services/search.service.js';
import { cityParam, intParam } from './common-params.js';

const qParam = z
  .string({ error: 'q is required: the text to search for' })
  .trim()
  .min(1, { error: 'q must not be empty' })
  .max(200, { error: 'q must be at most 200 characters' })
  .describe('Address ("陆家嘴环路 1388"), name (zh or en), id or grid code');

export const searchEndpoints = {
  search: defineEndpoint({
    method: 'get',
    path: '/api/search',
    operationId: 'search',
    tag: 'search',
    summary: 'Search addresses, names, ids and grid codes; best matches first',
    query: z.strictObject({
      city: cityParam,
      q: qParam,
      limit: intParam('limit', 1, 100, 20, 'Hits to answer (1-100)'),
    }),
    response: SearchPageSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND'],
  }),
};

/** `/api/search`. */
export function searchRoutes(search: SearchService): Router {
  const router = Router();
  mountEndpoint(router, searchEndpoints.search, ({ query }) => search.search(query));
  return router;
}
