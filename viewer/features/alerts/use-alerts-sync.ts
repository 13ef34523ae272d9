import { useEffect } from 'react';
import type { Alert } from '../../../core/model/index.js';
import type { EngineHandle } from '../../engine/engine-context.js';
import { alertsApi } from './alerts-api.js';
import { alertsStore, mergeAlerts, sortAlerts } from './alerts.state.js';

/** While the live stream is not open, the open alerts are re-read this often, ms. */
export const ALERTS_POLL_MS = 10_000;

/**
 * Keeps the store's open alerts current: one read of /api/alerts?state=open, then every alert a /api/live snapshot or
 * delta carries, folded in at most once per animation frame (a burst of deltas makes one store update and one
 * render). While the stream is absent or reconnecting, a slow poll stands in for it.
 */
export function useAlertsSync(handle: EngineHandle | null): void {
  useEffect(() => {
    if (!handle) return;
    const open = new Map<string, Alert>();
    let pending: Alert[] = [];
    let replace: Alert[] | null = null;
    let frame = 0;
    let poll: ReturnType<typeof setTimeout> | null = null;
    const abort = new AbortController();

    const publish = () => alertsStore.set({ alerts: sortAlerts([...open.values()]), loaded: true, error: null });
    const load = async () => {
      const askedAt = Date.now();
      try {
        const page = await alertsApi.listOpen(abort.signal);
        const answered = new Set(page.items.map((a) => a.id));
        // Alerts the answer lacks were cleared, unless a delta brought them in after the request left.
        for (const [id, a] of open) if (!answered.has(id) && a.updatedAt < askedAt) open.delete(id);
        mergeAlerts(open, page.items);
        publish();
      } catch (err) {
        if (!abort.signal.aborted)
          alertsStore.set({ error: err instanceof Error ? err.message : String(err), loaded: true });
      }
    };
    const flush = () => {
      frame = 0;
      if (replace) {
        open.clear();
        mergeAlerts(open, replace);
        replace = null;
      }
      mergeAlerts(open, pending);
      pending = [];
      publish();
    };
    const off = handle.live.on('alerts', ({ snapshot, alerts }) => {
      if (snapshot) {
        // A snapshot is the whole open set: anything earlier in this frame is superseded by it.
        replace = alerts;
        pending = [];
      } else pending.push(...alerts);
      if (!frame) frame = requestAnimationFrame(flush);
    });
    const tick = () => {
      if (handle.live.status !== 'open') void load();
      poll = setTimeout(tick, ALERTS_POLL_MS);
    };
    void load();
    poll = setTimeout(tick, ALERTS_POLL_MS);
    return () => {
      off();
      abort.abort();
      if (frame) cancelAnimationFrame(frame);
      if (poll) clearTimeout(poll);
    };
  }, [handle]);
}
