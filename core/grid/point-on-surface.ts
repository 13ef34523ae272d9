import type { LineCoords, LonLat, MultiPolygonCoords, PolygonCoords } from '../model/index.js';
import { bboxOf, localDistanceM, pointInPolygon, polygonAreaM2, ringCentroid } from '../geo/index.js';

/**
 * A point guaranteed to lie inside a polygon (for labels, and to place a building in a grid cell): the centroid of
 * the outer ring when it is inside, else the middle of the widest interior span of a horizontal scan line.
 * Returns the first vertex for a degenerate polygon.
 */
export function polygonPointOnSurface(polygon: PolygonCoords): LonLat {
  const outer = polygon[0];
  if (!outer || outer.length === 0) throw new RangeError('polygon has no outer ring');
  const c = ringCentroid(outer);
  if (pointInPolygon(c[0], c[1], polygon)) return c;
  const [, south, , north] = bboxOf(outer);
  // Try the centroid's latitude first, then a few others, so odd shapes still get an interior point.
  for (const lat of [
    c[1],
    south + (north - south) * 0.5,
    south + (north - south) * 0.25,
    south + (north - south) * 0.75,
  ]) {
    const xs: number[] = [];
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[j]!,
          b = ring[i]!;
        if (a[1] > lat !== b[1] > lat) xs.push(a[0] + ((b[0] - a[0]) * (lat - a[1])) / (b[1] - a[1]));
      }
    }
    xs.sort((p, q) => p - q);
    let best: LonLat | null = null;
    let bestWidth = 0;
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const w = xs[k + 1]! - xs[k]!;
      if (w > bestWidth) {
        bestWidth = w;
        best = [(xs[k]! + xs[k + 1]!) / 2, lat];
      }
    }
    if (best) return best;
  }
  return [outer[0]![0], outer[0]![1]];
}

/** A point inside the largest part of a multipolygon (see {@link polygonPointOnSurface}). */
export function pointOnSurface(mp: MultiPolygonCoords): LonLat {
  if (mp.length === 0) throw new RangeError('multipolygon has no parts');
  let largest = mp[0]!;
  let largestArea = -1;
  for (const p of mp) {
    const a = polygonAreaM2(p);
    if (a > largestArea) {
      largestArea = a;
      largest = p;
    }
  }
  return polygonPointOnSurface(largest);
}

/** The point halfway along a polyline by length (metres on the local tangent plane). */
export function polylineMidpoint(path: LineCoords | readonly LonLat[]): LonLat {
  if (path.length === 0) throw new RangeError('path is empty');
  if (path.length === 1) return [path[0]![0], path[0]![1]];
  const lengths: number[] = [];
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    const d = localDistanceM(path[i - 1]![0], path[i - 1]![1], path[i]![0], path[i]![1]);
    lengths.push(d);
    total += d;
  }
  let remaining = total / 2;
  for (let i = 1; i < path.length; i++) {
    const d = lengths[i - 1]!;
    if (remaining <= d && d > 0) {
      const t = remaining / d;
      const a = path[i - 1]!,
        b = path[i]!;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    remaining -= d;
  }
  const last = path[path.length - 1]!;
  return [last[0], last[1]];
}
