import { EventAssigneesSchema, EventPageSchema } from '../../../core/contracts/index.js';
import { EventSchema, type EventState, type Severity, type Utility } from '../../../core/model/index.js';
import { requestJson } from '../../api/request.js';

/** An event as the list answers it (without its audit trail). */
export type { EventSummary } from '../../../core/contracts/index.js';

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

/** One workflow step asked of the API; `crewId` and `worker` go with assign and reassign only. */
export interface TransitionInput {
  action: string;
  note?: string;
  expectedVersion?: number;
  crewId?: string | null;
  worker?: string | null;
}

export type { CrewCandidate, EventAssignees, WorkerCandidate } from '../../../core/contracts/index.js';

function query(filters: Partial<EventFilters>, limit: number): string {
  const params = new URLSearchParams({ limit: String(limit) });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return params.toString();
}

/** The events part of the API, with the session's token. */
export const eventsApi = {
  list: (filters: Partial<EventFilters>, signal?: AbortSignal) =>
    requestJson(EventPageSchema, `/api/events?${query(filters, 500)}`, { signal }),
  get: (id: string, signal?: AbortSignal) =>
    requestJson(EventSchema, `/api/events/${encodeURIComponent(id)}`, { signal }),
  report: (input: ReportInput) => requestJson(EventSchema, '/api/events', { method: 'POST', body: input }),
  assignees: (id: string, signal?: AbortSignal) =>
    requestJson(EventAssigneesSchema, `/api/events/${encodeURIComponent(id)}/assignees`, { signal }),
  transition: (id: string, input: TransitionInput) =>
    requestJson(EventSchema, `/api/events/${encodeURIComponent(id)}/transitions`, { method: 'POST', body: input }),
};
