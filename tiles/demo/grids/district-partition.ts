import polygonClipping from 'polygon-clipping';
import { polygonize, segmentIntersection, type LabelledLine } from './polygonize.js';
import { planeArea, type PlaneMultiPolygon, type PlaneRing, type Xy } from './planar.js';

/** A boundary line between two districts: the district on its left and on its right (names as in OSM). */
export interface DistrictBoundaryLine {
  points: Xy[];
  left: string;
  right: string;
}

/** One district's share of the city box. */
export interface DistrictRegion {
  /** The district's name as the boundary lines give it (e.g. `浦东新区`). */
  name: string;
  polygon: PlaneMultiPolygon;
  areaM2: number;
}

/**
 * Cuts the city box along district boundary lines. Boundary lines often stop short of the box (they were clipped
 * to tiles), so each free end, an end no other line shares, is extended straight on until it meets another line
 * or the box. The faces of the resulting arrangement take the district named on their side of the boundary lines
 * that bound them; faces of one district are merged. Returns the districts sorted by name.
 */
export function partitionDistricts(box: PlaneRing, lines: readonly DistrictBoundaryLine[]): DistrictRegion[] {
  const boxLine: LabelledLine = { points: box };
  const endKey = (p: Xy): string => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
  const endCount = new Map<string, number>();
  for (const l of lines) {
    for (const p of [l.points[0]!, l.points[l.points.length - 1]!])
      endCount.set(endKey(p), (endCount.get(endKey(p)) ?? 0) + 1);
  }
  const obstacles: [Xy, Xy][] = [];
  for (const l of [...lines, boxLine])
    for (let i = 1; i < l.points.length; i++) obstacles.push([l.points[i - 1]!, l.points[i]!]);
  const extended: LabelledLine[] = lines.map((l) => {
    const pts = l.points.slice();
    if (pts.length >= 2 && endCount.get(endKey(pts[0]!)) === 1) {
      const x = extendEnd(pts[0]!, pts[1]!, obstacles);
      if (x) pts.unshift(x);
    }
    if (pts.length >= 2 && endCount.get(endKey(pts[pts.length - 1]!)) === 1) {
      const x = extendEnd(pts[pts.length - 1]!, pts[pts.length - 2]!, obstacles);
      if (x) pts.push(x);
    }
    return { points: pts, left: l.left, right: l.right };
  });
  const faces = polygonize([boxLine, ...extended]);
  const byName = new Map<string, PlaneMultiPolygon[]>();
  for (const f of faces) {
    // Keep only what lies inside the box (lines may wander outside it and close faces there).
    const inside = polygonClipping.intersection([f.ring], [box]) as PlaneMultiPolygon;
    if (inside.length === 0 || planeArea(inside) < 1) continue;
    const name = f.label ?? 'unlabelled';
    byName.set(name, [...(byName.get(name) ?? []), inside]);
  }
  return [...byName.keys()].sort().map((name) => {
    const parts = byName.get(name)!;
    const polygon = (
      parts.length === 1 ? parts[0]! : polygonClipping.union(parts[0]!, ...parts.slice(1))
    ) as PlaneMultiPolygon;
    return { name, polygon, areaM2: planeArea(polygon) };
  });
}

/** The point where a ray from `end` (continuing the direction `before -> end`) first meets an obstacle, or null. */
function extendEnd(end: Xy, before: Xy, obstacles: readonly [Xy, Xy][]): Xy | null {
  const dx = end[0] - before[0],
    dy = end[1] - before[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return null;
  const far: Xy = [end[0] + (dx / len) * 1e6, end[1] + (dy / len) * 1e6];
  let bestT = Infinity;
  for (const [a, b] of obstacles) {
    if ((a[0] === end[0] && a[1] === end[1]) || (b[0] === end[0] && b[1] === end[1])) continue;
    const hit = segmentIntersection(end, far, a, b);
    if (hit && hit[0] > 1e-12 && hit[0] < bestT) bestT = hit[0];
  }
  if (!Number.isFinite(bestT)) return null;
  return [end[0] + (far[0] - end[0]) * bestT, end[1] + (far[1] - end[1]) * bestT];
}
