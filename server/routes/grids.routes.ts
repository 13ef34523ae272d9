import { Router, type Request } from 'express';
import { z } from 'zod';
import { CrewPageSchema, GridPageSchema, LocatedCellSchema } from '../../core/contracts/index.js';
import { GridSchema } from '../../core/model/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { GridService } from '../services/grid.service.js';
import { currentUser } from '../auth/auth-middleware.js';
import { publicCrew, publicGrid } from '../auth/public-redaction.js';
import { cityParam, gridLevelParam, idParams, limitParam, offsetParam, utilityParam } from './common-params.js';

/** A coordinate query parameter in degrees, with a message naming it and its range. */
function degreesParam(name: 'lon' | 'lat', limit: number) {
  const error = `${name} must be a number from ${-limit} to ${limit} (WGS84 degrees)`;
  return z.coerce
    .number({ error })
    .min(-limit, { error })
    .max(limit, { error })
    .describe(`WGS84 ${name === 'lon' ? 'longitude' : 'latitude'} in degrees`);
}

export const gridEndpoints = {
  list: defineEndpoint({
    method: 'get',
    path: '/api/grids',
    operationId: 'listGrids',
    tag: 'grids',
    summary: 'Management grids, filtered by level and parent',
    query: z.strictObject({
      city: cityParam,
      level: gridLevelParam,
      parent: z.string().min(1).optional().describe('Only children of this grid'),
      limit: limitParam,
      offset: offsetParam,
    }),
    response: GridPageSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND'],
  }),
  locate: defineEndpoint({
    method: 'get',
    path: '/api/grids/locate',
    operationId: 'locateGrid',
    tag: 'grids',
    summary: 'The grid cell under a point, its parents, its worker and crews',
    query: z.strictObject({ city: cityParam, lon: degreesParam('lon', 180), lat: degreesParam('lat', 90) }),
    response: LocatedCellSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_OUTSIDE_GRIDS'],
  }),
  crews: defineEndpoint({
    method: 'get',
    path: '/api/crews',
    operationId: 'listCrews',
    tag: 'grids',
    summary:
      'The utility crews of the city (name, utility, base, phone), by name; the ones a grid cell names are in its crewIds',
    query: z.strictObject({ city: cityParam, utility: utilityParam }),
    response: CrewPageSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND'],
  }),
  get: defineEndpoint({
    method: 'get',
    path: '/api/grids/:id',
    operationId: 'getGrid',
    tag: 'grids',
    summary: 'One grid (any level)',
    query: z.strictObject({ city: cityParam }),
    params: idParams,
    response: GridSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_GRID_NOT_FOUND'],
  }),
};

/**
 * `/api/grids`; `locate` is mounted before `:id` so it is not taken for an id. The grids themselves are public; the
 * people in them (worker names and phones, crew phones) only for a logged-in reader: an anonymous one gets the grids
 * without them, whatever PUBLIC_READ says (it only decides whether live data is readable).
 */
export function gridRoutes(grids: GridService): Router {
  const router = Router();
  const anonymous = (req: Request) => currentUser(req) === null;
  mountEndpoint(router, gridEndpoints.list, async ({ query }, req) => {
    const page = await grids.list(query);
    return anonymous(req) ? { ...page, items: page.items.map(publicGrid) } : page;
  });
  mountEndpoint(router, gridEndpoints.locate, async ({ query }, req) => {
    const located = await grids.locate(query);
    if (!anonymous(req)) return located;
    return {
      cell: publicGrid(located.cell),
      hierarchy: located.hierarchy.map(publicGrid),
      worker: null,
      crews: located.crews.map(publicCrew),
    };
  });
  mountEndpoint(router, gridEndpoints.crews, async ({ query }, req) => {
    const page = await grids.crews(query);
    return anonymous(req) ? { ...page, items: page.items.map(publicCrew) } : page;
  });
  mountEndpoint(router, gridEndpoints.get, async ({ query, params }, req) => {
    const grid = await grids.get(query.city, params.id);
    return anonymous(req) ? publicGrid(grid) : grid;
  });
  return router;
}
