import { OPEN_EVENT_STATES } from '../../core/incident/index.js';
import type { Event } from '../../core/model/index.js';
import type { EventStore, EventSummary } from '../../store/events/index.js';

/** Where event changes go: the live hub's `event` (a structural type so server/ needs no iot-bridge import). */
export interface EventSink {
  event(summary: EventSummary): void;
}

/** The open events of one city kept in memory for live snapshots, and every change pushed as a live delta. */
export interface LiveEvents {
  /** The open events, most recently changed first (what a new WebSocket client gets in its snapshot). */
  openEvents(): EventSummary[];
  /** Starts pushing changes to `sink` (the hub exists only after the bridge started, so it is bound late). */
  attach(sink: EventSink): void;
  stop(): void;
}

/** At most this many open events are loaded at start: a snapshot is a screen's worth, not an archive. */
const SNAPSHOT_LIMIT = 2_000;

/**
 * Keeps the live stream's events true to the store (DESIGN.md section 4: the snapshot carries open events, deltas
 * carry changes): loads the city's open events once, then follows the event store's committed changes, so every
 * path that writes an event (reports, alert intake, simulations, transitions, escalation) reaches browsers.
 */
export async function followLiveEvents(eventStore: EventStore, cityId: string): Promise<LiveEvents> {
  const open = new Map<string, EventSummary>();
  const loaded = await eventStore.list(cityId, { state: 'open', limit: SNAPSHOT_LIMIT, offset: 0 });
  for (const e of [...loaded.items].reverse()) open.set(e.id, e);
  let sink: EventSink | null = null;
  const stop = eventStore.onChange((event: Event, eventCity: string) => {
    if (eventCity !== cityId) return;
    const { transitions: _transitions, ...summary } = event;
    if (OPEN_EVENT_STATES.includes(event.state)) {
      open.delete(event.id); // re-inserted last = newest
      open.set(event.id, summary);
    } else open.delete(event.id);
    sink?.event(summary);
  });
  return {
    openEvents: () => [...open.values()].reverse(),
    attach: (s) => {
      sink = s;
    },
    stop,
  };
}
