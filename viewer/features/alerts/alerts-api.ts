import { AlertPageSchema } from '../../../core/contracts/index.js';
import { AlertSchema } from '../../../core/model/index.js';
import { requestJson } from '../../api/request.js';

/** Most open alerts the list loads at once (a district in a storm has tens, not thousands). */
export const ALERTS_PAGE = 500;

/** The alerts part of the API (listing is public; acknowledging takes the session's token). */
export const alertsApi = {
  /** Active and acknowledged alerts, newest first. */
  listOpen: (signal?: AbortSignal) =>
    requestJson(AlertPageSchema, `/api/alerts?state=open&limit=${ALERTS_PAGE}`, { signal }),
  acknowledge: (id: string) =>
    requestJson(AlertSchema, `/api/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST' }),
};
