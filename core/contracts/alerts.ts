import { AlertSchema } from '../model/index.js';
import { pageOf } from './page.js';

/** GET /api/alerts (acknowledging answers a core/model Alert). */
export const AlertPageSchema = pageOf(AlertSchema);
