import type { Utility } from '../../core/model/index.js';
import { leftNormal, offsetCorner, polylineLength, type Xy } from './plane-geometry.js';
import type { RoadClass, RoadGraph, RoadSegment } from './road-graph.js';

/**
 * Lateral position of each utility from the road centreline, m, positive to the left of the road's canonical
 * direction (west to east, or south to north when due north-south). Common Chinese street cross-sections: power and
 * telecom under the footways on opposite sides, heat beside power, water and gas under opposite sides of the
 * carriageway, sewer and storm either side of the centreline. Neighbours stand apart by their GB 50289 horizontal
 * clearance (table 4.1.9) plus the radii of the largest pipes the demo lays there (storm trunks up to DN3000, water
 * mains up to DN1200, 800 mm power banks), so parallel runs pass the clearance audit; minor roads are narrower.
 */
export const LATERAL_OFFSET_M: Record<Utility, Record<RoadClass, number>> = {
  power: { major: 11.5, minor: 8.5, pedestrian: 8.5 },
  heat: { major: 8.5, minor: 6, pedestrian: 6 },
  water: { major: 5.5, minor: 3.5, pedestrian: 3.5 },
  sewer: { major: 2, minor: 1.3, pedestrian: 1.3 },
  storm: { major: -2, minor: -1.3, pedestrian: -1.3 },
  gas: { major: -6, minor: -4, pedestrian: -4 },
  telecom: { major: -11, minor: -5.7, pedestrian: -5.7 },
};

/** +1 when a segment's from->to direction is the canonical one (eastward, or northward when due north-south). */
export function canonicalSign(seg: RoadSegment): 1 | -1 {
  const a = seg.points[0]!,
    b = seg.points[seg.points.length - 1]!;
  const dx = b[0] - a[0],
    dy = b[1] - a[1];
  return dx > 1e-9 || (Math.abs(dx) <= 1e-9 && dy >= 0) ? 1 : -1;
}

/**
 * Where each utility runs on each road: offset polylines in the ENU plane, meeting at junction corners that all
 * segments of a junction share, so a utility's runs join exactly at its junction nodes.
 */
export class UtilityLayout {
  private readonly corners = new Map<string, Xy>();
  private readonly paths = new Map<string, Xy[]>();

  constructor(readonly roads: RoadGraph) {}

  /** Signed offset (left of the segment's own from->to direction) of a utility on a segment, m. */
  offsetOn(utility: Utility, seg: RoadSegment): number {
    return canonicalSign(seg) * LATERAL_OFFSET_M[utility][seg.roadClass];
  }

  /** The point where a utility's runs meet at road node `node`. */
  junctionPoint(utility: Utility, node: number): Xy {
    const key = `${utility}:${node}`;
    const cached = this.corners.get(key);
    if (cached) return cached;
    const normals: Xy[] = [];
    const offsets: number[] = [];
    const topo = this.roads.topology;
    for (let k = topo.adjStart[node]!; k < topo.adjStart[node + 1]!; k++) {
      const seg = this.roads.segments[topo.adjLink[k]!]!;
      const pts = seg.points;
      // The edge of the segment touching this node gives the local road direction there.
      const atStart = seg.from === node;
      const a = atStart ? pts[0]! : pts[pts.length - 2]!;
      const b = atStart ? pts[1]! : pts[pts.length - 1]!;
      normals.push(leftNormal(a, b));
      offsets.push(this.offsetOn(utility, seg));
    }
    const p = normals.length > 0 ? offsetCorner(this.roads.nodes[node]!, normals, offsets) : this.roads.nodes[node]!;
    this.corners.set(key, p);
    return p;
  }

  /** The run of a utility along a segment, from its from-junction point to its to-junction point. */
  path(utility: Utility, segIndex: number): Xy[] {
    const key = `${utility}:${segIndex}`;
    const cached = this.paths.get(key);
    if (cached) return cached;
    const seg = this.roads.segments[segIndex]!;
    const o = this.offsetOn(utility, seg);
    const pts = seg.points;
    const out: Xy[] = [this.junctionPoint(utility, seg.from)];
    for (let i = 1; i < pts.length - 1; i++) {
      out.push(offsetCorner(pts[i]!, [leftNormal(pts[i - 1]!, pts[i]!), leftNormal(pts[i]!, pts[i + 1]!)], [o, o]));
    }
    out.push(this.junctionPoint(utility, seg.to));
    this.paths.set(key, out);
    return out;
  }

  /** Length of a utility's run along a segment, m. */
  pathLength(utility: Utility, segIndex: number): number {
    return polylineLength(this.path(utility, segIndex));
  }
}
