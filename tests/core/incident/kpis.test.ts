import { describe, expect, it } from 'vitest';
import { computeKpis, quantile } from '../../../core/incident/index.js';
import { H, makeEvent } from './event-factory.js';

// A hand-worked case. Window [0, 100 h), now 30 h.
// e1 report, cell-a, major (due 24 h): assigned 0, handling 1 h, resolved 10 h (on time), closed 12 h.
// e2 alert, cell-a, critical (due 2+4 = 6 h): assigned 3 h, handling 4 h, resolved 8 h (late), closed 20 h.
// e3 simulation, cell-b: assigned 7 h (2 h after discovery), still open.  e4 report, cell-b: only discovered.
// e5 is discovered at 200 h, outside the window.
const events = [
  makeEvent({
    id: 'e1',
    createdAt: 0,
    severity: 'major',
    steps: [
      ['assigned', 0],
      ['handling', 1 * H],
      ['resolved', 10 * H],
      ['closed', 12 * H],
    ],
  }),
  makeEvent({
    id: 'e2',
    createdAt: 2 * H,
    severity: 'critical',
    source: { kind: 'alert', alertId: 'a1', sensorId: 's1', rule: 'hi' },
    steps: [
      ['warned', 2 * H],
      ['assigned', 3 * H],
      ['handling', 4 * H],
      ['resolved', 8 * H],
      ['closed', 20 * H],
    ],
  }),
  makeEvent({
    id: 'e3',
    createdAt: 5 * H,
    severity: 'minor',
    gridId: 'cell-b',
    source: { kind: 'simulation', simulationId: 'sim1' },
    steps: [['assigned', 7 * H]],
  }),
  makeEvent({ id: 'e4', createdAt: 6 * H, gridId: 'cell-b' }),
  makeEvent({ id: 'e5', createdAt: 200 * H, steps: [['assigned', 200 * H]] }),
];

describe('core/incident/kpis', () => {
  it('quantile interpolates between the closest ranks', () => {
    expect(quantile([1, 2, 3, 10], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([1, 2, 3, 10], 0.9)).toBeCloseTo(7.9, 12);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('counts, rates and times match the hand-worked case', () => {
    const k = computeKpis(events, { fromMs: 0, toMs: 100 * H, nowMs: 30 * H });
    expect(k.found).toBe(4);
    expect(k.foundBySource).toEqual({ alert: 1, simulation: 1, report: 2 });
    expect([k.assigned, k.resolved, k.closed, k.open]).toEqual([3, 2, 2, 2]);
    expect(k.resolutionRate).toBe(0.5);
    expect(k.onTimeRate).toBe(0.5);
    // time to assign: 0, 3600, 7200 s; time to close: 12 h and 18 h.
    expect(k.timeToAssign).toEqual({ count: 3, medianS: 3600, p90S: 6480 });
    expect(k.timeToClose.count).toBe(2);
    expect(k.timeToClose.medianS).toBeCloseTo(54_000, 9);
    expect(k.timeToClose.p90S).toBeCloseTo(62_640, 9);
  });

  it('ranks grid cells by resolution rate', () => {
    const k = computeKpis(events, { fromMs: 0, toMs: 100 * H, nowMs: 30 * H });
    expect(k.grids.map((g) => [g.gridId, g.rank, g.found, g.resolved, g.resolutionRate])).toEqual([
      ['cell-a', 1, 2, 2, 1],
      ['cell-b', 2, 2, 0, 0],
    ]);
    expect(k.grids[0]!.onTimeRate).toBe(0.5);
    expect(k.grids[1]!.onTimeRate).toBeNull();
  });

  it('ignores transitions after now', () => {
    const k = computeKpis(events, { fromMs: 0, toMs: 100 * H, nowMs: 11 * H });
    expect([k.resolved, k.closed, k.open]).toEqual([2, 0, 2]);
    expect(k.timeToClose).toEqual({ count: 0, medianS: null, p90S: null });
  });

  it('answers nulls for an empty window and refuses a reversed one', () => {
    const k = computeKpis(events, { fromMs: 300 * H, toMs: 400 * H, nowMs: 500 * H });
    expect(k.found).toBe(0);
    expect(k.resolutionRate).toBeNull();
    expect(k.grids).toEqual([]);
    expect(() => computeKpis(events, { fromMs: 2, toMs: 1, nowMs: 3 })).toThrow(RangeError);
  });
});
