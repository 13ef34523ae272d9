import type { Alert } from '../../../core/model/index.js';
import type { LiveFeed } from '../../live/live-feed.js';

/** Listeners of every message a feed takes, per feed (one tap per feed however many features listen). */
const taps = new WeakMap<LiveFeed, Set<(message: unknown) => void>>();

/**
 * Calls `listener` with every raw /api/live message `feed` takes (snapshots and deltas), after the feed itself has
 * taken it. LiveFeed keeps sensor states only; alerts and events ride in the same messages (DESIGN.md §4), so this
 * taps its public `ingest` rather than opening a second socket. Answers a function that removes the listener.
 */
export function onLiveMessage(feed: LiveFeed, listener: (message: unknown) => void): () => void {
  let listeners = taps.get(feed);
  if (!listeners) {
    const all = new Set<(message: unknown) => void>();
    listeners = all;
    taps.set(feed, all);
    const ingest = feed.ingest.bind(feed);
    feed.ingest = (message: unknown) => {
      ingest(message);
      for (const l of all) {
        try {
          l(message);
        } catch {
          // One feature's bad day must not stop the scene's sensor updates or the other listeners.
        }
      }
    };
  }
  listeners.add(listener);
  const own = listeners;
  return () => own.delete(listener);
}

/** The parts of a live message the events and alerts features use. */
export interface LiveChanges {
  /** A snapshot replaces what was known; a delta adds to it. */
  snapshot: boolean;
  alerts: Alert[];
  /** Events created or changed (or, in a snapshot, the open ones), as far as the message carries them. */
  events: { id: string }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Pulls alerts and events out of a snapshot or delta, skipping anything without an id (tolerant, like sensorUpdatesOf). */
export function liveChangesOf(message: unknown): LiveChanges | null {
  if (!isRecord(message) || (message.type !== 'snapshot' && message.type !== 'delta')) return null;
  const alerts = Array.isArray(message.alerts)
    ? message.alerts.filter(
        (a): a is Alert =>
          isRecord(a) && typeof a.id === 'string' && typeof a.state === 'string' && typeof a.rule === 'string',
      )
    : [];
  const events = Array.isArray(message.events)
    ? message.events.filter((e): e is { id: string } => isRecord(e) && typeof e.id === 'string')
    : [];
  return { snapshot: message.type === 'snapshot', alerts, events };
}
