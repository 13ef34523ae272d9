import { Router } from 'express';
import { z } from 'zod';
import {
  ApiNetworkLinkSchema,
  NetworkLinkPageSchema,
  NetworkNodePageSchema,
  NetworkPageSchema,
} from '../../core/contracts/index.js';
import { NetworkNodeSchema } from '../../core/model/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { NetworkService } from '../services/network.service.js';
import {
  bboxParam,
  cityParam,
  idParams,
  limitParam,
  nodeOrLinkKindParam,
  offsetParam,
  utilityParam,
} from './common-params.js';

const networkIdParam = z.string().min(1).optional().describe('Only features of this network');
const LIST_ERRORS = ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND'] as const;

export const networkEndpoints = {
  networks: defineEndpoint({
    method: 'get',
    path: '/api/network/networks',
    operationId: 'listNetworks',
    tag: 'network',
    summary: 'The networks of the city (one per utility and source)',
    query: z.strictObject({ city: cityParam, utility: utilityParam }),
    response: NetworkPageSchema,
    errors: LIST_ERRORS,
  }),
  nodes: defineEndpoint({
    method: 'get',
    path: '/api/network/nodes',
    operationId: 'listNodes',
    tag: 'network',
    summary: 'Network nodes (junctions, manholes, valves, ...) filtered by utility, kind, network and box',
    query: z.strictObject({
      city: cityParam,
      utility: utilityParam,
      kind: nodeOrLinkKindParam('node'),
      networkId: networkIdParam,
      bbox: bboxParam,
      limit: limitParam,
      offset: offsetParam,
    }),
    response: NetworkNodePageSchema,
    errors: LIST_ERRORS,
  }),
  node: defineEndpoint({
    method: 'get',
    path: '/api/network/nodes/:id',
    operationId: 'getNode',
    tag: 'network',
    summary: 'One network node',
    query: z.strictObject({ city: cityParam }),
    params: idParams,
    response: NetworkNodeSchema,
    errors: [...LIST_ERRORS, 'GT_ERR_NODE_NOT_FOUND'],
  }),
  links: defineEndpoint({
    method: 'get',
    path: '/api/network/links',
    operationId: 'listLinks',
    tag: 'network',
    summary: 'Network links (pipes, conduits, ducts, ...) filtered by utility, kind, network and box',
    query: z.strictObject({
      city: cityParam,
      utility: utilityParam,
      kind: nodeOrLinkKindParam('link'),
      networkId: networkIdParam,
      bbox: bboxParam,
      limit: limitParam,
      offset: offsetParam,
    }),
    response: NetworkLinkPageSchema,
    errors: LIST_ERRORS,
  }),
  link: defineEndpoint({
    method: 'get',
    path: '/api/network/links/:id',
    operationId: 'getLink',
    tag: 'network',
    summary: 'One network link',
    query: z.strictObject({ city: cityParam }),
    params: idParams,
    response: ApiNetworkLinkSchema,
    errors: [...LIST_ERRORS, 'GT_ERR_LINK_NOT_FOUND'],
  }),
};

/** `/api/network/...`. */
export function networkRoutes(network: NetworkService): Router {
  const router = Router();
  mountEndpoint(router, networkEndpoints.networks, ({ query }) => network.networks(query));
  mountEndpoint(router, networkEndpoints.nodes, ({ query }) => network.nodes(query));
  mountEndpoint(router, networkEndpoints.node, ({ query, params }) => network.node(query.city, params.id));
  mountEndpoint(router, networkEndpoints.links, ({ query }) => network.links(query));
  mountEndpoint(router, networkEndpoints.link, ({ query, params }) => network.link(query.city, params.id));
  return router;
}
