import { useEffect } from 'react';
import type { EngineHandle } from '../../engine/engine-context.js';
import { useAuth } from '../auth/auth.state.js';
import { eventsApi, type EventSummary } from './events-api.js';
import { eventsStore, useEventsState } from './events.state.js';

/** Poll period of the open board while the live stream carries no events, ms. */
export const EVENTS_POLL_MS = 4000;
/** Poll period once the live stream has carried events (the poll only backs it up), ms. */
export const EVENTS_BACKUP_POLL_MS = 30_000;
/** Changes arriving within this window make one reload of the board, ms. */
export const EVENTS_COALESCE_MS = 250;

/** What makes two lists of summaries show the same board and pins: ids, order, versions and update times. */
export function eventsSignature(
  events: readonly Pick<EventSummary, 'id' | 'version' | 'updatedAt' | 'state'>[],
  total: number,
): string {
  return `${total}|${events.map((e) => `${e.id}:${e.version}:${e.updatedAt}:${e.state}`).join(',')}`;
}

/**
 * Keeps the open board (and so the pins and the open event) in step with other users' writes, without a reload:
 * events carried by /api/live deltas schedule one quiet reload per {@link EVENTS_COALESCE_MS}, and while the board is
 * open a light poll backs the stream up (every {@link EVENTS_POLL_MS} until the stream has carried events). The store
 * changes only when the answer differs, so an idle board re-renders nothing.
 */
export function useEventsLive(handle: EngineHandle | null): void {
  const { token } = useAuth();
  const boardOpen = useEventsState((s) => s.boardOpen);

  useEffect(() => {
    if (!token) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let poll: ReturnType<typeof setTimeout> | null = null;
    let inflight: AbortController | null = null;
    let streamCarriesEvents = false;
    let stopped = false;

    const reload = async () => {
      timer = null;
      inflight?.abort();
      const abort = new AbortController();
      inflight = abort;
      const { filters } = eventsStore.get();
      try {
        const page = await eventsApi.list(filters, abort.signal);
        const now = eventsStore.get();
        // A filter change while this was in flight has its own load; this answer is for the old filters.
        if (abort.signal.aborted || now.filters !== filters) return;
        if (eventsSignature(page.items, page.total) !== eventsSignature(now.events, now.total)) {
          eventsStore.set({ events: page.items, total: page.total, error: null });
        }
      } catch {
        // A failed background reload leaves the board as it was; the next change or poll tries again.
      }
    };
    const schedule = () => {
      if (timer === null && !stopped) timer = setTimeout(() => void reload(), EVENTS_COALESCE_MS);
    };
    const tick = () => {
      if (stopped) return;
      if (boardOpen && document.visibilityState !== 'hidden') schedule();
      poll = setTimeout(tick, streamCarriesEvents ? EVENTS_BACKUP_POLL_MS : EVENTS_POLL_MS);
    };
    const off = handle
      ? handle.live.on('events', ({ events }) => {
          if (events.length === 0) return;
          streamCarriesEvents = true;
          schedule();
        })
      : () => undefined;
    // Opening the board shows what changed while it was closed (the stream may not carry events).
    if (boardOpen) schedule();
    poll = setTimeout(tick, EVENTS_POLL_MS);
    return () => {
      stopped = true;
      off();
      if (timer) clearTimeout(timer);
      if (poll) clearTimeout(poll);
      inflight?.abort();
    };
  }, [handle, token, boardOpen]);
}
