import { pointInPolygon } from '../../core/geo/index.js';
import type { Building } from '../../core/model/index.js';

/** A building and a point inside it where a top-down camera and a click land on its roof. */
export interface RoofTarget {
  b: Building;
  lon: number;
  lat: number;
}

/**
 * The first single-footprint, ground-standing building taller than `minHeightM` (and passing `extra`) whose vertex
 * mean lies inside its own footprint: browser tests look straight down on that point to click or hover the roof.
 */
export function roofTarget(
  buildings: readonly Building[],
  minHeightM: number,
  extra: (b: Building) => boolean = () => true,
): RoofTarget | undefined {
  return buildings
    .filter((b) => b.footprint.length === 1 && b.baseHeightM === 0 && b.roofHeightM > minHeightM && extra(b))
    .map((b) => {
      const ring = b.footprint[0]![0]!.slice(0, -1);
      return {
        b,
        lon: ring.reduce((s, p) => s + p[0], 0) / ring.length,
        lat: ring.reduce((s, p) => s + p[1], 0) / ring.length,
      };
    })
    .find(({ b, lon, lat }) => pointInPolygon(lon, lat, b.footprint[0]!));
}
