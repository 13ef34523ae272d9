import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveFeed, sensorUpdatesOf, type SensorLive } from '../../../viewer/live/live-feed.js';

describe('viewer/live/live-feed: merging live messages', () => {
  it('reads sensor updates from arrays, id-keyed objects, single readings and nested payloads', () => {
    expect(
      sensorUpdatesOf({
        type: 'snapshot',
        sensors: [{ sensorId: 's1', state: 'alarm', value: 7.5, ts: 1000 }],
        sensorStates: { s2: { state: 'warning', ts: '2026-01-01T00:00:00Z' } },
      }),
    ).toEqual([
      ['s1', { state: 'alarm', value: 7.5, ts: 1000 }],
      ['s2', { state: 'warning', ts: Date.parse('2026-01-01T00:00:00Z') }],
    ]);
    expect(sensorUpdatesOf({ type: 'reading', id: 's3', value: 2 })).toEqual([['s3', { value: 2 }]]);
    expect(sensorUpdatesOf({ type: 'delta', data: { changes: [{ sensorId: 's4', state: 'offline' }] } })).toEqual([
      ['s4', { state: 'offline' }],
    ]);
  });

  it('drops unknown states, non-numeric values and items without an id, and tolerates junk', () => {
    expect(
      sensorUpdatesOf({ sensors: [{ sensorId: 's1', state: 'on fire', value: '7' }, { state: 'alarm' }] }),
    ).toEqual([['s1', {}]]);
    for (const junk of [null, undefined, 42, 'text', [], { sensors: 'no' }]) expect(sensorUpdatesOf(junk)).toEqual([]);
  });

  describe('LiveFeed.ingest', () => {
    // The browser's frame clock, driven by the test: the feed must flush once per frame, not once per message.
    let frames: (() => void)[] = [];
    const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number };
    const saved = g.requestAnimationFrame;
    beforeEach(() => {
      frames = [];
      g.requestAnimationFrame = (cb) => frames.push(cb);
    });
    afterEach(() => {
      g.requestAnimationFrame = saved;
    });
    const nextFrame = () => frames.splice(0).forEach((f) => f());

    it('merges updates into the last state and coalesces a burst into one flush per frame', () => {
      const feed = new LiveFeed('ws://127.0.0.1:1/api/live');
      const flushes: Map<string, SensorLive>[] = [];
      feed.onFrame((changed) => flushes.push(new Map(changed)));
      feed.ingest({ type: 'snapshot', seq: 1, sensors: [{ sensorId: 'p1', state: 'normal', value: 300, ts: 1 }] });
      for (let i = 0; i < 500; i++) feed.ingest({ type: 'reading', sensorId: 'p1', value: 300 + i, ts: 2 + i });
      feed.ingest({ type: 'delta', seq: 2, changes: [{ sensorId: 'p2', value: 5 }] });
      expect(flushes).toHaveLength(0);
      expect(frames).toHaveLength(1);
      nextFrame();
      expect(flushes).toHaveLength(1);
      expect([...flushes[0]!.keys()].sort()).toEqual(['p1', 'p2']);
      expect(feed.get('p1')).toEqual({ state: 'normal', value: 799, ts: 501 });
      // A first value without a state makes an unknown sensor "normal"; a later state change keeps the last value.
      expect(feed.get('p2')).toEqual({ state: 'normal', value: 5 });
      feed.ingest({ type: 'delta', seq: 3, changes: [{ sensorId: 'p1', state: 'alarm' }] });
      nextFrame();
      expect(flushes).toHaveLength(2);
      expect([...flushes[1]!.keys()]).toEqual(['p1']);
      expect(feed.get('p1')).toEqual({ state: 'alarm', value: 799, ts: 501 });
      expect(feed.received).toBe(503);
    });

    it('schedules no frame for a message without sensor updates', () => {
      const feed = new LiveFeed('ws://127.0.0.1:1/api/live');
      feed.ingest({ type: 'delta', seq: 9, alerts: [] });
      expect(frames).toHaveLength(0);
      expect(feed.get('anything')).toBeUndefined();
    });
  });
});
