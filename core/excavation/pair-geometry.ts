import type { Clearance } from './clearance-table.js';
import type { AxisPoint } from './prism-distance.js';

/**
 * How two buried segments stand to each other, and which clearance of GB 50289 governs them. The code sets a
 * horizontal clear distance for pipelines laid side by side (table 4.1.9) and a vertical one where one passes over
 * the other (table 4.1.14): a pipe crossing a street's corridor passes over or under the runs along it, at any plan
 * distance, so only its vertical gap matters there; two runs along the same street need their horizontal spacing
 * whatever their depths. Which case applies is read from the plan angle between the two segments.
 */

/** From this plan angle (degrees, acute) up, two segments cross or approach each other rather than run side by side. */
export const CROSSING_ANGLE_DEG = 30;

/** Two segments run side by side only where their projections overlap by more than this, m (end-to-end is not). */
export const MIN_PARALLEL_OVERLAP_M = 0.01;

/** Closest plan approach of segments AB and CD: distance, the midpoint between the closest points, and where on each. */
export interface PlanApproach {
  /** Plan distance between the axes, m (0 when they cross in plan). */
  dist: number;
  x: number;
  y: number;
  /** Parameter of the closest point on AB (0..1). */
  t: number;
  /** Parameter of the closest point on CD (0..1). */
  u: number;
}

type Xy = Pick<AxisPoint, 'x' | 'y'>;

/** Closest plan approach of two segments (exact: a crossing, or an endpoint projected on the other segment). */
export function planApproach(a: Xy, b: Xy, c: Xy, d: Xy): PlanApproach {
  const rx = b.x - a.x,
    ry = b.y - a.y,
    sx = d.x - c.x,
    sy = d.y - c.y;
  const denom = rx * sy - ry * sx;
  if (denom !== 0) {
    const t = ((c.x - a.x) * sy - (c.y - a.y) * sx) / denom;
    const u = ((c.x - a.x) * ry - (c.y - a.y) * rx) / denom;
    if (t >= 0 && t <= 1 && u >= 0 && u <= 1) return { dist: 0, x: a.x + t * rx, y: a.y + t * ry, t, u };
  }
  let best: PlanApproach | null = null;
  const consider = (p: Xy, o: Xy, ex: number, ey: number, fixed: number, pOnAb: boolean) => {
    const l2 = ex * ex + ey * ey;
    const v = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - o.x) * ex + (p.y - o.y) * ey) / l2));
    const qx = o.x + v * ex,
      qy = o.y + v * ey;
    const dist = Math.hypot(p.x - qx, p.y - qy);
    if (best === null || dist < best.dist)
      best = { dist, x: (p.x + qx) / 2, y: (p.y + qy) / 2, t: pOnAb ? fixed : v, u: pOnAb ? v : fixed };
  };
  consider(a, c, sx, sy, 0, true);
  consider(b, c, sx, sy, 1, true);
  consider(c, a, rx, ry, 0, false);
  consider(d, a, rx, ry, 1, false);
  return best!;
}

/** Acute plan angle between two segments, degrees (90 when either has no length: a point is not a run). */
export function planAngleDeg(a: Xy, b: Xy, c: Xy, d: Xy): number {
  const rx = b.x - a.x,
    ry = b.y - a.y,
    sx = d.x - c.x,
    sy = d.y - c.y;
  const lr = Math.hypot(rx, ry),
    ls = Math.hypot(sx, sy);
  if (lr === 0 || ls === 0) return 90;
  const cos = Math.min(1, Math.abs(rx * sx + ry * sy) / (lr * ls));
  return (Math.acos(cos) * 180) / Math.PI;
}

/** Length over which CD's projection on AB's line overlaps AB, m (negative: the gap between them along AB). */
export function projectedOverlapM(a: Xy, b: Xy, c: Xy, d: Xy): number {
  const rx = b.x - a.x,
    ry = b.y - a.y;
  const len = Math.hypot(rx, ry);
  if (len === 0) return 0;
  const tc = ((c.x - a.x) * rx + (c.y - a.y) * ry) / len;
  const td = ((d.x - a.x) * rx + (d.y - a.y) * ry) / len;
  return Math.min(len, Math.max(tc, td)) - Math.max(0, Math.min(tc, td));
}

/** Which clearance governs a pair of segments: `horizontal` side by side, `vertical` crossing or meeting at an angle. */
export function governingClearance(a: Xy, b: Xy, c: Xy, d: Xy): 'horizontal' | 'vertical' {
  if (planAngleDeg(a, b, c, d) >= CROSSING_ANGLE_DEG) return 'vertical';
  // Both ways: a short segment alongside a long one overlaps it even when the long one's projection on it is partial.
  const overlap = Math.max(projectedOverlapM(a, b, c, d), projectedOverlapM(c, d, a, b));
  return overlap > MIN_PARALLEL_OVERLAP_M ? 'horizontal' : 'vertical';
}

/** A pair of segments closer than their governing clearance: which one, and the clear distance found. */
export interface SegmentPairFinding {
  kind: 'horizontal' | 'vertical';
  /** Clear distance (plan for `horizontal`, vertical gap between the pipes' surfaces for `vertical`), m. */
  distanceM: number;
  x: number;
  y: number;
}

/**
 * Judges two buried segments (axes with depths, radii ra and rb, m) against the clearance of their utilities.
 * Side by side: the plan clear distance must reach the horizontal clearance. Crossing or meeting at an angle: only
 * where they come within the horizontal clearance in plan does one pass over the other there, and then the vertical
 * gap between their surfaces at the closest approach must reach the vertical clearance. Null when the pair is clear.
 */
export function judgeSegmentPair(
  a: AxisPoint,
  b: AxisPoint,
  ra: number,
  c: AxisPoint,
  d: AxisPoint,
  rb: number,
  required: Clearance,
): SegmentPairFinding | null {
  const near = planApproach(a, b, c, d);
  const planClear = near.dist - ra - rb;
  if (planClear >= required.horizontalM) return null;
  if (governingClearance(a, b, c, d) === 'horizontal')
    return { kind: 'horizontal', distanceM: planClear, x: near.x, y: near.y };
  const za = a.z + near.t * (b.z - a.z),
    zb = c.z + near.u * (d.z - c.z);
  const gap = Math.abs(za - zb) - ra - rb;
  return gap < required.verticalM ? { kind: 'vertical', distanceM: gap, x: near.x, y: near.y } : null;
}
