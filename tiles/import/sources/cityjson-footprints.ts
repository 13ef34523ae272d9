import type { GeoJsonFeature } from '../geojson-source.js';
import { CITYJSON_PROPS } from './cityjson.js';

/**
 * CityJSON objects as footprint + height features the buildings importer takes: the footprint is the object's
 * GroundSurface polygons (else its polygons lying at its lowest z), `height` its z extent, `min_height` 0 and
 * `ground_z` its lowest z. Exact for LoD1 blocks; LoD2 roof shapes are flattened to the roof's highest point (the
 * surfaces themselves are kept on the feature for a surface-preserving tiler).
 */
export function cityJsonFootprints(features: readonly GeoJsonFeature[]): GeoJsonFeature[] {
  const out: GeoJsonFeature[] = [];
  for (const f of features) {
    const polys = (f.geometry?.coordinates ?? []) as number[][][][];
    const surfaces = (f.properties?.[CITYJSON_PROPS.surfaces] ?? []) as (string | null)[];
    let minZ = Infinity,
      maxZ = -Infinity;
    for (const poly of polys)
      for (const ring of poly)
        for (const p of ring) {
          minZ = Math.min(minZ, p[2] ?? 0);
          maxZ = Math.max(maxZ, p[2] ?? 0);
        }
    if (!Number.isFinite(minZ)) continue;
    let ground = polys.filter((_, i) => surfaces[i] === 'GroundSurface');
    if (ground.length === 0)
      ground = polys.filter((poly) => poly[0]!.every((p) => Math.abs((p[2] ?? 0) - minZ) < 0.01));
    if (ground.length === 0) continue;
    out.push({
      type: 'Feature',
      ...(f.id !== undefined ? { id: f.id } : {}),
      geometry: {
        type: 'MultiPolygon',
        coordinates: ground.map((poly) => poly.map((ring) => closed(ring.map((p) => [p[0]!, p[1]!])))),
      },
      properties: { ...f.properties, height: maxZ - minZ, min_height: 0, ground_z: minZ },
    });
  }
  return out;
}

function closed(ring: number[][]): number[][] {
  const a = ring[0]!,
    b = ring[ring.length - 1]!;
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
}
