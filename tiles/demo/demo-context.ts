import Flatbush from 'flatbush';
import type { EnuFrame } from '../../core/geo/index.js';
import { multiPolygonAreaM2, ringCentroid } from '../../core/geo/index.js';
import type { Building } from '../../core/model/index.js';
import type { SeededRandom } from '../../core/random/index.js';
import { projectOnPolyline, type Xy } from './plane-geometry.js';
import type { RoadGraph } from './road-graph.js';
import type { UtilityLayout } from './utility-layout.js';

/** A building as the network generators see it: where it stands and which road serves it. */
export interface BuildingSite {
  readonly building: Building;
  /** Centroid of the largest footprint polygon, ENU. */
  readonly centre: Xy;
  /** Outer rings of the footprint, ENU. */
  readonly rings: Xy[][];
  readonly footprintM2: number;
  /** Road segment the building is served from (the nearest). */
  readonly segment: number;
  /** Distance from the centroid to that road's centreline, m. */
  readonly roadDistanceM: number;
}

/** A river's water area outline in the ENU plane. */
export interface RiverOutline {
  readonly name: string;
  readonly ring: Xy[];
}

/** What every network generator shares. */
export interface DemoContext {
  readonly frame: EnuFrame;
  readonly roads: RoadGraph;
  readonly layout: UtilityLayout;
  readonly groundM: number;
  readonly seed: number;
  /** The seed's root generator; each network forks its own stream from it. */
  readonly random: SeededRandom;
  /** Buildings that get connections (roots and stand-alone parts; parts of a root are served through the root). */
  readonly sites: BuildingSite[];
  /** River banks (Huangpu, Suzhou Creek) as ENU rings, for storm outfalls. */
  readonly rivers: RiverOutline[];
}

/** Indexes road segments for nearest-segment queries (bounding boxes padded by `padM`). */
export function segmentIndex(
  roads: RoadGraph,
  pathOf: (seg: number) => readonly Xy[] = (s) => roads.segments[s]!.points,
): Flatbush {
  const index = new Flatbush(Math.max(1, roads.segments.length));
  for (const s of roads.segments) {
    const pts = pathOf(s.index);
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (const p of pts) {
      x0 = Math.min(x0, p[0]);
      y0 = Math.min(y0, p[1]);
      x1 = Math.max(x1, p[0]);
      y1 = Math.max(y1, p[1]);
    }
    index.add(x0, y0, x1, y1);
  }
  index.finish();
  return index;
}

/** The nearest segment to a point (ties to the lower index) and its projection. */
export function nearestSegment(
  index: Flatbush,
  roads: RoadGraph,
  p: Xy,
  pathOf: (seg: number) => readonly Xy[] = (s) => roads.segments[s]!.points,
): { segment: number; along: number; distance: number; point: Xy } {
  const candidates = index.neighbors(p[0], p[1], 12).sort((a, b) => a - b);
  let best = { segment: -1, along: 0, distance: Infinity, point: p as Xy };
  for (const s of candidates) {
    const proj = projectOnPolyline(pathOf(s), p);
    if (proj.distance < best.distance - 1e-9)
      best = { segment: s, along: proj.along, distance: proj.distance, point: proj.point };
  }
  return best;
}

/** Builds the served building sites: footprint in ENU and nearest road segment. */
export function buildSites(buildings: readonly Building[], roads: RoadGraph, frame: EnuFrame): BuildingSite[] {
  const index = segmentIndex(roads);
  const sites: BuildingSite[] = [];
  for (const b of buildings) {
    if (b.attributes.rootId) continue;
    const polys = [...b.footprint].sort((p, q) => multiPolygonAreaM2([q]) - multiPolygonAreaM2([p]));
    const [lon, lat] = ringCentroid(polys[0]![0]!);
    const c = frame.toEnu(lon, lat, 0);
    const centre: Xy = [c[0], c[1]];
    const rings = b.footprint.map((poly) =>
      poly[0]!.map(([x, y]) => {
        const e = frame.toEnu(x, y, 0);
        return [e[0], e[1]] as Xy;
      }),
    );
    const near = nearestSegment(index, roads, centre);
    sites.push({
      building: b,
      centre,
      rings,
      footprintM2: multiPolygonAreaM2(b.footprint),
      segment: near.segment,
      roadDistanceM: near.distance,
    });
  }
  return sites;
}

/** The point of a building's footprint outline nearest to `p` (where a service line meets the wall). */
export function nearestWallPoint(site: BuildingSite, p: Xy): Xy {
  let best: Xy = site.centre,
    bestD = Infinity;
  for (const ring of site.rings) {
    const proj = projectOnPolyline(ring, p);
    if (proj.distance < bestD) {
      bestD = proj.distance;
      best = proj.point;
    }
  }
  return best;
}
