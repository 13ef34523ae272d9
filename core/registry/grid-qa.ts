import Flatbush from 'flatbush';
import polygonClipping, { type MultiPolygon } from 'polygon-clipping';
import { bboxIntersects, bboxOf, multiPolygonAreaM2, ringAreaM2, ringCentroid } from '../geo/polygon.js';
import type { Bbox, Grid, LonLat, MultiPolygonCoords } from '../model/index.js';

/** One finding of the grid QA: what, which grids (by code), how large (m²) and where. */
export interface GridQaFinding {
  kind: 'overlap' | 'gap' | 'outside-city';
  codes: string[];
  areaM2: number;
  at: LonLat;
}

/** Slivers below this area (m²) are rounding between neighbours that share an edge, not findings. */
export const GRID_QA_MIN_AREA_M2 = 1;

function centroidOf(mp: MultiPolygon): LonLat {
  let best = mp[0]![0]!;
  let bestArea = 0;
  for (const p of mp) {
    const a = Math.abs(ringAreaM2(p[0]! as LonLat[]));
    if (a > bestArea) {
      bestArea = a;
      best = p[0]!;
    }
  }
  return ringCentroid(best as LonLat[]);
}

/**
 * Coordinates snapped to 1e-7 degrees (about 1 cm) for the overlay: neighbours that share an edge in the source
 * rarely share it to the last bit after a projection, and hairline cracks would join a gap to the outside.
 */
function snapped(mp: MultiPolygonCoords): MultiPolygon {
  const q = (v: number): number => Math.round(v * 1e7) / 1e7;
  return mp.map((poly) => poly.map((ring) => ring.map((p) => [q(p[0]), q(p[1])] as [number, number])));
}

const round = (p: LonLat): LonLat => [Number(p[0].toFixed(6)), Number(p[1].toFixed(6))];

/**
 * Checks the grids of each level against each other: overlaps between two grids of one level (area and where),
 * gaps (holes enclosed by the grids of a level, with area and where), and grids that lie wholly outside the city's
 * bbox. Grids of one level should tile their area: a point then lies in exactly one cell.
 */
export function checkGrids(grids: readonly Grid[], cityBbox: Bbox | null): GridQaFinding[] {
  const findings: GridQaFinding[] = [];
  const levels = new Map<string, Grid[]>();
  for (const g of grids) {
    const list = levels.get(g.level) ?? [];
    list.push(g);
    levels.set(g.level, list);
    if (cityBbox && !bboxIntersects(bboxOf(g.polygon), cityBbox))
      findings.push({ kind: 'outside-city', codes: [g.code], areaM2: g.areaM2, at: round(g.labelPosition) });
  }
  for (const list of levels.values()) {
    findings.push(...overlaps(list));
    findings.push(...gaps(list));
  }
  return findings;
}

function overlaps(list: readonly Grid[]): GridQaFinding[] {
  if (list.length < 2) return [];
  const boxes = list.map((g) => bboxOf(g.polygon));
  const index = new Flatbush(list.length);
  for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
  index.finish();
  const out: GridQaFinding[] = [];
  list.forEach((a, i) => {
    const b = boxes[i]!;
    for (const j of index.search(b[0], b[1], b[2], b[3])) {
      if (j <= i) continue;
      const other = list[j]!;
      let common: MultiPolygon;
      try {
        common = polygonClipping.intersection(snapped(a.polygon), snapped(other.polygon));
      } catch {
        continue;
      }
      if (common.length === 0) continue;
      const area = multiPolygonAreaM2(common as MultiPolygonCoords);
      if (area < GRID_QA_MIN_AREA_M2) continue;
      out.push({
        kind: 'overlap',
        codes: [a.code, other.code],
        areaM2: Math.round(area),
        at: round(centroidOf(common)),
      });
    }
  });
  return out;
}

function gaps(list: readonly Grid[]): GridQaFinding[] {
  if (list.length < 2) return [];
  let union: MultiPolygon;
  try {
    const [first, ...rest] = list.map((g) => snapped(g.polygon));
    union = polygonClipping.union(first!, ...rest);
  } catch {
    return [];
  }
  const out: GridQaFinding[] = [];
  for (const polygon of union) {
    for (const hole of polygon.slice(1)) {
      const area = Math.abs(ringAreaM2(hole as LonLat[]));
      if (area < GRID_QA_MIN_AREA_M2) continue;
      const at = round(ringCentroid(hole as LonLat[]));
      out.push({ kind: 'gap', codes: neighboursOf(list, hole as LonLat[]), areaM2: Math.round(area), at });
    }
  }
  return out;
}

/** The grids whose bbox touches a gap's ring: where to look. */
function neighboursOf(list: readonly Grid[], ring: LonLat[]): string[] {
  const box = bboxOf(ring);
  return list.filter((g) => bboxIntersects(bboxOf(g.polygon), box)).map((g) => g.code);
}
