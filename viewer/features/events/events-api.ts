import type { Event, EventState, Severity, Utility } from '../../../core/model/index.js';
import type { ApiPage } from '../../api/api-client.js';
import { authJson } from '../auth/auth.state.js';

/** An event as the list answers it (without its audit trail). */
export type EventSummary = Omit<Event, 'transitions'>;

/** Filters of the events board; empty strings mean "any". */
export interface EventFilters {
  state: EventState | 'open' | '';
  grid: string;
  severity: Severity | '';
  source: 'alert' | 'simulation' | 'report' | '';
}

/** What a report carries (POST /api/events). */
export interface ReportInput {
  lon: number;
  lat: number;
  category: string;
  description: string;
  severity: Severity;
  utility?: Utility | null;
  photo?: { contentType: string; dataBase64: string };
}

/** One workflow step asked of the API. */
export interface TransitionInput {
  action: string;
  note?: string;
  expectedVersion?: number;
}

function query(filters: Partial<EventFilters>, limit: number): string {
  const params = new URLSearchParams({ limit: String(limit) });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return params.toString();
}

/** The events part of the API, with the session's token. */
export const eventsApi = {
  list: (filters: Partial<EventFilters>, signal?: AbortSignal) =>
    authJson<ApiPage<EventSummary>>(`/api/events?${query(filters, 500)}`, { signal }),
  get: (id: string, signal?: AbortSignal) => authJson<Event>(`/api/events/${encodeURIComponent(id)}`, { signal }),
  report: (input: ReportInput) => authJson<Event>('/api/events', { method: 'POST', body: input }),
  transition: (id: string, input: TransitionInput) =>
    authJson<Event>(`/api/events/${encodeURIComponent(id)}/transitions`, { method: 'POST', body: input }),
};
