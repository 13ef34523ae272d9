import { NetworkLinkSchema, NetworkNodeSchema, NetworkSchema } from '../model/index.js';
import { pageOf } from './page.js';

/** GET /api/network/networks, /nodes and /links (one node or link answers its core/model schema). */
export const NetworkPageSchema = pageOf(NetworkSchema);
export const NetworkNodePageSchema = pageOf(NetworkNodeSchema);
export const NetworkLinkPageSchema = pageOf(NetworkLinkSchema);
