import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../core/model/index.js';
import { mergeAlerts, sortAlerts } from '../../../../viewer/features/alerts/alerts.state.js';

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

describe('viewer/features/alerts: merging and ordering live alert changes', () => {
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
});
