import { BuildingSchema } from '../model/index.js';
import { pageOf } from './page.js';

/** GET /api/buildings (GET /api/buildings/:id answers a core/model Building). */
export const BuildingPageSchema = pageOf(BuildingSchema);
