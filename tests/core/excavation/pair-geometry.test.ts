import { describe, expect, it } from 'vitest';
import {
  CROSSING_ANGLE_DEG,
  governingClearance,
  judgeSegmentPair,
  planAngleDeg,
  planApproach,
  projectedOverlapM,
  type AxisPoint,
} from '../../../core/excavation/index.js';
import { SeededRandom } from '../../../core/random/index.js';

const p = (x: number, y: number, z = 1.5): AxisPoint => ({ x, y, z });
const req = { horizontalM: 1.0, verticalM: 0.4 };

/** Brute force: the least plan distance between two segments, sampled densely on both. */
function bruteApproach(a: AxisPoint, b: AxisPoint, c: AxisPoint, d: AxisPoint): number {
  let best = Infinity;
  const n = 400;
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const x1 = a.x + t * (b.x - a.x),
      y1 = a.y + t * (b.y - a.y);
    for (let j = 0; j <= n; j++) {
      const u = j / n;
      best = Math.min(best, Math.hypot(x1 - (c.x + u * (d.x - c.x)), y1 - (c.y + u * (d.y - c.y))));
    }
  }
  return best;
}

describe('pair geometry', () => {
  it('finds the closest plan approach of two segments as brute force does, on random cases', () => {
    const rnd = new SeededRandom(7);
    const r = () => rnd.next() * 20 - 10;
    for (let k = 0; k < 60; k++) {
      const [a, b, c, d] = [p(r(), r()), p(r(), r()), p(r(), r()), p(r(), r())];
      const near = planApproach(a, b, c, d);
      const brute = bruteApproach(a, b, c, d);
      // Sampling finds a distance at most half a step (20 m / 400) above the exact one.
      expect(near.dist).toBeLessThanOrEqual(brute + 1e-9);
      expect(brute - near.dist).toBeLessThan(0.06);
      // The reported parameters give points that far apart.
      const q1 = [a.x + near.t * (b.x - a.x), a.y + near.t * (b.y - a.y)];
      const q2 = [c.x + near.u * (d.x - c.x), c.y + near.u * (d.y - c.y)];
      expect(Math.hypot(q1[0]! - q2[0]!, q1[1]! - q2[1]!)).toBeCloseTo(near.dist, 9);
    }
  });

  it('measures the acute plan angle and the overlap of projections', () => {
    expect(planAngleDeg(p(0, 0), p(10, 0), p(5, -5), p(5, 5))).toBeCloseTo(90, 9);
    expect(planAngleDeg(p(0, 0), p(10, 0), p(10, 1), p(0, 1))).toBeCloseTo(0, 9);
    expect(planAngleDeg(p(0, 0), p(10, 0), p(0, 0), p(10, 10))).toBeCloseTo(45, 9);
    expect(projectedOverlapM(p(0, 0), p(10, 0), p(4, 1), p(20, 1))).toBeCloseTo(6, 9);
    expect(projectedOverlapM(p(0, 0), p(10, 0), p(13, 1), p(20, 1))).toBeCloseTo(-3, 9);
  });

  it('governs side-by-side runs by the horizontal clearance and crossings or angled approaches by the vertical', () => {
    expect(governingClearance(p(0, 0), p(10, 0), p(0, 0.8), p(10, 0.8))).toBe('horizontal');
    // 20 degrees apart and overlapping: still side by side.
    const s20 = Math.tan((20 * Math.PI) / 180);
    expect(governingClearance(p(0, 0), p(10, 0), p(0, 0.5), p(10, 0.5 + 10 * s20))).toBe('horizontal');
    // Just over the crossing angle: a crossing, judged vertically.
    const s31 = Math.tan(((CROSSING_ANGLE_DEG + 1) * Math.PI) / 180);
    expect(governingClearance(p(0, 0), p(10, 0), p(0, -5 * s31), p(10, 5 * s31))).toBe('vertical');
    // End to end along the same line: one meets the other's end, not a run beside it.
    expect(governingClearance(p(0, 0), p(10, 0), p(10.5, 0), p(20, 0))).toBe('vertical');
  });

  it('judges a crossing on the vertical gap between the surfaces, whatever the plan', () => {
    // Axis depths 1.5 and 2.2, radii 0.1 and 0.15: gap 0.7 - 0.25 = 0.45 >= 0.4.
    expect(judgeSegmentPair(p(0, 0, 1.5), p(10, 0, 1.5), 0.1, p(5, -5, 2.2), p(5, 5, 2.2), 0.15, req)).toBeNull();
    const f = judgeSegmentPair(p(0, 0, 1.5), p(10, 0, 1.5), 0.1, p(5, -5, 2.0), p(5, 5, 2.0), 0.15, req);
    expect(f).toMatchObject({ kind: 'vertical', x: 5, y: 0 });
    expect(f!.distanceM).toBeCloseTo(0.25, 9);
  });

  it('judges runs side by side on the plan clear distance, whatever the depths', () => {
    // 1.2 m apart, radii 0.1 and 0.15: 0.95 < 1.0, although 2 m apart in depth.
    const f = judgeSegmentPair(p(0, 0, 1.5), p(10, 0, 1.5), 0.1, p(0, 1.2, 3.5), p(10, 1.2, 3.5), 0.15, req);
    expect(f?.kind).toBe('horizontal');
    expect(f!.distanceM).toBeCloseTo(0.95, 9);
    expect(judgeSegmentPair(p(0, 0), p(10, 0), 0.1, p(0, 1.3), p(10, 1.3), 0.15, req)).toBeNull();
  });

  it('passes an angled approach beyond the horizontal clearance in plan, even at the same depth', () => {
    // A pipe pointing at another, ending 1.5 m short: clear 1.25 >= 1.0.
    expect(judgeSegmentPair(p(0, 0), p(10, 0), 0.1, p(5, 1.5), p(5, 10), 0.15, req)).toBeNull();
    // Ending 0.5 m short at the same depth: within reach in plan, and no vertical gap.
    expect(judgeSegmentPair(p(0, 0), p(10, 0), 0.1, p(5, 0.5), p(5, 10), 0.15, req)?.kind).toBe('vertical');
  });
});
