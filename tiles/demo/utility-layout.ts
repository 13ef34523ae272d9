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

/** Arms of one junction turning less than this from each other (degrees) are one road going through it. */
export const THROUGH_DEFLECTION_DEG = 45;

/** Unit direction of a segment leaving road node `node` (along its edge touching the node). */
function outward(seg: RoadSegment, node: number): Xy {
  const pts = seg.points;
  const atStart = seg.from === node;
  const a = atStart ? pts[0]! : pts[pts.length - 1]!;
  const b = atStart ? pts[1]! : pts[pts.length - 2]!;
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  return [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
}

/**
 * The direction each segment is read in (+1 from->to, -1 to->from) so that a road keeps its side through junctions:
 * at each junction the arms that continue each other (the straightest pairs, same name first) are chained into one
 * road, read one way along the chain. With a fixed compass rule a road running near the rule's turning direction
 * would swap sides at a junction for a metre of east-west drift, and every utility would cross every other there.
 */
export function throughRoadSigns(roads: RoadGraph): Int8Array {
  const topo = roads.topology;
  // partner[2*seg + (0 at from, 1 at to)] = the arm (same encoding) continuing this one through the junction.
  const partner = new Int32Array(roads.segments.length * 2).fill(-1);
  const end = (si: number, node: number) => 2 * si + (roads.segments[si]!.from === node ? 0 : 1);
  for (let v = 0; v < roads.nodes.length; v++) {
    const arms: { si: number; dir: Xy; name: string | undefined }[] = [];
    for (let k = topo.adjStart[v]!; k < topo.adjStart[v + 1]!; k++) {
      const seg = roads.segments[topo.adjLink[k]!]!;
      if (seg.from === seg.to) continue;
      arms.push({ si: seg.index, dir: outward(seg, v), name: seg.name });
    }
    const pairs: { i: number; j: number; score: number }[] = [];
    const cosLimit = Math.cos((THROUGH_DEFLECTION_DEG * Math.PI) / 180);
    for (let i = 0; i < arms.length; i++)
      for (let j = i + 1; j < arms.length; j++) {
        const straight = -(arms[i]!.dir[0] * arms[j]!.dir[0] + arms[i]!.dir[1] * arms[j]!.dir[1]);
        if (straight < cosLimit) continue;
        const sameName = arms[i]!.name !== undefined && arms[i]!.name === arms[j]!.name;
        pairs.push({ i, j, score: straight + (sameName ? 1 : 0) });
      }
    pairs.sort((x, y) => y.score - x.score);
    const used = new Set<number>();
    for (const { i, j } of pairs) {
      if (used.has(i) || used.has(j)) continue;
      used.add(i);
      used.add(j);
      const ei = end(arms[i]!.si, v),
        ej = end(arms[j]!.si, v);
      partner[ei] = ej;
      partner[ej] = ei;
    }
  }
  const sign = new Int8Array(roads.segments.length);
  for (const seg of roads.segments) {
    if (sign[seg.index] !== 0) continue;
    sign[seg.index] = canonicalSign(seg);
    // Walk the chain both ways: a partner arm at this segment's head must leave the junction the way we go on.
    const stack = [seg.index];
    while (stack.length > 0) {
      const si = stack.pop()!;
      for (const e of [0, 1]) {
        const p = partner[2 * si + e]!;
        if (p < 0) continue;
        const sj = p >> 1;
        if (sign[sj] !== 0) continue;
        // Reading si forward, its to-end (e = 1) flows into the junction, so the partner flows out of it: forward
        // when the partner's from-end is there (p & 1 = 0). At si's from-end it is the reverse.
        const forward = (e === 1) === ((p & 1) === 0);
        sign[sj] = (forward ? sign[si]! : -sign[si]!) as 1 | -1;
        stack.push(sj);
      }
    }
  }
  return sign;
}

/**
 * Where each utility runs on each road: offset polylines in the ENU plane, meeting at junction corners that all
 * segments of a junction share, so a utility's runs join exactly at its junction nodes.
 */
export class UtilityLayout {
  private readonly corners = new Map<string, Xy>();
  private readonly paths = new Map<string, Xy[]>();
  private readonly signs: Int8Array;

  constructor(readonly roads: RoadGraph) {
    this.signs = throughRoadSigns(roads);
  }

  /** Signed offset (left of the segment's own from->to direction) of a utility on a segment, m. */
  offsetOn(utility: Utility, seg: RoadSegment): number {
    return this.signs[seg.index]! * LATERAL_OFFSET_M[utility][seg.roadClass];
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
