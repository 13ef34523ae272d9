import { useEffect } from 'react';
import { EventPins } from '../../layers/event-pins/event-pins-layer.js';
import type { EngineHandle } from '../../engine/engine-context.js';
import { useAuth } from '../auth/auth.state.js';
import { eventsApi } from './events-api.js';
import { EVENT_STATE_COLORS } from './event-style.js';
import { eventActions, eventsStore, useEventsState } from './events.state.js';

/**
 * Loads the board's events whenever the filters, the session or a write change, and mirrors them as pins in the
 * scene (a pin click opens the event; while a report picks its location, a ground click sets it).
 */
export function useEventsSync(handle: EngineHandle | null): void {
  const { token } = useAuth();
  const filters = useEventsState((s) => s.filters);
  const revision = useEventsState((s) => s.revision);

  useEffect(() => {
    if (!token) {
      eventsStore.set({ events: [], total: 0, error: null, selectedId: null });
      return;
    }
    const abort = new AbortController();
    eventsStore.set({ loading: true });
    eventsApi
      .list(filters, abort.signal)
      .then((page) => {
        eventsStore.set({ events: page.items, total: page.total, loading: false, error: null });
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted)
          eventsStore.set({ loading: false, error: err instanceof Error ? err.message : String(err) });
      });
    return () => abort.abort();
  }, [token, filters, revision]);

  useEffect(() => {
    if (!handle) return;
    const pins = new EventPins(handle.engine);
    const draw = () => {
      const s = eventsStore.get();
      pins.setPins(
        s.events.map((e) => ({
          id: e.id,
          lonDeg: e.location[0],
          latDeg: e.location[1],
          color: EVENT_STATE_COLORS[e.state],
          selected: e.id === s.selectedId,
        })),
      );
    };
    const follow = () => {
      const { report } = eventsStore.get();
      pins.onGroundClick(
        report.open && report.picking
          ? (lon, lat) => eventActions.setReport({ location: [lon, lat], picking: false })
          : null,
      );
    };
    pins.onPinClick((id) => eventsStore.set({ selectedId: id, boardOpen: true }));
    draw();
    follow();
    const off = eventsStore.subscribe((s, p) => {
      if (s.events !== p.events || s.selectedId !== p.selectedId) draw();
      if (s.report !== p.report) follow();
    });
    if (__GRIDTWIN_TEST_HOOKS__) (window as { gridtwinEventPins?: EventPins }).gridtwinEventPins = pins;
    return () => {
      off();
      pins.destroy();
    };
  }, [handle]);
}
