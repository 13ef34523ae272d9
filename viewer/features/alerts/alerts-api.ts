import type { Alert } from '../../../core/model/index.js';
import type { ApiPage } from '../../api/api-client.js';
import { authJson } from '../auth/auth.state.js';

/** Most open alerts the list loads at once (a district in a storm has tens, not thousands). */
export const ALERTS_PAGE = 500;

/** The alerts part of the API (listing is public; acknowledging takes the session's token). */
export const alertsApi = {
  /** Active and acknowledged alerts, newest first. */
  listOpen: (signal?: AbortSignal) =>
    authJson<ApiPage<Alert>>(`/api/alerts?state=open&limit=${ALERTS_PAGE}`, { signal }),
  acknowledge: (id: string) => authJson<Alert>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST' }),
};
