import type { Bbox, LonLat, MultiPolygonCoords } from '../../../core/model/index.js';
import { metresPerDegree } from '../../../core/geo/index.js';

/** A point in local planar metres (x east, y north). */
export type Xy = [number, number];
/** A closed ring of planar points (first repeated last), a polygon (outer ring then holes), a multipolygon. */
export type PlaneRing = Xy[];
export type PlanePolygon = PlaneRing[];
export type PlaneMultiPolygon = PlanePolygon[];

/**
 * An affine (equirectangular) map between WGS84 degrees and planar metres around a city's centre. Affine, so straight
 * cuts stay straight both ways and the same planar vertex always maps to the same degrees (shared vertices of
 * neighbouring cells stay bit-identical). Distortion within a few kilometres is far below a cell's size.
 */
export class PlanarFrame {
  readonly lon0: number;
  readonly lat0: number;
  readonly kx: number;
  readonly ky: number;
  private readonly bbox: Bbox;

  constructor(bbox: Bbox) {
    this.bbox = bbox;
    this.lon0 = (bbox[0] + bbox[2]) / 2;
    this.lat0 = (bbox[1] + bbox[3]) / 2;
    const k = metresPerDegree(this.lat0);
    this.kx = k.lon;
    this.ky = k.lat;
  }

  toXy(p: readonly number[]): Xy {
    return [(p[0]! - this.lon0) * this.kx, (p[1]! - this.lat0) * this.ky];
  }

  /** Planar metres to degrees; values within 1e-11 degrees of the bbox's edges snap onto them, so a tiling of
   * the box ends exactly on the bbox rather than a rounding error inside it. */
  toLonLat(p: Xy): LonLat {
    const snap = (v: number, lo: number, hi: number): number =>
      Math.abs(v - lo) < 1e-11 ? lo : Math.abs(v - hi) < 1e-11 ? hi : v;
    return [
      snap(this.lon0 + p[0] / this.kx, this.bbox[0], this.bbox[2]),
      snap(this.lat0 + p[1] / this.ky, this.bbox[1], this.bbox[3]),
    ];
  }

  multiPolygonToLonLat(mp: PlaneMultiPolygon): MultiPolygonCoords {
    return mp.map((poly) => poly.map((ring) => ring.map((p) => this.toLonLat(p))));
  }
}

/** Signed area of a planar ring, m² (positive counter-clockwise). */
export function planeRingArea(ring: readonly Xy[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return s / 2;
}

/** Area of a planar polygon with holes, m². */
export function planePolygonArea(poly: PlanePolygon): number {
  return poly.reduce((sum, ring, i) => sum + (i === 0 ? 1 : -1) * Math.abs(planeRingArea(ring)), 0);
}

/** Area of a planar multipolygon, m². */
export function planeArea(mp: PlaneMultiPolygon): number {
  return mp.reduce((sum, p) => sum + planePolygonArea(p), 0);
}

/** Bounding box `[minX, minY, maxX, maxY]` of a planar multipolygon. */
export function planeBbox(mp: PlaneMultiPolygon): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of mp)
    for (const ring of poly)
      for (const [x, y] of ring) {
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
      }
  return b;
}

/** Whether a planar point lies in a planar polygon (even-odd over all rings). */
export function planePointInPolygon(p: Xy, poly: PlanePolygon): boolean {
  let inside = false;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j]!,
        b = ring[i]!;
      if (a[1] > p[1] !== b[1] > p[1] && p[0] < a[0] + ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]))
        inside = !inside;
    }
  }
  return inside;
}

/**
 * Area of the part of a polygon on the side `(p - origin) . normal <= 0` of a line, m². Sutherland-Hodgman clipping
 * of each ring: exact in area even for concave rings, and cheap enough to search for a cut position.
 */
export function areaBehindLine(poly: PlanePolygon, origin: Xy, normal: Xy): number {
  let total = 0;
  poly.forEach((ring, r) => {
    let s = 0;
    let prev: Xy | null = null;
    let prevD = 0;
    let first: Xy | null = null;
    let last: Xy | null = null;
    const emit = (q: Xy): void => {
      if (last) s += last[0] * q[1] - q[0] * last[1];
      else first = q;
      last = q;
    };
    for (const p of ring) {
      const d = (p[0] - origin[0]) * normal[0] + (p[1] - origin[1]) * normal[1];
      if (prev !== null && prevD <= 0 !== d <= 0) {
        const t = prevD / (prevD - d);
        emit([prev[0] + (p[0] - prev[0]) * t, prev[1] + (p[1] - prev[1]) * t]);
      }
      if (d <= 0) emit(p);
      prev = p;
      prevD = d;
    }
    if (first && last) s += (last as Xy)[0] * (first as Xy)[1] - (first as Xy)[0] * (last as Xy)[1];
    total += (r === 0 ? 1 : -1) * Math.abs(s / 2);
  });
  return total;
}
