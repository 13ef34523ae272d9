import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveDelta, LiveSensorState, LiveSnapshot } from '../../../core/contracts/index.js';
import type { Alert } from '../../../core/model/index.js';
import { LiveFeed, type SensorLive } from '../../../viewer/live/live-feed.js';
import { parseLiveMessage } from '../../../viewer/live/live-message.js';

const alert: Alert = {
  id: 'al-1',
  sensorId: 's-1',
  simulationId: null,
  rule: 'hihi',
  severity: 'critical',
  state: 'active',
  value: 9,
  threshold: 5,
  message: 'level high',
  gridId: null,
  raisedAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  clearedAt: null,
};
const sensor = (sensorId: string, value: number | null, ts: number, status: LiveSensorState['status'] = 'online') => ({
  sensorId,
  ts,
  value,
  status,
});
const snapshot: LiveSnapshot = {
  type: 'snapshot',
  seq: 4,
  sensors: [sensor('s-1', 1.5, 1_700_000_000_000)],
  alerts: [alert],
  events: [],
};
const delta = (seq: number, patch: Partial<LiveDelta> = {}): LiveDelta => ({
  type: 'delta',
  seq,
  at: 1_700_000_001_000,
  sensors: [],
  alerts: [],
  events: [],
  ...patch,
});

describe('viewer/live/live-message', () => {
  it('reads the contract and refuses the shapes the viewer used to guess at, naming where they differ', () => {
    expect(parseLiveMessage(JSON.stringify(snapshot))).toEqual({ ok: true, message: snapshot });
    for (const guessed of [
      { type: 'delta', seq: 1, at: 1, readings: [{ id: 's-1', value: 2 }], alerts: [], events: [] },
      { type: 'reading', sensorId: 's-1', value: 2 },
      { ...snapshot, sensors: { 's-1': { value: 2 } } },
      { type: 'delta', data: { changes: [{ sensorId: 's4', state: 'offline' }] } },
    ]) {
      const refused = parseLiveMessage(guessed);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error).toMatch(/does not match its contract: \S+/);
    }
    expect(parseLiveMessage('{not json')).toEqual({ ok: false, error: '/api/live sent a frame that is not JSON' });
  });
});

describe('viewer/live/live-feed', () => {
  // The browser's frame clock, driven by the test: the feed must flush once per frame, not once per message.
  let frames: (() => void)[] = [];
  const g = globalThis as unknown as {
    requestAnimationFrame?: (cb: () => void) => number;
    cancelAnimationFrame?: () => void;
  };
  const saved = { raf: g.requestAnimationFrame, caf: g.cancelAnimationFrame };
  beforeEach(() => {
    frames = [];
    g.requestAnimationFrame = (cb) => frames.push(cb);
    g.cancelAnimationFrame = () => undefined;
  });
  afterEach(() => {
    g.requestAnimationFrame = saved.raf;
    g.cancelAnimationFrame = saved.caf;
  });
  const nextFrame = () => frames.splice(0).forEach((f) => f());

  it('merges updates into the last state and coalesces a burst into one flush per frame', () => {
    const feed = new LiveFeed('ws://127.0.0.1:1/api/live');
    const flushes: Map<string, SensorLive>[] = [];
    feed.onFrame((changed) => flushes.push(new Map(changed)));
    feed.ingest({ ...snapshot, seq: 1, sensors: [sensor('p1', 300, 1)] });
    for (let i = 0; i < 500; i++) feed.ingest(delta(2 + i, { sensors: [sensor('p1', 300 + i, 2 + i)] }));
    feed.ingest(delta(502, { sensors: [sensor('p2', 5, 600)] }));
    expect(flushes).toHaveLength(0);
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(flushes).toHaveLength(1);
    expect([...flushes[0]!.keys()].sort()).toEqual(['p1', 'p2']);
    expect(feed.get('p1')).toEqual({ state: 'normal', value: 799, ts: 501 });
    // A first value makes an unknown sensor "normal"; going offline keeps the last value; back online is normal.
    expect(feed.get('p2')).toEqual({ state: 'normal', value: 5, ts: 600 });
    feed.ingest(delta(503, { sensors: [sensor('p1', null, 700, 'offline')] }));
    nextFrame();
    expect(flushes).toHaveLength(2);
    expect([...flushes[1]!.keys()]).toEqual(['p1']);
    expect(feed.get('p1')).toEqual({ state: 'offline', value: 799, ts: 700 });
    feed.ingest(delta(504, { sensors: [sensor('p1', 800, 800, 'online')] }));
    expect(feed.get('p1')).toEqual({ state: 'normal', value: 800, ts: 800 });
    expect(feed.received).toBe(504);
    feed.stop();
  });

  it('schedules no frame for a message without sensor updates', () => {
    const feed = new LiveFeed('ws://127.0.0.1:1/api/live');
    feed.ingest(delta(9));
    expect(frames).toHaveLength(0);
    expect(feed.get('anything')).toBeUndefined();
  });

  it('tells alert and event listeners, stops after unsubscribing, and drops frames off the contract', () => {
    const feed = new LiveFeed('ws://127.0.0.1:1/api/live');
    const alerts: { snapshot: boolean; ids: string[] }[] = [];
    const events: number[] = [];
    const offBad = feed.on('alerts', () => {
      throw new Error('a bad listener hurts no one');
    });
    const off = feed.on('alerts', (a) => alerts.push({ snapshot: a.snapshot, ids: a.alerts.map((x) => x.id) }));
    feed.on('events', (e) => events.push(e.events.length));
    const errors = console.error;
    console.error = () => undefined;
    try {
      feed.ingest(JSON.stringify(snapshot));
      feed.ingest(delta(5, { sensors: [sensor('s-1', 2.5, 1_700_000_002_000, 'offline')] }));
      feed.ingest(delta(6, { alerts: [{ ...alert, state: 'cleared', clearedAt: 1_700_000_003_000 }] }));
    } finally {
      console.error = errors;
    }
    off();
    offBad();
    feed.ingest(delta(7, { alerts: [alert] }));
    const warn = console.warn;
    console.warn = () => undefined;
    feed.ingest({ type: 'delta', seq: 8, sensors: [{ id: 's-1', value: 99 }] });
    console.warn = warn;
    expect(alerts).toEqual([
      { snapshot: true, ids: ['al-1'] },
      { snapshot: false, ids: ['al-1'] },
    ]);
    expect(events).toEqual([0]); // the snapshot's (empty) open set; deltas without events say nothing
    expect(feed.received).toBe(5);
    expect(feed.rejected).toBe(1);
    expect(feed.lastError).toMatch(/does not match its contract/);
    expect(feed.get('s-1')).toEqual({ state: 'offline', value: 2.5, ts: 1_700_000_002_000 });
    feed.stop();
  });
});
