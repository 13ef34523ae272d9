import { Router } from 'express';
import { z } from 'zod';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { SearchService } from '../services/search.service.js';
import { cityParam, intParam, pageOf } from './common-params.js';

export const SearchHitSchema = z.object({
  type: z.enum(['building', 'node', 'link', 'sensor', 'grid']),
  id: z.string(),
  label: z.string().describe('What to show in the list'),
  matched: z.enum(['address', 'name', 'id', 'code']).describe('What the query matched'),
  position: z.tuple([z.number(), z.number()]).describe('Where to fly: [lon, lat] in degrees'),
});

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
    response: pageOf(SearchHitSchema),
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND'],
  }),
};

/** `/api/search`. */
export function searchRoutes(search: SearchService): Router {
  const router = Router();
  mountEndpoint(router, searchEndpoints.search, ({ query }) => search.search(query));
  return router;
}
