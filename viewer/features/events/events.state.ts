import { useSyncExternalStore } from 'react';
import { createStore } from '../../state/store.js';
import type { EventFilters, EventSummary } from './events-api.js';

/** The events feature's plain state: board filters and list, the open event, the report form. */
export interface EventsState {
  boardOpen: boolean;
  /** The KPI dashboard is open. */
  kpiOpen: boolean;
  filters: EventFilters;
  events: EventSummary[];
  total: number;
  loading: boolean;
  error: string | null;
  /** The event shown in the detail panel. */
  selectedId: string | null;
  /** The report form is open; `picking` while the next map click gives its location. */
  report: { open: boolean; picking: boolean; location: [number, number] | null };
  /** Bumped after every write so lists, pins and KPIs reload. */
  revision: number;
}

/** The events store. */
export const eventsStore = createStore<EventsState>({
  boardOpen: false,
  kpiOpen: false,
  filters: { state: '', grid: '', severity: '', source: '' },
  events: [],
  total: 0,
  loading: false,
  error: null,
  selectedId: null,
  report: { open: false, picking: false, location: null },
  revision: 0,
});

/** React hook: the part of the events state `select` picks. */
export function useEventsState<T>(select: (s: EventsState) => T): T {
  return useSyncExternalStore(eventsStore.subscribe, () => select(eventsStore.get()));
}

/** Actions on the events store. */
export const eventActions = {
  toggleBoard() {
    eventsStore.set((s) => ({ boardOpen: !s.boardOpen }));
  },
  toggleKpis() {
    eventsStore.set((s) => ({ kpiOpen: !s.kpiOpen }));
  },
  setFilter<K extends keyof EventFilters>(key: K, value: EventFilters[K]) {
    eventsStore.set((s) => ({ filters: { ...s.filters, [key]: value } }));
  },
  open(id: string | null) {
    eventsStore.set({ selectedId: id });
  },
  changed() {
    eventsStore.set((s) => ({ revision: s.revision + 1 }));
  },
  setReport(patch: Partial<EventsState['report']>) {
    eventsStore.set((s) => ({ report: { ...s.report, ...patch } }));
  },
};
