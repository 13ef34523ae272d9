import { LiveInfoSchema, type EventSummary, type LiveMessage } from '../../core/contracts/index.js';
import type { Alert } from '../../core/model/index.js';
import { ApiError, onSessionChange, requestJson, sessionToken } from '../api/request.js';
import type { SensorState } from '../engine/scene-colors.js';
import { parseLiveMessage } from './live-message.js';

/** The live state of one sensor, as /api/live reports it. */
export interface SensorLive {
  state: SensorState;
  value?: number;
  /** Epoch ms of the value. */
  ts?: number;
}

/** Connection status of the feed. */
export type LiveStatus = 'connecting' | 'open' | 'absent';

/** What a feed tells its listeners, by name (see {@link LiveFeed.on}). */
export interface LiveFeedEvents {
  /** Every message that matched the contract, after the feed took its sensor states. */
  message: LiveMessage;
  /** Alert changes: in a snapshot, the whole open set (`snapshot: true`); in a delta, each change in order. */
  alerts: { snapshot: boolean; alerts: Alert[] };
  /** Event changes: in a snapshot, the open events; in a delta, those created or changed. */
  events: { snapshot: boolean; events: EventSummary[] };
}

/**
 * The WebSocket client of /api/live: keeps the last state of every sensor, coalesces what arrives into one flush
 * per animation frame (a thousand messages a second still make one update of the scene and of any panel), and
 * reconnects with its last sequence number. When the server has no /api/live, it says so and retries slowly.
 */
export class LiveFeed {
  private readonly states = new Map<string, SensorLive>();
  private readonly dirty = new Set<string>();
  private readonly frameListeners = new Set<(changed: ReadonlyMap<string, SensorLive>) => void>();
  private readonly statusListeners = new Set<() => void>();
  private readonly listeners: { [K in keyof LiveFeedEvents]: Set<(payload: LiveFeedEvents[K]) => void> } = {
    message: new Set(),
    alerts: new Set(),
    events: new Set(),
  };
  private socket: WebSocket | null = null;
  private frame = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private lastSeq: number | null = null;
  private closed = false;
  private offSession: (() => void) | null = null;
  status: LiveStatus = 'connecting';
  /** Messages received, for the benchmark. */
  received = 0;
  /** Messages refused for not matching the live contract; the last reason is in `lastError`. */
  rejected = 0;
  lastError: string | null = null;

  constructor(private readonly url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live`) {}

  /**
   * Probes /api/live over HTTP first, so a server without it costs one 404 and no failing WebSocket handshake. A login
   * or logout reconnects with a fresh snapshot: what the stream carries depends on who asks (a crew's events, or the
   * public view without personal data).
   */
  start(): void {
    this.offSession ??= onSessionChange(() => this.restart());
    requestJson(LiveInfoSchema, this.url.replace(/^ws/, 'http'))
      .then(() => this.connect())
      .catch((err: unknown) => {
        this.setStatus('absent');
        if (err instanceof ApiError && err.status === 404 && !this.closed)
          this.retry = setTimeout(() => this.start(), 60000);
      });
  }

  /** Drops the connection and starts again from a snapshot (the session changed). */
  private restart(): void {
    if (this.closed) return;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.lastSeq = null;
    const old = this.socket;
    this.socket = null;
    if (old) {
      old.onclose = null;
      old.close();
    }
    this.setStatus('connecting');
    this.start();
  }

  private connect(): void {
    if (this.closed) return;
    const url = this.lastSeq === null ? this.url : `${this.url}?since=${this.lastSeq}`;
    let opened = false;
    // Browsers cannot set headers on a WebSocket: the token rides as a subprotocol, never in the URL (server logs).
    const token = sessionToken();
    const socket = new WebSocket(url, token ? ['gridtwin.live', `gridtwin.token.${token}`] : []);
    this.socket = socket;
    socket.onopen = () => {
      opened = true;
      this.setStatus('open');
    };
    socket.onmessage = (e) => this.ingest(String(e.data));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      this.setStatus(opened ? 'connecting' : 'absent');
      this.retry = setTimeout(() => this.connect(), opened ? 2000 : 30000);
    };
  }

  /**
   * Takes one frame (JSON text or a parsed value; public for tests and the benchmark, which feed messages without a
   * server). A frame that does not match the live contract is dropped and counted; the next snapshot or delta
   * repairs the state.
   */
  ingest(frame: unknown): void {
    this.received++;
    const parsed = parseLiveMessage(frame);
    if (!parsed.ok) {
      this.rejected++;
      if (this.lastError === null) console.warn(parsed.error);
      this.lastError = parsed.error;
      return;
    }
    const message = parsed.message;
    this.lastSeq = message.seq;
    for (const s of message.sensors) {
      const previous = this.states.get(s.sensorId) ?? { state: 'unknown' as SensorState };
      const next: SensorLive = {
        ...previous,
        state:
          s.status === 'offline'
            ? 'offline'
            : previous.state === 'unknown' || previous.state === 'offline'
              ? 'normal'
              : previous.state,
        ts: s.ts,
      };
      if (s.value !== null) next.value = s.value;
      this.states.set(s.sensorId, next);
      this.dirty.add(s.sensorId);
    }
    if (this.dirty.size > 0 && !this.frame) this.frame = requestAnimationFrame(() => this.flush());
    const snapshot = message.type === 'snapshot';
    this.emit('message', message);
    if (snapshot || message.alerts.length > 0) this.emit('alerts', { snapshot, alerts: message.alerts });
    if (snapshot || message.events.length > 0) this.emit('events', { snapshot, events: message.events });
  }

  /** Calls `listener` with every `name` the feed tells (see {@link LiveFeedEvents}); answers what removes it. */
  on<K extends keyof LiveFeedEvents>(name: K, listener: (payload: LiveFeedEvents[K]) => void): () => void {
    const set = this.listeners[name] as Set<(payload: LiveFeedEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit<K extends keyof LiveFeedEvents>(name: K, payload: LiveFeedEvents[K]): void {
    for (const l of this.listeners[name] as Set<(payload: LiveFeedEvents[K]) => void>) {
      try {
        l(payload);
      } catch (err) {
        // One feature's bad day must not stop the scene's sensor updates or the other listeners.
        console.error(err);
      }
    }
  }

  private flush(): void {
    this.frame = 0;
    const changed = new Map<string, SensorLive>();
    for (const id of this.dirty) changed.set(id, this.states.get(id)!);
    this.dirty.clear();
    for (const l of this.frameListeners) l(changed);
  }

  /** The last known state of a sensor. */
  get(id: string): SensorLive | undefined {
    return this.states.get(id);
  }

  /** Called at most once per animation frame with the sensors that changed since the last call. */
  onFrame(listener: (changed: ReadonlyMap<string, SensorLive>) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private setStatus(status: LiveStatus): void {
    this.status = status;
    for (const l of this.statusListeners) l();
  }

  stop(): void {
    this.closed = true;
    this.offSession?.();
    if (this.retry) clearTimeout(this.retry);
    if (this.frame) cancelAnimationFrame(this.frame);
    this.socket?.close();
  }
}
