import type { SensorState } from '../engine/scene-colors.js';

/** The live state of one sensor, as /api/live reports it. */
export interface SensorLive {
  state: SensorState;
  value?: number;
  /** Epoch ms of the value. */
  ts?: number;
}

/** Connection status of the feed. */
export type LiveStatus = 'connecting' | 'open' | 'absent';

const STATES: ReadonlySet<string> = new Set(['normal', 'warning', 'alarm', 'offline', 'stale', 'unknown']);

type Item = { sensorId?: unknown; id?: unknown; state?: unknown; value?: unknown; ts?: unknown };

/** Pulls sensor updates out of a snapshot or delta message (DESIGN.md §4), tolerating the shapes it may take. */
export function sensorUpdatesOf(message: unknown): [string, Partial<SensorLive>][] {
  const m = message as Record<string, unknown> | null;
  if (!m || typeof m !== 'object') return [];
  const out: [string, Partial<SensorLive>][] = [];
  const take = (item: Item) => {
    const id = typeof item.sensorId === 'string' ? item.sensorId : typeof item.id === 'string' ? item.id : null;
    if (!id) return;
    const update: Partial<SensorLive> = {};
    if (typeof item.state === 'string' && STATES.has(item.state)) update.state = item.state as SensorState;
    if (typeof item.value === 'number') update.value = item.value;
    if (typeof item.ts === 'number') update.ts = item.ts;
    else if (typeof item.ts === 'string') update.ts = Date.parse(item.ts);
    out.push([id, update]);
  };
  for (const key of ['sensors', 'sensorStates', 'readings', 'changes']) {
    const list = m[key];
    if (Array.isArray(list)) list.forEach((i) => take(i as Item));
    else if (list && typeof list === 'object') {
      for (const [id, v] of Object.entries(list as Record<string, Item>)) take({ ...v, sensorId: id });
    }
  }
  if (m.type === 'reading' || m.type === 'sensor') take(m as Item);
  const data = m.data ?? m.payload;
  if (data && typeof data === 'object' && data !== m) out.push(...sensorUpdatesOf(data));
  return out;
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
  private socket: WebSocket | null = null;
  private frame = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private lastSeq: number | null = null;
  private closed = false;
  status: LiveStatus = 'connecting';
  /** Messages received, for the benchmark. */
  received = 0;

  constructor(private readonly url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live`) {}

  /** Probes /api/live over HTTP first, so a server without it costs one 404 and no failing WebSocket handshake. */
  start(): void {
    const httpUrl = this.url.replace(/^ws/, 'http');
    fetch(httpUrl, { headers: { accept: 'application/json' } })
      .then((r) => {
        if (r.status === 404) {
          this.setStatus('absent');
          if (!this.closed) this.retry = setTimeout(() => this.start(), 60000);
        } else this.connect();
      })
      .catch(() => this.setStatus('absent'));
  }

  private connect(): void {
    if (this.closed) return;
    const url = this.lastSeq === null ? this.url : `${this.url}?since=${this.lastSeq}`;
    let opened = false;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      opened = true;
      this.setStatus('open');
    };
    socket.onmessage = (e) => {
      try {
        this.ingest(JSON.parse(String(e.data)));
      } catch {
        // A malformed frame is dropped; the next snapshot or delta repairs the state.
      }
    };
    socket.onclose = () => {
      this.socket = null;
      if (this.closed) return;
      this.setStatus(opened ? 'connecting' : 'absent');
      this.retry = setTimeout(() => this.connect(), opened ? 2000 : 30000);
    };
  }

  /** Takes one message (exported for tests and the benchmark, which feed messages without a server). */
  ingest(message: unknown): void {
    this.received++;
    const seq = (message as { seq?: unknown } | null)?.seq;
    if (typeof seq === 'number') this.lastSeq = seq;
    for (const [id, update] of sensorUpdatesOf(message)) {
      const previous = this.states.get(id) ?? { state: 'unknown' as SensorState };
      this.states.set(id, {
        ...previous,
        ...update,
        state: update.state ?? (previous.state === 'unknown' ? 'normal' : previous.state),
      });
      this.dirty.add(id);
    }
    if (this.dirty.size > 0 && !this.frame) this.frame = requestAnimationFrame(() => this.flush());
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
    if (this.retry) clearTimeout(this.retry);
    if (this.frame) cancelAnimationFrame(this.frame);
    this.socket?.close();
  }
}
