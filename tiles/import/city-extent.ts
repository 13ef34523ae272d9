import { bboxOf } from '../../core/geo/index.js';
import type { Bbox, City, CityBundle, LonLat } from '../../core/model/index.js';

/** Bundle parts an importer produces (everything but the city). */
export type BundleParts = Partial<Omit<CityBundle, 'city'>>;

/** WGS84 box around all positions of the parts, or null if they hold none. */
export function partsBbox(parts: BundleParts): Bbox | null {
  const points: LonLat[] = [];
  for (const b of parts.buildings ?? []) {
    const box = bboxOf(b.footprint);
    points.push([box[0], box[1]], [box[2], box[3]]);
  }
  for (const n of parts.nodes ?? []) points.push(n.position);
  for (const l of parts.links ?? []) points.push(...l.path);
  if (points.length === 0) return null;
  return bboxOf(points);
}

/** A new City record around imported data: centre of its box, empty attribution, created `now`. */
export function cityAround(id: string, name: string, bbox: Bbox, now: number): City {
  return {
    id,
    name,
    center: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2],
    bbox,
    groundElevationM: 0,
    attribution: [],
    seed: null,
    createdAt: Math.floor(now),
  };
}

/** The union of two boxes. */
export function unionBbox(a: Bbox, b: Bbox): Bbox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}
