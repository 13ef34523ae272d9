import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLEARANCE_TABLE,
  clearanceBetween,
  pairKey,
  resolveClearanceTable,
  trenchOutline,
} from '../../../core/excavation/index.js';
import { UTILITIES } from '../../../core/model/index.js';

describe('clearance table', () => {
  it('has a value for every pair of utilities, symmetric', () => {
    for (const a of UTILITIES)
      for (const b of UTILITIES) {
        expect(DEFAULT_CLEARANCE_TABLE.between[pairKey(a, b)], pairKey(a, b)).toBeDefined();
        expect(clearanceBetween(DEFAULT_CLEARANCE_TABLE, a, b)).toEqual(
          clearanceBetween(DEFAULT_CLEARANCE_TABLE, b, a),
        );
      }
    // GB 50289-2016 table 4.1.9: heat to power 2.0 m horizontal; 4.1.14: drainage under water supply 0.40 m.
    expect(clearanceBetween(DEFAULT_CLEARANCE_TABLE, 'power', 'heat').horizontalM).toBe(2.0);
    expect(clearanceBetween(DEFAULT_CLEARANCE_TABLE, 'water', 'sewer').verticalM).toBe(0.4);
  });

  it('applies a city override over the defaults, in either pair order', () => {
    const t = resolveClearanceTable({
      between: { 'water/gas': { horizontalM: 1.2 } },
      excavation: { gas: { horizontalM: 2 } },
    });
    expect(clearanceBetween(t, 'gas', 'water')).toEqual({ horizontalM: 1.2, verticalM: 0.15 });
    expect(t.excavation.gas).toEqual({ horizontalM: 2, verticalM: 0.5 });
    expect(t.excavation.water).toEqual(DEFAULT_CLEARANCE_TABLE.excavation.water);
    expect(resolveClearanceTable(null)).toBe(DEFAULT_CLEARANCE_TABLE);
  });
});

describe('trench outline', () => {
  it('buffers a bent line by half the width with round joins', () => {
    const out = trenchOutline(
      [
        [0, 0],
        [50, 0],
        [50, 30],
      ],
      2,
    );
    expect(out).toHaveLength(1);
    const ring = out[0]![0]!;
    let area = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
      area += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
    // 80 m of 2 m wide trench, plus the round ends (a 16-gon of radius 1 has area 3.06), less the overlap at the bend.
    expect(Math.abs(area / 2)).toBeGreaterThan(80 * 2);
    expect(Math.abs(area / 2)).toBeLessThan(80 * 2 + Math.PI + 1);
    // Every outline vertex lies on the buffer's boundary: 1 m (half the width) from the line, within the 16-gon's sag.
    const toLine = (x: number, y: number) =>
      Math.min(Math.hypot(x - Math.max(0, Math.min(50, x)), y), Math.hypot(x - 50, y - Math.max(0, Math.min(30, y))));
    for (const [x, y] of ring) {
      expect(toLine(x, y)).toBeLessThanOrEqual(1 + 1e-9);
      expect(toLine(x, y)).toBeGreaterThan(0.98);
    }
  });
});
