/**
 * Exact distances between a buried element and an excavation, in a local metric frame (x east, y north, metres;
 * `z` is DEPTH below the ground surface, metres, positive downwards).
 *
 * The excavation is a prism: a plan region R (one or more rings, even-odd rule, so holes work) times the depth
 * interval [0, depth]. For a Cartesian product the distance of a point splits exactly:
 * dist((p, z), R x I)^2 = dist(p, R)^2 + dist(z, I)^2. Along a straight segment p(t) = a + t (b - a) both parts are
 * piecewise quadratic in t: the distance to one ring edge is quadratic while the foot of the perpendicular stays on
 * the same part of the edge (interior, or one end), and dist(z, I) is linear on three pieces. So the minimum over the
 * segment is found exactly by cutting [0, 1] at every breakpoint and minimising a quadratic on each piece.
 * A pipe is a polyline with a radius: its clear distance is max(0, axis distance - radius).
 */

/** A point of a buried element's axis: plan position (m) and depth of the axis below ground (m). */
export interface AxisPoint {
  x: number;
  y: number;
  z: number;
}

/** The plan region of a dig: rings of [x, y] in metres (closing vertex optional), even-odd rule. */
export type PlanRings = readonly (readonly (readonly [number, number])[])[];

/** An excavation prism, prepared once for many distance queries. */
export interface DigPrism {
  /** Ring edges as flat [ax, ay, bx, by, ...]. */
  readonly edges: Float64Array;
  readonly rings: PlanRings;
  readonly depthM: number;
  /** Plan bounding box [minX, minY, maxX, maxY]. */
  readonly bbox: readonly [number, number, number, number];
}

/** Prepares a prism from plan rings (metres) and a depth (m). */
export function digPrism(rings: PlanRings, depthM: number): DigPrism {
  if (!(depthM >= 0) || !Number.isFinite(depthM)) throw new RangeError(`depthM must be >= 0, got ${depthM}`);
  const flat: number[] = [];
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const ring of rings) {
    const n = ring.length;
    if (n < 3) throw new RangeError('a ring needs at least 3 vertices');
    for (let i = 0; i < n; i++) {
      const a = ring[i]!,
        b = ring[(i + 1) % n]!;
      minX = Math.min(minX, a[0]);
      minY = Math.min(minY, a[1]);
      maxX = Math.max(maxX, a[0]);
      maxY = Math.max(maxY, a[1]);
      if (a[0] === b[0] && a[1] === b[1]) continue; // closing vertex repeated
      flat.push(a[0], a[1], b[0], b[1]);
    }
  }
  return { edges: Float64Array.from(flat), rings, depthM, bbox: [minX, minY, maxX, maxY] };
}

/** Whether a plan point lies in the region (even-odd over all rings). */
export function insidePlan(prism: DigPrism, x: number, y: number): boolean {
  const e = prism.edges;
  let inside = false;
  for (let i = 0; i < e.length; i += 4) {
    const ax = e[i]!,
      ay = e[i + 1]!,
      bx = e[i + 2]!,
      by = e[i + 3]!;
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}

/** Squared plan distance from a point to the region's boundary. */
function boundaryDist2(prism: DigPrism, x: number, y: number): number {
  const e = prism.edges;
  let best = Infinity;
  for (let i = 0; i < e.length; i += 4)
    best = Math.min(best, pointSegmentDist2(x, y, e[i]!, e[i + 1]!, e[i + 2]!, e[i + 3]!));
  return best;
}

function pointSegmentDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let u = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  u = u < 0 ? 0 : u > 1 ? 1 : u;
  const qx = ax + u * dx - px,
    qy = ay + u * dy - py;
  return qx * qx + qy * qy;
}

/** Distance from a depth to the interval [0, depth]. */
function depthGap(z: number, depthM: number): number {
  return z < 0 ? -z : z > depthM ? z - depthM : 0;
}

/** Plan distance of a point to the region (0 inside). */
export function planDistance(prism: DigPrism, x: number, y: number): number {
  return insidePlan(prism, x, y) ? 0 : Math.sqrt(boundaryDist2(prism, x, y));
}

/** 3D distance of a point (plan x, y; depth z) to the prism (0 inside). */
export function pointPrismDistance(prism: DigPrism, x: number, y: number, z: number): number {
  const h = planDistance(prism, x, y);
  const v = depthGap(z, prism.depthM);
  return Math.sqrt(h * h + v * v);
}

/** Minimum over [lo, hi] of a function known to be quadratic there (fitted from three values). */
function minQuadratic(f: (t: number) => number, lo: number, hi: number): number {
  const f0 = f(lo),
    f1 = f(hi);
  if (hi - lo < 1e-12) return Math.min(f0, f1);
  const mid = (lo + hi) / 2;
  const fm = f(mid);
  // q(s) on s in [0, 1]: q(0)=f0, q(0.5)=fm, q(1)=f1 -> q(s) = A s^2 + B s + f0.
  const A = 2 * f1 - 4 * fm + 2 * f0;
  const B = 4 * fm - 3 * f0 - f1;
  let best = Math.min(f0, f1, fm);
  if (A > 0) {
    const s = -B / (2 * A);
    if (s > 0 && s < 1) best = Math.min(best, f(lo + s * (hi - lo)));
  }
  return best;
}

function pushIfInside(list: number[], t: number): void {
  if (t > 0 && t < 1 && Number.isFinite(t)) list.push(t);
}

function sortedUnique(ts: number[]): number[] {
  ts.sort((a, b) => a - b);
  const out: number[] = [];
  for (const t of ts) if (out.length === 0 || t - out[out.length - 1]! > 1e-12) out.push(t);
  return out;
}

/**
 * Squared 3D distance from segment a-b (depths included) to the prism, exact up to rounding. With `planOnly` the depth
 * is ignored (the plan distance of the segment to the region).
 */
export function segmentPrismDist2(prism: DigPrism, a: AxisPoint, b: AxisPoint, planOnly = false): number {
  const dx = b.x - a.x,
    dy = b.y - a.y,
    dz = b.z - a.z;
  const D = prism.depthM;
  const vAt = (t: number) => (planOnly ? 0 : depthGap(a.z + t * dz, D));
  // Depth breakpoints, shared by all pieces.
  const depthCuts: number[] = [];
  if (!planOnly && dz !== 0) {
    pushIfInside(depthCuts, (0 - a.z) / dz);
    pushIfInside(depthCuts, (D - a.z) / dz);
  }
  const e = prism.edges;
  let best = Infinity;
  // Where the segment crosses the region's boundary: between two crossings it is wholly inside or outside.
  const crossings: number[] = [0, 1];
  for (let i = 0; i < e.length; i += 4) {
    const ax = e[i]!,
      ay = e[i + 1]!,
      bx = e[i + 2]!,
      by = e[i + 3]!;
    const ex = bx - ax,
      ey = by - ay;
    const denom = dx * ey - dy * ex;
    if (denom !== 0) {
      const t = ((ax - a.x) * ey - (ay - a.y) * ex) / denom;
      const u = ((ax - a.x) * dy - (ay - a.y) * dx) / denom;
      if (t >= 0 && t <= 1 && u >= 0 && u <= 1) crossings.push(t);
    }
    // Outside part: distance to this edge plus the depth gap, quadratic between breakpoints.
    const len2 = ex * ex + ey * ey;
    const cuts = [0, 1, ...depthCuts];
    if (len2 > 0) {
      // u(t) = ((a + t d) - A) . E / |E|^2 is linear in t; the foot changes regime where u = 0 or u = 1.
      const u0 = ((a.x - ax) * ex + (a.y - ay) * ey) / len2;
      const du = (dx * ex + dy * ey) / len2;
      if (du !== 0) {
        pushIfInside(cuts, (0 - u0) / du);
        pushIfInside(cuts, (1 - u0) / du);
      }
    }
    const f = (t: number) => {
      const h2 = pointSegmentDist2(a.x + t * dx, a.y + t * dy, ax, ay, bx, by);
      const v = vAt(t);
      return h2 + v * v;
    };
    const ts = sortedUnique(cuts);
    for (let k = 0; k + 1 < ts.length; k++) best = Math.min(best, minQuadratic(f, ts[k]!, ts[k + 1]!));
  }
  // Inside parts: the plan distance is 0, only the depth gap counts.
  const cs = sortedUnique(crossings);
  for (let k = 0; k + 1 < cs.length; k++) {
    const lo = cs[k]!,
      hi = cs[k + 1]!;
    const mid = (lo + hi) / 2;
    if (!insidePlan(prism, a.x + mid * dx, a.y + mid * dy)) continue;
    const ts = sortedUnique([lo, hi, ...depthCuts.filter((t) => t > lo && t < hi)]);
    for (let j = 0; j + 1 < ts.length; j++) {
      best = Math.min(
        best,
        minQuadratic(
          (t) => {
            const v = vAt(t);
            return v * v;
          },
          ts[j]!,
          ts[j + 1]!,
        ),
      );
    }
    if (best === 0) return 0;
  }
  return best;
}

/** Clear distances of an element (axis polyline with a radius) to a dig. */
export interface ElementDistances {
  /** Plan distance from the element's outer surface to the dig region (0 when they overlap in plan). */
  horizontalM: number;
  /** True 3D clear distance from the element's outer surface to the dig solid (0 when the dig reaches it). */
  distanceM: number;
}

/**
 * Horizontal and 3D clear distances from an element (axis polyline, radius in m) to the prism. Segments whose plan box
 * lies farther than `cutoffM` from the dig's box are skipped (their distances exceed it): an element wholly beyond the
 * cutoff answers Infinity, one within it answers exact distances.
 */
export function elementDistances(
  prism: DigPrism,
  axis: readonly AxisPoint[],
  radiusM: number,
  cutoffM = Infinity,
): ElementDistances {
  let h2 = Infinity,
    d2 = Infinity;
  if (axis.length === 1) {
    const p = axis[0]!;
    h2 = planDistance(prism, p.x, p.y) ** 2;
    d2 = pointPrismDistance(prism, p.x, p.y, p.z) ** 2;
  }
  const [bx0, by0, bx1, by1] = prism.bbox;
  const reach = cutoffM + radiusM;
  for (let i = 0; i + 1 < axis.length; i++) {
    const a = axis[i]!,
      b = axis[i + 1]!;
    const gx = Math.max(0, Math.min(a.x, b.x) - bx1, bx0 - Math.max(a.x, b.x));
    const gy = Math.max(0, Math.min(a.y, b.y) - by1, by0 - Math.max(a.y, b.y));
    if (gx * gx + gy * gy > reach * reach) continue;
    h2 = Math.min(h2, segmentPrismDist2(prism, a, b, true));
    if (d2 > 0) d2 = Math.min(d2, segmentPrismDist2(prism, a, b));
  }
  return {
    horizontalM: Math.max(0, Math.sqrt(h2) - radiusM),
    distanceM: Math.max(0, Math.sqrt(d2) - radiusM),
  };
}
