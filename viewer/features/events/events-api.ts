import type { Crew, Event, EventState, Role, Severity, Utility } from '../../../core/model/index.js';
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

/** One workflow step asked of the API; `crewId` and `worker` go with assign and reassign only. */
export interface TransitionInput {
  action: string;
  note?: string;
  expectedVersion?: number;
  crewId?: string | null;
  worker?: string | null;
}

/** A grid worker an event may go to (GET /api/events/:id/assignees). */
export interface WorkerCandidate {
  name: string;
  source: 'cell' | 'user' | 'current';
  userId: string | null;
  role: Role | null;
  phone: string | null;
  current: boolean;
}

/** A crew an event may go to, with why it ranks where it does. */
export interface CrewCandidate extends Crew {
  matchesUtility: boolean;
  servesCell: boolean;
  current: boolean;
}

/** The assignment candidates of an event: the cell's people first, the event's utility's crews first. */
export interface EventAssignees {
  eventId: string;
  gridId: string | null;
  utility: Utility | null;
  workers: WorkerCandidate[];
  crews: CrewCandidate[];
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
  assignees: (id: string, signal?: AbortSignal) =>
    authJson<EventAssignees>(`/api/events/${encodeURIComponent(id)}/assignees`, { signal }),
  transition: (id: string, input: TransitionInput) =>
    authJson<Event>(`/api/events/${encodeURIComponent(id)}/transitions`, { method: 'POST', body: input }),
};
