import type { EventSummary, LiveDelta, LiveSensorState, LiveSnapshot } from '../../core/contracts/index.js';
import type { Alert } from '../../core/model/index.js';

export type { LiveDelta, LiveSensorState, LiveSnapshot } from '../../core/contracts/live.js';

/** What the hub needs of a connection (a `ws` WebSocket fits). */
export interface LiveConnection {
  send(text: string): void;
  /** Bytes queued in the connection and not yet sent. */
  readonly bufferedAmount: number;
}

/**
 * What one client may see: the server builds it from the client's login (a crew sees its cells' events; an anonymous
 * reader in public mode sees them without personal data). Clients with the same `key` share one serialised message.
 */
export interface LiveView {
  key: string;
  /** The event as this client may see it, or null to leave it out. */
  event(event: EventSummary): EventSummary | null;
}

/** Everything, unchanged (tests, the bench, and the bridge's own tools). */
export const FULL_VIEW: LiveView = { key: '*', event: (e) => e };

/** Options of the hub. */
export interface LiveHubOptions {
  /** How often pending changes go out as one delta, ms. Default 50. */
  tickMs?: number;
  /** Deltas kept for resuming clients (count). Default 2000. */
  historySize?: number;
  /** Deltas kept for resuming clients (bytes of JSON). Default 16 MiB. */
  historyBytes?: number;
  /** A client with more than this many bytes unsent gets no deltas until it catches up. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Open events for snapshots (the events side provides them). */
  openEvents?: () => EventSummary[];
  /** Open alerts for snapshots. */
  openAlerts?: () => Alert[];
  now?: () => number;
}

interface Client {
  conn: LiveConnection;
  view: LiveView;
  /** Skipped deltas: it gets a fresh snapshot once its buffer drains. */
  behind: boolean;
}

/**
 * Fans live changes out to browsers: a snapshot first, then deltas with increasing `seq`, one per tick holding the
 * latest value per sensor (readings are coalesced within a tick). A reconnecting client gives its last `seq` and gets
 * the deltas it missed, or a snapshot when they are no longer kept. A slow client never holds others back and never
 * makes memory grow: when its socket buffer is over the bound it is skipped, and once drained it is sent a snapshot,
 * i.e. the latest value per sensor instead of every delta it missed.
 */
export class LiveHub {
  private readonly sensors = new Map<string, LiveSensorState>();
  private pendingSensors = new Map<string, LiveSensorState>();
  /** Every alert change in order (not coalesced: a raise cleared within one tick is still seen). */
  private pendingAlerts: Alert[] = [];
  /** An early tick is queued (alerts go out at once instead of waiting out the interval). */
  private urgent = false;
  private pendingEvents: EventSummary[] = [];
  /** Deltas as sent to the full view; other views re-filter `delta` (only its events differ). */
  private readonly history: { seq: number; delta: LiveDelta; text: string }[] = [];
  private historyBytes = 0;
  private seq = 0;
  private readonly clients = new Set<Client>();
  private readonly timer: NodeJS.Timeout;
  private readonly o: Required<Omit<LiveHubOptions, 'openEvents' | 'openAlerts'>> &
    Pick<LiveHubOptions, 'openEvents' | 'openAlerts'>;
  /** Messages sent, deltas built and clients skipped for being slow (for the bench and tests). */
  readonly counters = { deltas: 0, sent: 0, skippedSlow: 0, snapshots: 0 };

  constructor(options: LiveHubOptions = {}) {
    this.o = {
      tickMs: 50,
      historySize: 2000,
      historyBytes: 16 << 20,
      maxBufferedBytes: 1 << 20,
      now: Date.now,
      ...options,
    };
    this.timer = setInterval(() => this.tick(), this.o.tickMs);
    this.timer.unref();
  }

  /** The sequence number of the last delta. */
  get currentSeq(): number {
    return this.seq;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** A new reading; older than the sensor's latest it changes nothing (late readings are history). */
  value(sensorId: string, ts: number, value: number): void {
    const prev = this.sensors.get(sensorId);
    if (prev && prev.ts > ts) return;
    const next: LiveSensorState = { sensorId, ts, value, status: prev?.status ?? 'online' };
    this.sensors.set(sensorId, next);
    this.pendingSensors.set(sensorId, next);
  }

  status(sensorId: string, status: 'online' | 'offline', at: number): void {
    const prev = this.sensors.get(sensorId);
    const next: LiveSensorState = { sensorId, ts: prev?.ts ?? at, value: prev?.value ?? null, status };
    this.sensors.set(sensorId, next);
    this.pendingSensors.set(sensorId, next);
  }

  /**
   * An alert changed. Alerts are rare and urgent, so they do not wait for the next tick: a delta goes out as soon as
   * the current burst of work yields (setImmediate), carrying whatever else is pending too.
   */
  alert(alert: Alert): void {
    this.pendingAlerts.push(alert);
    if (!this.urgent) {
      this.urgent = true;
      setImmediate(() => {
        if (!this.urgent) return;
        this.tick();
      });
    }
  }

  /** An event created or changed (the events side calls this). */
  event(event: EventSummary): void {
    this.pendingEvents.push(event);
  }

  /** The latest state of every sensor heard from. */
  sensorStates(): LiveSensorState[] {
    return [...this.sensors.values()];
  }

  /** Adds a client: a snapshot, or with `sinceSeq` the deltas after it when they are still kept. */
  connect(conn: LiveConnection, sinceSeq?: number, view: LiveView = FULL_VIEW): () => void {
    const client: Client = { conn, view, behind: false };
    this.clients.add(client);
    const oldest = this.history[0]?.seq ?? this.seq + 1;
    if (sinceSeq !== undefined && sinceSeq <= this.seq && sinceSeq >= oldest - 1) {
      for (const h of this.history)
        if (h.seq > sinceSeq) this.send(client, view === FULL_VIEW ? h.text : this.textFor(h.delta, h.text, view));
    } else {
      this.sendSnapshot(client);
    }
    return () => this.clients.delete(client);
  }

  /** Builds and sends one delta from what changed since the last tick (nothing when nothing changed). */
  tick(): void {
    this.urgent = false;
    for (const c of this.clients) {
      if (c.behind && c.conn.bufferedAmount <= this.o.maxBufferedBytes / 2) {
        c.behind = false;
        this.sendSnapshot(c);
      }
    }
    if (this.pendingSensors.size === 0 && this.pendingAlerts.length === 0 && this.pendingEvents.length === 0) return;
    const delta: LiveDelta = {
      type: 'delta',
      seq: ++this.seq,
      at: this.o.now(),
      sensors: [...this.pendingSensors.values()],
      alerts: this.pendingAlerts,
      events: this.pendingEvents,
    };
    this.pendingSensors = new Map();
    this.pendingAlerts = [];
    this.pendingEvents = [];
    const text = JSON.stringify(delta);
    this.remember(delta, text);
    this.counters.deltas++;
    // One serialisation per view key per tick, not per client: 200 anonymous browsers share one string.
    const byView = new Map<string, string>();
    for (const c of this.clients) {
      if (c.behind) continue;
      if (c.conn.bufferedAmount > this.o.maxBufferedBytes) {
        c.behind = true;
        this.counters.skippedSlow++;
        continue;
      }
      let viewText = byView.get(c.view.key);
      if (viewText === undefined) {
        viewText = this.textFor(delta, text, c.view);
        byView.set(c.view.key, viewText);
      }
      this.send(c, viewText);
    }
  }

  /** The delta's text for `view`: the shared text when it has no events, else re-serialised with its events. */
  private textFor(delta: LiveDelta, text: string, view: LiveView): string {
    if (view === FULL_VIEW || delta.events.length === 0) return text;
    return JSON.stringify({ ...delta, events: visibleEvents(delta.events, view) });
  }

  close(): void {
    clearInterval(this.timer);
    this.urgent = false;
    this.clients.clear();
  }

  private sendSnapshot(c: Client): void {
    const snapshot: LiveSnapshot = {
      type: 'snapshot',
      seq: this.seq,
      sensors: this.sensorStates(),
      alerts: this.o.openAlerts?.() ?? [],
      events: visibleEvents(this.o.openEvents?.() ?? [], c.view),
    };
    this.counters.snapshots++;
    this.send(c, JSON.stringify(snapshot));
  }

  private send(c: Client, text: string): void {
    try {
      c.conn.send(text);
      this.counters.sent++;
    } catch {
      this.clients.delete(c);
    }
  }

  private remember(delta: LiveDelta, text: string): void {
    this.history.push({ seq: delta.seq, delta, text });
    this.historyBytes += text.length;
    while (
      this.history.length > this.o.historySize ||
      (this.historyBytes > this.o.historyBytes && this.history.length > 1)
    ) {
      this.historyBytes -= this.history.shift()!.text.length;
    }
  }
}

function visibleEvents(events: readonly EventSummary[], view: LiveView): EventSummary[] {
  if (view === FULL_VIEW) return [...events];
  const out: EventSummary[] = [];
  for (const e of events) {
    const seen = view.event(e);
    if (seen !== null) out.push(seen);
  }
  return out;
}
