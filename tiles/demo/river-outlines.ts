import type { EnuFrame } from '../../core/geo/index.js';
import type { MultiPolygonCoords } from '../../core/model/index.js';
import { unionFootprints } from '../import/building-pieces.js';
import type { RiverOutline } from './demo-context.js';
import { numberProp, polygonsOf, stringProp, type OsmFeature } from './osm-source.js';

/** Rivers big enough to take storm outfalls (Tilezen `area`, web-mercator m²). */
const MIN_RIVER_AREA = 500_000;

/**
 * Outlines of the large water bodies (Huangpu, Suzhou Creek) in the ENU plane, named. The tile pieces of each
 * river are united first, so the outline is the bank and not a tile edge in mid-stream.
 */
export function riverOutlines(water: readonly OsmFeature[], frame: EnuFrame): RiverOutline[] {
  const byName = new Map<string, MultiPolygonCoords[]>();
  for (const f of water) {
    const area = numberProp(f, 'area') ?? 0;
    if (area < MIN_RIVER_AREA || stringProp(f, 'kind') !== 'water') continue;
    const name = stringProp(f, 'name') ?? (area > 2_000_000 ? '黄浦江' : '苏州河');
    const polys = polygonsOf(f).filter((p) => p[0] && p[0].length >= 4) as MultiPolygonCoords;
    if (polys.length === 0) continue;
    const list = byName.get(name);
    if (list) list.push(polys);
    else byName.set(name, [polys]);
  }
  const out: RiverOutline[] = [];
  for (const [name, parts] of [...byName.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const poly of unionFootprints(parts)) {
      for (const ring of poly) {
        out.push({
          name,
          ring: ring.map(([lon, lat]) => {
            const e = frame.toEnu(lon, lat, 0);
            return [e[0], e[1]];
          }),
        });
      }
    }
  }
  return out;
}
