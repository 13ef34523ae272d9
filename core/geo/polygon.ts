import type { Bbox, LonLat, MultiPolygonCoords, PolygonCoords, Ring } from '../model/index.js';
import { DEG_TO_RAD, WGS84_A, WGS84_E2 } from './ellipsoid.js';

/** Metres per degree of longitude and latitude at a latitude (ellipsoidal radii of curvature). */
export function metresPerDegree(latDeg: number): { lon: number; lat: number } {
  const s = Math.sin(latDeg * DEG_TO_RAD);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  const lon = (WGS84_A / w) * Math.cos(latDeg * DEG_TO_RAD) * DEG_TO_RAD;
  const lat = ((WGS84_A * (1 - WGS84_E2)) / (w * w * w)) * DEG_TO_RAD;
  return { lon, lat };
}

/** Signed area of a ring in square metres (positive when counter-clockwise), on the local tangent plane. */
export function ringAreaM2(ring: readonly LonLat[]): number {
  if (ring.length < 3) return 0;
  // Scale at the ring's mean latitude: the first vertex's latitude biased areas by up to 3e-4 across a city.
  let latSum = 0;
  for (const p of ring) latSum += p[1];
  const k = metresPerDegree(latSum / ring.length);
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!,
      b = ring[i]!;
    sum += a[0] * k.lon * (b[1] * k.lat) - b[0] * k.lon * (a[1] * k.lat);
  }
  return sum / 2;
}

/** Area of a polygon with holes, m². */
export function polygonAreaM2(polygon: PolygonCoords): number {
  let area = 0;
  polygon.forEach((ring, i) => {
    const a = Math.abs(ringAreaM2(ring));
    area += i === 0 ? a : -a;
  });
  return Math.max(0, area);
}

/** Area of a multipolygon, m². */
export function multiPolygonAreaM2(mp: MultiPolygonCoords): number {
  return mp.reduce((sum, p) => sum + polygonAreaM2(p), 0);
}

/** Whether a point lies inside a ring (even-odd rule; points exactly on an edge may go either way). */
export function pointInRing(lon: number, lat: number, ring: readonly LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0],
      yi = ring[i]![1],
      xj = ring[j]![0],
      yj = ring[j]![1];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies inside a polygon (in its outer ring and in none of its holes). */
export function pointInPolygon(lon: number, lat: number, polygon: PolygonCoords): boolean {
  if (!polygon[0] || !pointInRing(lon, lat, polygon[0])) return false;
  for (let h = 1; h < polygon.length; h++) if (pointInRing(lon, lat, polygon[h]!)) return false;
  return true;
}

/** Whether a point lies inside any polygon of a multipolygon. */
export function pointInMultiPolygon(lon: number, lat: number, mp: MultiPolygonCoords): boolean {
  return mp.some((p) => pointInPolygon(lon, lat, p));
}

/** Bounding box of any nested coordinate array. */
export function bboxOf(coords: readonly LonLat[] | readonly Ring[] | MultiPolygonCoords): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    } else if (Array.isArray(c)) for (const d of c) visit(d);
  };
  visit(coords);
  return box;
}

/** Area-weighted centroid of a ring's interior (falls back to the vertex mean for degenerate rings). */
export function ringCentroid(ring: readonly LonLat[]): LonLat {
  let a = 0,
    cx = 0,
    cy = 0;
  const x0 = ring[0]![0],
    y0 = ring[0]![1];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const ax = ring[j]![0] - x0,
      ay = ring[j]![1] - y0,
      bx = ring[i]![0] - x0,
      by = ring[i]![1] - y0;
    const f = ax * by - bx * ay;
    a += f;
    cx += (ax + bx) * f;
    cy += (ay + by) * f;
  }
  if (Math.abs(a) < 1e-18) {
    const n = ring.length;
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [x0 + cx / (3 * a), y0 + cy / (3 * a)];
}

/** Whether two boxes intersect (edges touching count). */
export function bboxIntersects(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}
