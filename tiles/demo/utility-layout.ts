import type { Utility } from '../../core/model/index.js';
import { leftNormal, offsetCorner, polylineLength, removeLoops, type Xy } from './plane-geometry.js';
import type { RoadClass, RoadGraph, RoadSegment } from './road-graph.js';

/**
 * Lateral position of each utility from the road centreline, m, positive to the left of the road's canonical
 * direction (west to east, or south to north when due north-south). Common Chinese street cross-sections: power and
 * telecom under the footways on opposite sides, heat beside power, water and gas under opposite sides of the
 * carriageway, sewer and storm either side of the centreline. Neighbours stand apart by their GB 50289 horizontal
 * clearance (table 4.1.9) plus the radii of the largest pipes the demo lays there (storm trunks up to DN3000, water
 * mains up to DN1200, 800 mm power banks), so parallel runs pass the clearance audit; minor roads are narrower. No pair
 * stands at exactly its clearance: positions stored to the millimetre would fall short of it (heat on minor roads is
 * 2.7 m from power, 2 m plus the 300 mm and 200 mm radii and a margin).
 */
export const LATERAL_OFFSET_M: Record<Utility, Record<RoadClass, number>> = {
  power: { major: 11.5, minor: 8.5, pedestrian: 8.5 },
  heat: { major: 8.5, minor: 5.8, pedestrian: 5.8 },
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

/** The through roads of a road graph: how each segment is read, and which arms continue each other at junctions. */
export interface ThroughRoads {
  /** Per segment: +1 read from->to, -1 to->from, so that a road keeps its side through junctions. */
  readonly sign: Int8Array;
  /** Per arm (2·segment + 0 at its from end, 1 at its to end): the arm continuing it through the junction, or -1. */
  readonly partner: Int32Array;
  /** Per road node v: the two arms of the junction's main through road at 2v and 2v + 1, or -1 (a dead end). */
  readonly main: Int32Array;
}

const CLASS_RANK: Record<RoadClass, number> = { major: 3, minor: 2, pedestrian: 1 };

/**
 * The direction each segment is read in (+1 from->to, -1 to->from) so that a road keeps its side through junctions:
 * at each junction the arms that continue each other (the straightest pairs, same name first) are chained into one
 * road, read one way along the chain. With a fixed compass rule a road running near the rule's turning direction
 * would swap sides at a junction for a metre of east-west drift, and every utility would cross every other there.
 * Every junction of two or more arms gets a main through road (its highest-class straightest pair, paired even when
 * it bends more than {@link THROUGH_DEFLECTION_DEG}): the other arms' lanes join it (see {@link UtilityLayout}).
 */
export function throughRoads(roads: RoadGraph): ThroughRoads {
  const topo = roads.topology;
  // partner[2*seg + (0 at from, 1 at to)] = the arm (same encoding) continuing this one through the junction.
  const partner = new Int32Array(roads.segments.length * 2).fill(-1);
  const main = new Int32Array(roads.nodes.length * 2).fill(-1);
  const end = (si: number, node: number) => 2 * si + (roads.segments[si]!.from === node ? 0 : 1);
  for (let v = 0; v < roads.nodes.length; v++) {
    const arms: { si: number; dir: Xy; name: string | undefined; rank: number }[] = [];
    for (let k = topo.adjStart[v]!; k < topo.adjStart[v + 1]!; k++) {
      const seg = roads.segments[topo.adjLink[k]!]!;
      if (seg.from === seg.to) continue;
      arms.push({ si: seg.index, dir: outward(seg, v), name: seg.name, rank: CLASS_RANK[seg.roadClass] });
    }
    const pairs: { i: number; j: number; straight: number; score: number; rank: number }[] = [];
    const cosLimit = Math.cos((THROUGH_DEFLECTION_DEG * Math.PI) / 180);
    for (let i = 0; i < arms.length; i++)
      for (let j = i + 1; j < arms.length; j++) {
        const straight = -(arms[i]!.dir[0] * arms[j]!.dir[0] + arms[i]!.dir[1] * arms[j]!.dir[1]);
        const sameName = arms[i]!.name !== undefined && arms[i]!.name === arms[j]!.name;
        const rank = Math.min(arms[i]!.rank, arms[j]!.rank);
        pairs.push({ i, j, straight, score: straight + (sameName ? 1 : 0), rank });
      }
    pairs.sort((x, y) => y.score - x.score);
    const used = new Set<number>();
    const pair = (i: number, j: number): void => {
      used.add(i);
      used.add(j);
      const ei = end(arms[i]!.si, v),
        ej = end(arms[j]!.si, v);
      partner[ei] = ej;
      partner[ej] = ei;
    };
    for (const p of pairs) if (p.straight >= cosLimit && !used.has(p.i) && !used.has(p.j)) pair(p.i, p.j);
    // No through road at all (a Y, or a bend of two roads): the straightest pair still carries the junction.
    if (used.size === 0 && pairs.length > 0) pair(pairs[0]!.i, pairs[0]!.j);
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
  // The main through road of each junction: of the pairs of arms that one road, read in its direction, enters by one
  // and leaves by the other (so its lanes keep their sides through the corner), the highest-class, then those
  // chained as one road, then the straightest.
  for (let v = 0; v < roads.nodes.length; v++) {
    const ends: number[] = [];
    for (let k = topo.adjStart[v]!; k < topo.adjStart[v + 1]!; k++) {
      const seg = roads.segments[topo.adjLink[k]!]!;
      if (seg.from !== seg.to) ends.push(end(seg.index, v));
    }
    const entering = (e: number) => (e & 1) === (sign[e >> 1] === 1 ? 1 : 0);
    let best: { a: number; b: number; key: number[] } | null = null;
    for (let i = 0; i < ends.length; i++)
      for (let j = i + 1; j < ends.length; j++) {
        const a = ends[i]!,
          b = ends[j]!;
        if (entering(a) === entering(b)) continue;
        const sa = roads.segments[a >> 1]!,
          sb = roads.segments[b >> 1]!;
        const da = outward(sa, v),
          db = outward(sb, v);
        const key = [
          partner[a] === b ? 1 : 0,
          Math.min(CLASS_RANK[sa.roadClass], CLASS_RANK[sb.roadClass]),
          -(da[0] * db[0] + da[1] * db[1]),
        ];
        if (
          best === null ||
          key[0]! > best.key[0]! ||
          (key[0] === best.key[0] && (key[1]! > best.key[1]! || (key[1] === best.key[1] && key[2]! > best.key[2]!)))
        )
          best = { a, b, key };
      }
    if (best) {
      main[2 * v] = best.a;
      main[2 * v + 1] = best.b;
    }
  }
  return { sign, partner, main };
}

/** The per-segment reading directions of {@link throughRoads}. */
export function throughRoadSigns(roads: RoadGraph): Int8Array {
  return throughRoads(roads).sign;
}

/** Arms of a junction farther than this from its main road's lanes join them directly at the junction point, m. */
const MAX_JOIN_REACH_M = 60;

/** A side arm leaving a junction's main road at less than this angle (degrees) is joined to it square. */
export const SQUARE_JOIN_BELOW_DEG = 45;

/**
 * Clear distance beyond the main road's outermost lane where a side arm's lane turns square to the main road, m: the
 * largest horizontal clearance of GB 50289 table 4.1.9 between the demo's networks (2 m) plus the largest pipe
 * radius laid along a road (1.5 m, a DN3000 storm trunk).
 */
const SQUARE_JOIN_CLEAR_M = 3.5;

/** A lane joined square at both ends keeps at least this much of its own run between the two joins, m. */
const SQUARE_JOIN_MIN_RUN_M = 5;

/** An arm's lane near its junction: the offset line of the arm's first edge, read outward from the junction. */
interface ArmLane {
  /** Where the lane's line passes abreast of the road node. */
  readonly base: Xy;
  /** Outward unit direction. */
  readonly dir: Xy;
}

/**
 * Where each utility runs on each road: offset polylines in the ENU plane. At a junction each utility has one point,
 * the corner of its lane on the junction's main through road; the lanes of the other arms keep their offset until
 * they meet that road's lane of the same utility and follow it to the corner. So every piece of a run lies on a lane
 * of some road: runs of different utilities stay their lateral spacing apart along a road and cross the lanes of
 * other roads at the roads' crossing angle (on the vertical clearance, which the depth bands keep), instead of
 * converging on a common corner at small angles.
 */
export class UtilityLayout {
  private readonly corners = new Map<string, Xy>();
  private readonly paths = new Map<string, Xy[]>();
  private readonly crossings = new Map<string, { point: Xy; bend: Xy; arm: number; main: number } | null>();
  private readonly through: ThroughRoads;

  constructor(readonly roads: RoadGraph) {
    this.through = throughRoads(roads);
  }

  /** Signed offset (left of the segment's own from->to direction) of a utility on a segment, m. */
  offsetOn(utility: Utility, seg: RoadSegment): number {
    return this.through.sign[seg.index]! * LATERAL_OFFSET_M[utility][seg.roadClass];
  }

  /**
   * Signed offset of a utility at one end of a segment (`armEnd` = 2·segment + 0 at from, 1 at to): the segment's own,
   * except on a junction's main road, where both arms take the higher class's so the road's lanes go straight through
   * (a lane stepping sideways at the junction would cut across the others); the lanes taper between a segment's ends.
   */
  endOffset(utility: Utility, armEnd: number): number {
    const seg = this.roads.segments[armEnd >> 1]!;
    let roadClass = seg.roadClass;
    const mainArms = this.mainArms((armEnd & 1) === 0 ? seg.from : seg.to);
    if (mainArms?.includes(armEnd))
      for (const m of mainArms) {
        const c = this.roads.segments[m >> 1]!.roadClass;
        if (CLASS_RANK[c] > CLASS_RANK[roadClass]) roadClass = c;
      }
    return this.through.sign[seg.index]! * LATERAL_OFFSET_M[utility][roadClass];
  }

  /** The two arms of a junction's main through road, or null. */
  private mainArms(node: number): [number, number] | null {
    const a = this.through.main[2 * node]!;
    return a < 0 ? null : [a, this.through.main[2 * node + 1]!];
  }

  /** The lane of a utility on the arm `armEnd` (2·segment + end) of its junction. */
  private lane(utility: Utility, armEnd: number): ArmLane {
    const seg = this.roads.segments[armEnd >> 1]!;
    const pts = seg.points;
    const atStart = (armEnd & 1) === 0;
    const a = atStart ? pts[0]! : pts[pts.length - 2]!;
    const b = atStart ? pts[1]! : pts[pts.length - 1]!;
    const n = leftNormal(a, b);
    const o = this.endOffset(utility, armEnd);
    const node = atStart ? pts[0]! : pts[pts.length - 1]!;
    const far = atStart ? b : a;
    const len = Math.hypot(far[0] - node[0], far[1] - node[1]) || 1;
    return {
      base: [node[0] + n[0] * o, node[1] + n[1] * o],
      dir: [(far[0] - node[0]) / len, (far[1] - node[1]) / len],
    };
  }

  /**
   * The point where a utility's runs meet at road node `node`: the corner of its lane on the junction's main road,
   * or, where a second road crosses it straight through, the point where that road's lane crosses it.
   */
  junctionPoint(utility: Utility, node: number): Xy {
    return this.crossing(utility, node)?.point ?? this.mainCorner(utility, node);
  }

  /** The arm end (2·segment + 0 at from, 1 at to) of each segment at a road node; null if one is a loop. */
  private armEnds(node: number): number[] | null {
    const topo = this.roads.topology;
    const ends: number[] = [];
    for (let k = topo.adjStart[node]!; k < topo.adjStart[node + 1]!; k++) {
      const seg = this.roads.segments[topo.adjLink[k]!]!;
      if (seg.from === seg.to) return null;
      ends.push(2 * seg.index + (seg.from === node ? 0 : 1));
    }
    return ends;
  }

  /**
   * Where a second road crosses a four-arm junction straight through (its two arms continue each other and leave
   * the main road at a wide angle), how a utility's lane of it goes: bending at its own corner `bend` (where its two
   * arms' lanes meet, as the main road's do) and crossing the main road's lane of the utility at `point`, which lies
   * on the lane of crossing arm `arm` and of main arm `main`. Joining the main road's corner from each arm instead,
   * the crossing road's lanes would run across the junction and cross each other at its small bend angle.
   */
  private crossing(utility: Utility, node: number): { point: Xy; bend: Xy; arm: number; main: number } | null {
    const key = `${utility}:${node}`;
    if (this.crossings.has(key)) return this.crossings.get(key)!;
    let found: { point: Xy; bend: Xy; arm: number; main: number } | null = null;
    const mainArms = this.mainArms(node);
    const ends = this.armEnds(node);
    const others = ends?.filter((e) => !mainArms?.includes(e)) ?? [];
    if (
      mainArms !== null &&
      ends?.length === 4 &&
      others.length === 2 &&
      this.through.partner[others[0]!] === others[1] &&
      this.squareFrame(node, others[0]!) === null &&
      this.squareFrame(node, others[1]!) === null
    ) {
      const normals: Xy[] = [];
      const offsets: number[] = [];
      for (const e of others) {
        const seg = this.roads.segments[e >> 1]!;
        const pts = seg.points;
        const atStart = (e & 1) === 0;
        normals.push(leftNormal(atStart ? pts[0]! : pts[pts.length - 2]!, atStart ? pts[1]! : pts[pts.length - 1]!));
        offsets.push(this.endOffset(utility, e));
      }
      const bend = offsetCorner(this.roads.nodes[node]!, normals, offsets);
      const corner = this.mainCorner(utility, node);
      let best = Infinity;
      for (const arm of others)
        for (const main of mainArms) {
          const d = this.lane(utility, arm).dir,
            m = this.lane(utility, main).dir;
          // bend + t·d = corner + s·m, t and s >= 0.
          const det = -d[0] * m[1] + d[1] * m[0];
          if (Math.abs(det) < 1e-6) continue;
          const rx = corner[0] - bend[0],
            ry = corner[1] - bend[1];
          const t = (-rx * m[1] + ry * m[0]) / det;
          const s = (d[0] * ry - d[1] * rx) / det;
          if (t < 0 || s < 0 || t > MAX_JOIN_REACH_M || s > MAX_JOIN_REACH_M || t >= best) continue;
          best = t;
          found = { point: [bend[0] + t * d[0], bend[1] + t * d[1]], bend, arm, main };
        }
    }
    this.crossings.set(key, found);
    return found;
  }

  /**
   * How a utility's run along arm `armEnd` leaves a junction a second road crosses straight through (null at other
   * junctions): the points from the junction point to where it takes its own lane (the crossing point, then the
   * crossing road's bend or the main road's corner unless the arm's lane holds the crossing point), and which of its
   * lane's points are beyond them.
   */
  private crossingStart(
    utility: Utility,
    node: number,
    armEnd: number,
  ): { points: Xy[]; keep: (p: Xy) => boolean } | null {
    const cr = this.crossing(utility, node);
    if (cr === null) return null;
    const dir = this.lane(utility, armEnd).dir;
    const after = (o: Xy) => (p: Xy) => (p[0] - o[0]) * dir[0] + (p[1] - o[1]) * dir[1] > 0.5;
    if (armEnd === cr.arm || armEnd === cr.main) return { points: [cr.point], keep: after(cr.point) };
    const via = this.mainArms(node)!.includes(armEnd) ? this.mainCorner(utility, node) : cr.bend;
    return { points: [cr.point, via], keep: after(via) };
  }

  /** The corner of a utility's lane on the main road of road node `node` (abreast of the node where it runs straight). */
  private mainCorner(utility: Utility, node: number): Xy {
    const key = `${utility}:${node}`;
    const cached = this.corners.get(key);
    if (cached) return cached;
    const normals: Xy[] = [];
    const offsets: number[] = [];
    const topo = this.roads.topology;
    const mainArms = this.mainArms(node);
    for (let k = topo.adjStart[node]!; k < topo.adjStart[node + 1]!; k++) {
      const seg = this.roads.segments[topo.adjLink[k]!]!;
      if (mainArms && !mainArms.includes(2 * seg.index) && !mainArms.includes(2 * seg.index + 1)) continue;
      const pts = seg.points;
      // The edge of the segment touching this node gives the local road direction there.
      const atStart = seg.from === node;
      const a = atStart ? pts[0]! : pts[pts.length - 2]!;
      const b = atStart ? pts[1]! : pts[pts.length - 1]!;
      normals.push(leftNormal(a, b));
      offsets.push(this.endOffset(utility, 2 * seg.index + (atStart ? 0 : 1)));
    }
    const p = normals.length > 0 ? offsetCorner(this.roads.nodes[node]!, normals, offsets) : this.roads.nodes[node]!;
    this.corners.set(key, p);
    return p;
  }

  /**
   * Where an arm's lane (not on the main road) meets the main road's lane of the same utility: the distance along
   * the arm's lane from abreast of the node (negative: across the junction) and the point; null when they do not
   * meet near the junction (the arm then runs straight to the junction point).
   */
  private joinOnMain(utility: Utility, node: number, armEnd: number): { t: number; point: Xy } | null {
    const mainArms = this.mainArms(node);
    if (mainArms === null || mainArms.includes(armEnd)) return null;
    const corner = this.mainCorner(utility, node);
    const arm = this.lane(utility, armEnd);
    let best: { t: number; point: Xy } | null = null;
    for (const m of mainArms) {
      const ray = this.lane(utility, m).dir;
      // Solve arm.base + t·arm.dir = corner + s·ray, s >= 0.
      const det = arm.dir[0] * -ray[1] - arm.dir[1] * -ray[0];
      if (Math.abs(det) < 1e-6) continue;
      const rx = corner[0] - arm.base[0],
        ry = corner[1] - arm.base[1];
      const t = (rx * -ray[1] - ry * -ray[0]) / det;
      const s = (arm.dir[0] * ry - arm.dir[1] * rx) / det;
      if (s < 0 || s > MAX_JOIN_REACH_M || Math.abs(t) > MAX_JOIN_REACH_M) continue;
      if (best === null || Math.abs(t) < Math.abs(best.t))
        best = { t, point: [arm.base[0] + t * arm.dir[0], arm.base[1] + t * arm.dir[1]] };
    }
    return best;
  }

  /**
   * How a side arm leaving the main road at a small angle joins it square (null where it leaves at a wider angle): the
   * main road's arm it leaves beside (its outward direction), on which side, and the lateral distance from that
   * arm's centreline, {@link SQUARE_JOIN_CLEAR_M} beyond its outermost lane, where the side arm's lanes are clear of
   * it. Joined straight, the side arm's lanes would cross the main road's other lanes at the arms' small angle, side
   * by side within their clearance for metres; from where they are clear they turn at right angles to the main road
   * and meet its lane of the same utility, crossing the others square (on their vertical clearance).
   */
  private squareFrame(node: number, armEnd: number): { mainDir: Xy; side: number; clearLateral: number } | null {
    const mainArms = this.mainArms(node);
    if (mainArms === null || mainArms.includes(armEnd)) return null;
    const armDir = this.lane('water', armEnd).dir;
    let best: { m: number; sin: number; cos: number } | null = null;
    for (const m of mainArms) {
      const d = this.lane('water', m).dir;
      const cos = d[0] * armDir[0] + d[1] * armDir[1];
      if (best === null || cos > best.cos) best = { m, sin: d[0] * armDir[1] - d[1] * armDir[0], cos };
    }
    if (best === null || best.cos < Math.cos((SQUARE_JOIN_BELOW_DEG * Math.PI) / 180) || best.sin === 0) return null;
    const mainDir = this.lane('water', best.m).dir;
    const side = Math.sign(best.sin);
    const c = this.roads.nodes[node]!;
    let outer = 0;
    for (const u of Object.keys(LATERAL_OFFSET_M) as Utility[]) {
      const p = this.lane(u, best.m).base;
      outer = Math.max(outer, side * (mainDir[0] * (p[1] - c[1]) - mainDir[1] * (p[0] - c[0])));
    }
    return { mainDir, side, clearLateral: outer + SQUARE_JOIN_CLEAR_M };
  }

  /**
   * The square join of a utility's lane `lane` (read outward from road node `node`) to the main road: the distance
   * along the lane where it is clear of the main road's lanes, that point `a`, and `b`, abreast of it on the main
   * road's lane of the utility. Null when the arm leaves at a wider angle or never clears the main road's lanes.
   */
  private squareJoin(
    utility: Utility,
    node: number,
    armEnd: number,
    lane: readonly Xy[],
  ): { d: number; a: Xy; b: Xy } | null {
    const f = this.squareFrame(node, armEnd);
    if (f === null) return null;
    const c = this.roads.nodes[node]!;
    const lateral = (p: Xy) => f.side * (f.mainDir[0] * (p[1] - c[1]) - f.mainDir[1] * (p[0] - c[0]));
    let d = 0;
    let a: Xy | null = lateral(lane[0]!) >= f.clearLateral ? lane[0]! : null;
    for (let i = 1; a === null && i < lane.length; i++) {
      const p = lane[i - 1]!,
        q = lane[i]!;
      const lp = lateral(p),
        lq = lateral(q);
      const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
      if (lq >= f.clearLateral) {
        const k = (f.clearLateral - lp) / (lq - lp);
        a = [p[0] + k * (q[0] - p[0]), p[1] + k * (q[1] - p[1])];
        d += k * len;
      } else d += len;
    }
    if (a === null) return null;
    const corner = this.mainCorner(utility, node);
    const s = (a[0] - corner[0]) * f.mainDir[0] + (a[1] - corner[1]) * f.mainDir[1];
    if (s < 0) return null;
    return { d, a, b: [corner[0] + s * f.mainDir[0], corner[1] + s * f.mainDir[1]] };
  }

  /** The run of a utility along a segment, from its from-junction point to its to-junction point. */
  path(utility: Utility, segIndex: number): Xy[] {
    const key = `${utility}:${segIndex}`;
    const cached = this.paths.get(key);
    if (cached) return cached;
    const seg = this.roads.segments[segIndex]!;
    const o0 = this.endOffset(utility, 2 * segIndex),
      o1 = this.endOffset(utility, 2 * segIndex + 1);
    const pts = seg.points;
    const lane: Xy[] = [this.lane(utility, 2 * segIndex).base];
    let along = 0;
    for (let i = 1; i < pts.length - 1; i++) {
      along += Math.hypot(pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]);
      const o = o0 + ((o1 - o0) * along) / seg.lengthM;
      lane.push(offsetCorner(pts[i]!, [leftNormal(pts[i - 1]!, pts[i]!), leftNormal(pts[i]!, pts[i + 1]!)], [o, o]));
    }
    lane.push(this.lane(utility, 2 * segIndex + 1).base);
    const cum = [0];
    for (let i = 1; i < lane.length; i++)
      cum.push(cum[i - 1]! + Math.hypot(lane[i]![0] - lane[i - 1]![0], lane[i]![1] - lane[i - 1]![1]));
    const total = cum[cum.length - 1]!;
    const headCross = this.crossingStart(utility, seg.from, 2 * segIndex);
    const tailCross = this.crossingStart(utility, seg.to, 2 * segIndex + 1);
    let headSquare = headCross ? null : this.squareJoin(utility, seg.from, 2 * segIndex, lane);
    let tailSquare = tailCross ? null : this.squareJoin(utility, seg.to, 2 * segIndex + 1, [...lane].reverse());
    // Both ends must leave a piece of the lane between them (a short ramp between two roads is joined straight).
    if (headSquare && headSquare.d > total - SQUARE_JOIN_MIN_RUN_M - (tailSquare?.d ?? 0)) headSquare = null;
    if (tailSquare && tailSquare.d > total - SQUARE_JOIN_MIN_RUN_M - (headSquare?.d ?? 0)) tailSquare = null;
    const head = headSquare || headCross ? null : this.joinOnMain(utility, seg.from, 2 * segIndex);
    const tail = tailSquare || tailCross ? null : this.joinOnMain(utility, seg.to, 2 * segIndex + 1);
    // Bends of the road the lane has already passed on its way to the join are left out (no folding back).
    const beyond = (join: { t: number } | null, node: number, end: number) => (p: Xy) => {
      if (join === null || join.t <= 0) return true;
      const l = this.lane(utility, end);
      const c = this.roads.nodes[node]!;
      return (p[0] - c[0]) * l.dir[0] + (p[1] - c[1]) * l.dir[1] > join.t + 0.5;
    };
    const inner = lane
      .slice(1, -1)
      .filter((_, i) => cum[i + 1]! > (headSquare?.d ?? 0) && cum[i + 1]! < total - (tailSquare?.d ?? 0));
    // The lane's first points short of where it joins the main road's lane or takes its own lane at a crossing are
    // left out (only those: a winding road may come back behind them farther on).
    const headKeep = headCross?.keep ?? beyond(head, seg.from, 2 * segIndex);
    const tailKeep = tailCross?.keep ?? beyond(tail, seg.to, 2 * segIndex + 1);
    while (inner.length > 0 && !headKeep(inner[0]!)) inner.shift();
    while (inner.length > 0 && !tailKeep(inner[inner.length - 1]!)) inner.pop();
    const out: Xy[] = [this.junctionPoint(utility, seg.from)];
    const near = (p: Xy, q: Xy) => Math.hypot(p[0] - q[0], p[1] - q[1]) < 0.05;
    const push = (p: Xy) => {
      if (!near(p, out[out.length - 1]!)) out.push(p);
    };
    headCross?.points.slice(1).forEach(push);
    if (headSquare) {
      push(headSquare.b);
      push(headSquare.a);
    } else if (head) push(head.point);
    inner.forEach(push);
    if (tailSquare) {
      push(tailSquare.a);
      push(tailSquare.b);
    } else if (tail) push(tail.point);
    tailCross?.points.slice(1).reverse().forEach(push);
    const last = this.junctionPoint(utility, seg.to);
    if (out.length > 1 && near(out[out.length - 1]!, last)) out.pop();
    out.push(last);
    const untangled = removeLoops(out);
    this.paths.set(key, untangled);
    return untangled;
  }

  /** Length of a utility's run along a segment, m. */
  pathLength(utility: Utility, segIndex: number): number {
    return polylineLength(this.path(utility, segIndex));
  }
}
