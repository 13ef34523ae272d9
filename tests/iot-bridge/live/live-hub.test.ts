import { afterEach, describe, expect, it } from 'vitest';
import { LiveHub, type LiveConnection } from '../../../iot-bridge/live/live-hub.js';
import type { Alert } from '../../../core/model/index.js';

class FakeConnection implements LiveConnection {
  messages: { type: string; seq: number; sensors: { sensorId: string; value: number | null }[] }[] = [];
  bufferedAmount = 0;
  send(text: string): void {
    this.messages.push(JSON.parse(text));
  }
}

describe('iot-bridge/live/live-hub', () => {
  let hub: LiveHub;
  afterEach(() => hub.close());

  it('sends a snapshot, then deltas with seq increasing by one, coalescing readings within a tick', () => {
    hub = new LiveHub({ tickMs: 1e9 });
    hub.value('a', 1000, 1);
    hub.tick();
    const c = new FakeConnection();
    hub.connect(c);
    hub.value('a', 2000, 2);
    hub.value('a', 3000, 3);
    hub.value('b', 3000, 7);
    hub.tick();
    hub.value('a', 2500, 99); // late: older than the latest, changes nothing
    hub.value('b', 4000, 8);
    hub.tick();
    expect(c.messages.map((m) => `${m.type}:${m.seq}`)).toEqual(['snapshot:1', 'delta:2', 'delta:3']);
    expect(c.messages[0]!.sensors).toEqual([{ sensorId: 'a', ts: 1000, value: 1, status: 'online' }]);
    expect(c.messages[1]!.sensors.map((s) => `${s.sensorId}=${s.value}`)).toEqual(['a=3', 'b=7']);
    expect(c.messages[2]!.sensors.map((s) => `${s.sensorId}=${s.value}`)).toEqual(['b=8']);
  });

  it('resumes from a seq with the missed deltas, or a snapshot when they are gone', () => {
    hub = new LiveHub({ tickMs: 1e9, historySize: 3 });
    for (let i = 1; i <= 6; i++) {
      hub.value('a', i, i);
      hub.tick();
    }
    const recent = new FakeConnection();
    hub.connect(recent, 4);
    expect(recent.messages.map((m) => `${m.type}:${m.seq}`)).toEqual(['delta:5', 'delta:6']);
    const old = new FakeConnection();
    hub.connect(old, 1);
    expect(old.messages.map((m) => `${m.type}:${m.seq}`)).toEqual(['snapshot:6']);
    expect(old.messages[0]!.sensors[0]!.value).toBe(6);
  });

  it('skips a slow client without holding others, then sends it the latest values as a snapshot', () => {
    hub = new LiveHub({ tickMs: 1e9, maxBufferedBytes: 1000 });
    const slow = new FakeConnection();
    const fast = new FakeConnection();
    hub.connect(slow);
    hub.connect(fast);
    slow.bufferedAmount = 5000;
    for (let i = 1; i <= 100; i++) {
      hub.value(`s${i % 10}`, i, i);
      hub.tick();
    }
    expect(fast.messages).toHaveLength(101);
    expect(slow.messages).toHaveLength(1); // only the first snapshot: nothing queued for it while it is slow
    slow.bufferedAmount = 0;
    hub.tick();
    const last = slow.messages.at(-1)!;
    expect(last.type).toBe('snapshot');
    expect(last.sensors).toHaveLength(10);
    expect(Math.max(...last.sensors.map((s) => s.value ?? 0))).toBe(100);
    expect(hub.counters.skippedSlow).toBe(1);
  });

  it('sends an alert change at once (not after the tick interval) and keeps a raise that was cleared within one tick', async () => {
    hub = new LiveHub({ tickMs: 1e9 });
    const c = new FakeConnection();
    hub.connect(c);
    const raised = { id: 'al-1', state: 'active' } as unknown as Alert;
    hub.alert(raised);
    hub.alert({ ...raised, state: 'cleared' } as Alert);
    expect(c.messages).toHaveLength(1); // not synchronously: the burst of work finishes first
    await new Promise((r) => setImmediate(r));
    expect(c.messages).toHaveLength(2);
    const delta = c.messages[1] as unknown as { type: string; alerts: { id: string; state: string }[] };
    expect(delta.type).toBe('delta');
    expect(delta.alerts.map((a) => `${a.id}:${a.state}`)).toEqual(['al-1:active', 'al-1:cleared']);
  });
});
