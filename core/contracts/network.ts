import { z } from 'zod';
import { NetworkLinkSchema, NetworkNodeSchema, NetworkSchema } from '../model/index.js';
import { pageOf } from './page.js';

/** A network link as the API answers it: with its depth of cover (ground minus top of pipe, the shallower end), m. */
export const ApiNetworkLinkSchema = NetworkLinkSchema.extend({
  coverDepthM: z.number().describe('Ground minus top of pipe at the shallower end, m'),
});
export type ApiNetworkLink = z.infer<typeof ApiNetworkLinkSchema>;

/** GET /api/network/networks, /nodes and /links (one node answers its core/model schema, one link ApiNetworkLink). */
export const NetworkPageSchema = pageOf(NetworkSchema);
export const NetworkNodePageSchema = pageOf(NetworkNodeSchema);
export const NetworkLinkPageSchema = pageOf(ApiNetworkLinkSchema);
