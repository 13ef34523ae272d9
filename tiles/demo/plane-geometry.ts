/** A point in the city's local ENU plane, metres east and north of the frame origin. */
export type Xy = [east: number, north: number];

/** Length of a polyline, m. */
export function polylineLength(points: readonly Xy[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++)
    sum += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  return sum;
}

/** The point at distance `d` along a polyline (clamped to its ends). */
export function pointAlong(points: readonly Xy[], d: number): Xy {
  let rest = Math.max(0, d);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!,
      b = points[i]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (rest <= len && len > 0) {
      const t = rest / len;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    rest -= len;
  }
  const last = points[points.length - 1]!;
  return [last[0], last[1]];
}

/**
 * The part of a polyline between distances `d0 < d1` along it, both end points included (interpolated), so
 * consecutive pieces share their cut points exactly.
 */
export function subPolyline(points: readonly Xy[], d0: number, d1: number): Xy[] {
  const out: Xy[] = [pointAlong(points, d0)];
  let acc = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!,
      b = points[i]!;
    acc += Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (i < points.length - 1 && acc > d0 + 1e-6 && acc < d1 - 1e-6) out.push([b[0], b[1]]);
  }
  out.push(pointAlong(points, d1));
  return out;
}

/** Nearest point of a polyline to `p`: the point, its distance along the line, and its distance from `p`. */
export function projectOnPolyline(points: readonly Xy[], p: Xy): { point: Xy; along: number; distance: number } {
  let best = { point: points[0]! as Xy, along: 0, distance: Infinity };
  let acc = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!,
      b = points[i]!;
    const dx = b[0] - a[0],
      dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
    const q: Xy = [a[0] + dx * t, a[1] + dy * t];
    const dist = Math.hypot(p[0] - q[0], p[1] - q[1]);
    if (dist < best.distance) best = { point: q, along: acc + Math.sqrt(len2) * t, distance: dist };
    acc += Math.sqrt(len2);
  }
  return best;
}

/** Distance from `p` to segment ab, m. */
export function distanceToSegment(p: Xy, a: Xy, b: Xy): number {
  return projectOnPolyline([a, b], p).distance;
}

/** Unit left normal of the direction a -> b ([0, 0] for a degenerate segment). */
export function leftNormal(a: Xy, b: Xy): Xy {
  const dx = b[0] - a[0],
    dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  return len > 0 ? [-dy / len, dx / len] : [0, 0];
}

/**
 * The point whose signed distance from each given line through `centre` (unit normal n_i) is `offset_i`, in the
 * least-squares sense with a small pull toward the plain normal offset: this is where parallel offset lines of the
 * roads meeting at a junction cross (the corner of the pipe run), and a plain offset at a straight or dead-end vertex.
 */
export function offsetCorner(centre: Xy, normals: readonly Xy[], offsets: readonly number[]): Xy {
  const eps = 0.02;
  let a = eps,
    b = 0,
    c = eps,
    rx = 0,
    ry = 0;
  let fallbackX = 0,
    fallbackY = 0;
  normals.forEach((n, i) => {
    const o = offsets[i]!;
    a += n[0] * n[0];
    b += n[0] * n[1];
    c += n[1] * n[1];
    rx += n[0] * o;
    ry += n[1] * o;
    fallbackX += (n[0] * o) / normals.length;
    fallbackY += (n[1] * o) / normals.length;
  });
  // Regularise toward the mean offset (not toward the centre) so a straight run keeps its full offset.
  rx += eps * fallbackX;
  ry += eps * fallbackY;
  const det = a * c - b * b;
  let x = (c * rx - b * ry) / det;
  let y = (a * ry - b * rx) / det;
  // Nearly parallel roads with different offsets would throw the corner far away: cap it.
  const maxOffset = 2.5 * Math.max(...offsets.map(Math.abs), 0.1);
  const r = Math.hypot(x, y);
  if (r > maxOffset) {
    x = (x / r) * maxOffset;
    y = (y / r) * maxOffset;
  }
  return [centre[0] + x, centre[1] + y];
}

/** Where segments ab and cd cross (strictly inside both), or null. */
function crossingPoint(a: Xy, b: Xy, c: Xy, d: Xy): Xy | null {
  const rx = b[0] - a[0],
    ry = b[1] - a[1],
    sx = d[0] - c[0],
    sy = d[1] - c[1];
  const denom = rx * sy - ry * sx;
  if (denom === 0) return null;
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / denom;
  const u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / denom;
  return t > 1e-9 && t < 1 - 1e-9 && u > 1e-9 && u < 1 - 1e-9 ? [a[0] + t * rx, a[1] + t * ry] : null;
}

/**
 * A polyline with its loops cut out: where two of its edges cross, the part between them is dropped and the line
 * goes on from the crossing. An offset line on the inside of a bend sharper than its offset allows folds back on
 * itself like this (its two ends stay).
 */
export function removeLoops(points: readonly Xy[]): Xy[] {
  let out = [...points];
  for (let guard = 0; guard < points.length; guard++) {
    let cut: { i: number; j: number; x: Xy } | null = null;
    for (let i = 0; i + 1 < out.length && !cut; i++)
      for (let j = out.length - 2; j > i + 1; j--) {
        const x = crossingPoint(out[i]!, out[i + 1]!, out[j]!, out[j + 1]!);
        if (x) {
          cut = { i, j, x };
          break;
        }
      }
    if (!cut) break;
    out = [...out.slice(0, cut.i + 1), cut.x, ...out.slice(cut.j + 1)];
  }
  return out;
}
