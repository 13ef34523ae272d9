import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../../core/model/index.js';
import { mergeAlerts, sortAlerts } from '../../../../viewer/features/alerts/alerts.state.js';
import { liveChangesOf, onLiveMessage } from '../../../../viewer/features/events/live-messages.js';
import { LiveFeed } from '../../../../viewer/live/live-feed.js';

function alert(id: string, state: Alert['state'], raisedAt: number, updatedAt = raisedAt): Alert {
  return {
    id,
    sensorId: 'sen-p-j2',
    simulationId: null,
    rule: 'hi',
    severity: 'major',
    state,
    value: 700,
    threshold: 600,
    message: 'pressure high',
    gridId: 'g-cell-w',
    raisedAt,
    updatedAt,
    clearedAt: state === 'cleared' ? updatedAt : null,
  };
}

describe('viewer/features/events/live-messages and alerts merging', () => {
  it('takes alerts and events out of snapshots and deltas, skipping items without an id', () => {
    const a = alert('a1', 'active', 10);
    expect(
      liveChangesOf({ type: 'snapshot', alerts: [a, { id: 'x' }, null], events: [{ id: 'e1' }, { no: 1 }] }),
    ).toEqual({ snapshot: true, alerts: [a], events: [{ id: 'e1' }] });
    expect(liveChangesOf({ type: 'delta' })).toEqual({ snapshot: false, alerts: [], events: [] });
    for (const other of [null, 'delta', { type: 'reading' }, { alerts: [a] }]) expect(liveChangesOf(other)).toBeNull();
  });

  it('merges alert changes: cleared leaves, newer replaces, an older copy never overwrites a newer one', () => {
    const open = new Map<string, Alert>();
    mergeAlerts(open, [alert('a1', 'active', 10), alert('a2', 'active', 20)]);
    mergeAlerts(open, [alert('a1', 'acknowledged', 10, 30)]);
    expect(open.get('a1')!.state).toBe('acknowledged');
    // A late, stale delta (updated at 15) arrives after the acknowledgement (30): ignored.
    mergeAlerts(open, [alert('a1', 'active', 10, 15)]);
    expect(open.get('a1')!.state).toBe('acknowledged');
    mergeAlerts(open, [alert('a2', 'cleared', 20, 40)]);
    expect([...open.keys()]).toEqual(['a1']);
  });

  it('sorts active alerts first, then newest first, then by id', () => {
    const sorted = sortAlerts([
      alert('b', 'acknowledged', 50),
      alert('c', 'active', 10),
      alert('a', 'active', 10),
      alert('d', 'active', 30),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['d', 'a', 'c', 'b']);
  });

  describe('onLiveMessage', () => {
    const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number };
    const saved = g.requestAnimationFrame;
    beforeEach(() => {
      g.requestAnimationFrame = () => 1;
    });
    afterEach(() => {
      g.requestAnimationFrame = saved;
    });

    it('hands every message to each listener after the feed took it; a throwing listener hurts no one', () => {
      const feed = new LiveFeed('ws://127.0.0.1:1/api/live');
      const seen: unknown[] = [];
      const offBad = onLiveMessage(feed, () => {
        throw new Error('bad listener');
      });
      const off = onLiveMessage(feed, (m) => seen.push([m, feed.get('p1')?.value]));
      const message = { type: 'delta', sensors: [{ sensorId: 'p1', value: 4 }] };
      feed.ingest(message);
      expect(seen).toEqual([[message, 4]]);
      off();
      offBad();
      feed.ingest({ type: 'delta' });
      expect(seen).toHaveLength(1);
      expect(feed.received).toBe(2);
    });
  });
});
