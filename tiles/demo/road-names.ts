import type { EnuFrame } from '../../core/geo/enu.js';
import type { Attributes, LonLat, NetworkLink, NetworkNode } from '../../core/model/index.js';
import { distanceToSegment, type Xy } from './plane-geometry.js';
import type { RoadGraph } from './road-graph.js';

/** How far from a named road an asset may lie and still be named by it, m. */
const MAX_ROAD_DISTANCE_M = 60;
const CELL_M = 100;

/**
 * Names network assets by the nearest named road (within 60 m), so the UI can say "valve on 世纪大道 / Century
 * Avenue" instead of an id: sets `attributes.road` (Chinese, as OSM `name`) and `attributes.roadEn` (OSM `name:en`).
 * A grid of 100 m cells keeps it linear in the number of assets.
 */
export function nameAssetsByRoad(
  roads: RoadGraph,
  frame: EnuFrame,
  nodes: NetworkNode[],
  links: NetworkLink[],
): { named: number; total: number } {
  const cells = new Map<string, { a: Xy; b: Xy; name: string; nameEn?: string }[]>();
  const key = (x: number, y: number) => `${Math.floor(x / CELL_M)},${Math.floor(y / CELL_M)}`;
  for (const s of roads.segments) {
    if (!s.name) continue;
    for (let i = 1; i < s.points.length; i++) {
      const a = s.points[i - 1]!;
      const b = s.points[i]!;
      const piece = { a, b, name: s.name, ...(s.nameEn ? { nameEn: s.nameEn } : {}) };
      // Register the piece in every cell its bounding box touches.
      for (let cx = Math.floor(Math.min(a[0], b[0]) / CELL_M); cx <= Math.floor(Math.max(a[0], b[0]) / CELL_M); cx++)
        for (
          let cy = Math.floor(Math.min(a[1], b[1]) / CELL_M);
          cy <= Math.floor(Math.max(a[1], b[1]) / CELL_M);
          cy++
        ) {
          const k = `${cx},${cy}`;
          const list = cells.get(k);
          if (list) list.push(piece);
          else cells.set(k, [piece]);
        }
    }
  }
  const nearest = (lonLat: LonLat) => {
    const e = frame.toEnu(lonLat[0], lonLat[1], 0);
    const p: Xy = [e[0], e[1]];
    const [cx, cy] = key(p[0], p[1]).split(',').map(Number) as [number, number];
    let best: { name: string; nameEn?: string } | null = null;
    let bestD = MAX_ROAD_DISTANCE_M;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const piece of cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          const d = distanceToSegment(p, piece.a, piece.b);
          if (d < bestD) {
            bestD = d;
            best = piece;
          }
        }
    return best;
  };
  let named = 0;
  const name = (attributes: Attributes, at: LonLat) => {
    const road = nearest(at);
    if (!road) return;
    attributes.road = road.name;
    if (road.nameEn) attributes.roadEn = road.nameEn;
    named++;
  };
  for (const n of nodes) name(n.attributes, n.position);
  for (const l of links) {
    const mid = l.path[Math.floor(l.path.length / 2)] ?? l.path[0];
    if (mid) name(l.attributes, [mid[0], mid[1]]);
  }
  return { named, total: nodes.length + links.length };
}
