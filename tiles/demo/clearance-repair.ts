import Flatbush from 'flatbush';
import {
  clearanceBetween,
  judgeSegmentPair,
  linksMeet,
  LocalPlane,
  planApproach,
  type Clearance,
  type ClearanceFinding,
  type AxisPoint,
  type ClearanceTable,
} from '../../core/excavation/index.js';
import type { LonLat, NetworkLink, NetworkNode } from '../../core/model/index.js';

/**
 * A final pass over generated networks: where two runs of different networks still lie side by side within their
 * horizontal clearance, the run that is easiest to move is offset locally, as a utility does on site. The stretch
 * within clearance steps sideways with a dogleg at each end back onto its line: away from the other run (a run
 * crossing it at a small angle then crosses it square, where the vertical clearance governs), or wholly to one side.
 * Where a run ends within clearance, the fitting at that end (a valve, a tee) moves a little instead, its links'
 * ends with it. A move is kept only when every run it changes then fails no clearance it kept before (horizontal and
 * vertical, against every network) and the pair is clear; nodes stay joined by the same links, depths at the ends
 * stay as they were.
 */

/**
 * Extra plan clear distance a move must leave (positions are stored to 1e-8 degrees, about a millimetre), m. None is
 * added to the vertical clearance: depths do not move, and the depth bands keep exactly the clearance between them.
 */
const MARGIN_M = 0.01;
/** Sideways steps tried beyond the distance missing, m, smallest first. */
const EXTRA_STEPS_M = [0.05, 0.3, 0.8, 1.5, 2.5];
/** Lengths of the doglegs back onto the line, as multiples of the step (1: 45 degrees), gentlest first. */
const TAPER_FACTORS = [4, 2, 1];
/** Stations kept either side of a crossing, m. */
const CROSSING_STATION_M = 0.05;
/** Passes over the findings left. */
const MAX_PASSES = 4;

type Xy = { x: number; y: number };
/** A link's axis in the local plane, with the depth of the pipe's axis at each point, and its radius, m. */
interface Axis {
  xy: AxisPoint[];
  r: number;
}

/** What the repair needs to know of the networks' rules. */
export interface RepairRules {
  /**
   * Whether a link may take this new length (a gravity run keeps its end inverts, so a longer run is flatter and
   * must keep its self-cleansing slope). Absent: any length.
   */
  acceptsLength?: (link: NetworkLink, lengthM: number) => boolean;
  /** Order in which links are moved, lowest first (services and feeds before mains). */
  moveRank: (link: NetworkLink) => number;
  /** Whether a node may move a little (with the ends of its links) where a run ends within clearance. Absent: none. */
  movesNode?: (node: NetworkNode) => boolean;
}

/** The outcome: nodes and links (moved ones replaced by copies) and the ids of the links moved. */
export interface RepairResult {
  nodes: NetworkNode[];
  links: NetworkLink[];
  moved: string[];
}

/**
 * Offsets runs locally until no horizontal finding of `findings` is left or no move helps (see the module comment).
 * Pure: the input nodes and links are not changed; moved ones are copies.
 */
export function repairClearances(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  findings: readonly ClearanceFinding[],
  groundElevationM: number,
  table: ClearanceTable,
  origin: LonLat,
  rules: RepairRules,
): RepairResult {
  const ctx = new RepairContext(nodes, links, groundElevationM, table, origin);
  const moved = new Set<string>();
  let pending = findings.filter((f) => f.kind === 'horizontal').map((f) => [f.linkA, f.linkB] as const);
  for (let pass = 0; pass < MAX_PASSES && pending.length > 0; pass++) {
    const left: (readonly [string, string])[] = [];
    for (const [a, b] of pending) {
      const ia = ctx.indexOf(a),
        ib = ctx.indexOf(b);
      if (!ctx.pairFails(ia, ib)) continue;
      const movers = [ia, ib].sort((p, q) => rules.moveRank(ctx.links[p]!) - rules.moveRank(ctx.links[q]!));
      const done =
        movers.some((m) => ctx.moveAway(m, m === ia ? ib : ia, rules)) ||
        movers.some((m) => ctx.moveEndNode(m, m === ia ? ib : ia, rules));
      if (done) for (const id of ctx.touched.splice(0)) moved.add(id);
      if (!done) left.push([a, b]);
    }
    if (left.length === pending.length) break;
    pending = left;
  }
  return { nodes: nodes.map((n) => ctx.nodeById(n.id)), links: ctx.links, moved: [...moved] };
}

/** The links in plan, with their depths, and the pair tests of the audit (with a margin). */
class RepairContext {
  readonly links: NetworkLink[];
  private readonly plane: LocalPlane;
  private readonly byNode: Map<string, NetworkNode>;
  private readonly ids = new Map<string, number>();
  /** Link indices by end node id. */
  private readonly linksAt = new Map<string, number[]>();
  /** Ids of links changed since the caller last emptied this. */
  readonly touched: string[] = [];
  /** Links in plan with their depths, made when first needed (most links are never looked at). */
  private readonly axes: (Axis | undefined)[];
  /** The links' boxes now, and as they were when indexed (and how far any moved link has gone from that since, m). */
  private readonly boxes: [number, number, number, number][];
  private readonly indexed: readonly [number, number, number, number][];
  private readonly index: Flatbush;
  private shiftM = 0;
  private readonly reach: number;

  constructor(
    nodes: readonly NetworkNode[],
    links: readonly NetworkLink[],
    private readonly groundM: number,
    private readonly table: ClearanceTable,
    origin: LonLat,
  ) {
    this.plane = new LocalPlane(origin[0], origin[1]);
    this.byNode = new Map(nodes.map((n) => [n.id, n]));
    this.links = [...links];
    links.forEach((l, i) => {
      this.ids.set(l.id, i);
      for (const n of [l.fromNodeId, l.toNodeId]) this.linksAt.set(n, [...(this.linksAt.get(n) ?? []), i]);
    });
    this.axes = new Array<Axis | undefined>(links.length);
    this.indexed = links.map((l) => boxOf(l.path.map((p) => ({ x: this.plane.x(p[0]), y: this.plane.y(p[1]) }))));
    this.boxes = [...this.indexed];
    this.index = new Flatbush(Math.max(1, links.length));
    for (const b of this.indexed) this.index.add(b[0], b[1], b[2], b[3]);
    if (links.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
    let maxH = 0;
    for (const c of Object.values(table.between)) maxH = Math.max(maxH, c.horizontalM);
    let maxD = 0;
    for (const l of links) maxD = Math.max(maxD, l.diameterMm);
    this.reach = maxH + MARGIN_M + maxD / 1000;
  }

  indexOf(id: string): number {
    return this.ids.get(id)!;
  }

  nodeById(id: string): NetworkNode {
    return this.byNode.get(id)!;
  }

  /**
   * Where link `i` ends within the clearance of link `j` (its end node sits too close), moves that node a little
   * away from `j`, each of its links following over a few metres from it. Kept on the same terms as a run's offset,
   * for every link of the node.
   */
  moveEndNode(i: number, j: number, rules: RepairRules): boolean {
    if (!rules.movesNode) return false;
    const link = this.links[i]!;
    const axis = this.axis(i),
      other = this.axis(j);
    const band =
      clearanceBetween(this.table, link.utility, this.links[j]!.utility).horizontalM + MARGIN_M + axis.r + other.r;
    const ends = [
      { nodeId: link.fromNodeId, p: axis.xy[0]! },
      { nodeId: link.toNodeId, p: axis.xy[axis.xy.length - 1]! },
    ];
    for (const { nodeId, p } of ends) {
      const gap = distanceToPolyline(p, other.xy);
      const node = this.byNode.get(nodeId);
      if (gap >= band || node === undefined || !rules.movesNode(node)) continue;
      const dir = awayFrom(p, other.xy);
      const attached = this.linksAt.get(nodeId) ?? [];
      for (const extra of EXTRA_STEPS_M) {
        const step = band - gap + extra;
        for (const factor of TAPER_FACTORS) {
          const moves = attached.map((k) => {
            const xy = this.axis(k).xy;
            const along = cumulative(xy);
            const atStart = this.links[k]!.fromNodeId === nodeId;
            return { k, xy: dragEnd(xy, along, atStart, dir, step, step * factor) };
          });
          if (moves.some((m) => m.xy === null)) continue;
          const ok = moves.every(({ k, xy }) => {
            const l = this.links[k]!;
            const lengthM = Math.round(polylineLengthM(xy!) * 100) / 100;
            if (rules.acceptsLength && !rules.acceptsLength(l, lengthM)) return false;
            const candidate = this.axisOf(l, xy!);
            if (k === i && this.pairFailsWith(candidate, i, j)) return false;
            return !this.failsAnew(candidate, this.axis(k), k);
          });
          if (!ok) continue;
          const [lon, lat] = this.plane.toLonLat(p.x + dir.x * step, p.y + dir.y * step);
          const position: LonLat = [round8(lon), round8(lat)];
          this.byNode.set(nodeId, { ...node, position });
          for (const { k, xy } of moves) {
            const atStart = this.links[k]!.fromNodeId === nodeId;
            this.replace(
              k,
              this.links[k]!,
              xy!,
              Math.round(polylineLengthM(xy!) * 100) / 100,
              atStart ? position : undefined,
              atStart ? undefined : position,
            );
          }
          return true;
        }
      }
    }
    return false;
  }

  /** Whether two links fail their clearance (with the margin). */
  pairFails(i: number, j: number): boolean {
    return this.pairFailsWith(this.axis(i), i, j);
  }

  /**
   * Moves link `i` off link `j`: tries offsets of growing size and returns whether one was kept (see the module
   * comment for what a kept move must satisfy).
   */
  moveAway(i: number, j: number, rules: RepairRules): boolean {
    const link = this.links[i]!;
    const axis = this.axis(i),
      other = this.axis(j);
    const need = clearanceBetween(this.table, link.utility, this.links[j]!.utility).horizontalM + MARGIN_M;
    const band = need + axis.r + other.r;
    const along = cumulative(axis.xy);
    const total = along[along.length - 1]!;
    // The stretch of the run within the clearance band of the other run, sampled every half metre.
    let s0 = Infinity,
      s1 = -Infinity,
      closest = Infinity;
    for (const s of samplesAlong(along)) {
      const p = pointAt(axis.xy, along, s);
      const d = distanceToPolyline(p, other.xy);
      if (d < band) {
        s0 = Math.min(s0, s);
        s1 = Math.max(s1, s);
        closest = Math.min(closest, d);
      }
    }
    if (s0 > s1 || total === 0) return false;
    // Three ways to move it: each point straight away from the other run (a run crossing it at a small angle then
    // crosses it square), or the whole stretch to either side of it (across it where it crosses).
    const n = normalAt(other.xy, pointAt(axis.xy, along, (s0 + s1) / 2));
    let lowest = Infinity,
      highest = -Infinity;
    for (const s of samplesAlong(along)) {
      if (s < s0 || s > s1) continue;
      const p = pointAt(axis.xy, along, s);
      const o = signedOffset(p, other.xy, n);
      lowest = Math.min(lowest, o);
      highest = Math.max(highest, o);
    }
    const crossings = crossingsAlong(axis.xy, along, other.xy);
    const modes: { push: (p: Xy) => Xy; missing: number }[] = [
      { push: (p) => awayFrom(p, other.xy), missing: band - closest },
      { push: () => n, missing: band - lowest },
      { push: () => ({ x: -n.x, y: -n.y }), missing: band + highest },
    ];
    for (const extra of EXTRA_STEPS_M) {
      for (const mode of modes) {
        const step = mode.missing + extra;
        for (const factor of TAPER_FACTORS) {
          const xy = offsetStretch(axis.xy, along, s0, s1, step, step * factor, mode.push, crossings);
          if (xy === null) continue;
          const lengthM = Math.round(polylineLengthM(xy) * 100) / 100;
          if (rules.acceptsLength && !rules.acceptsLength(link, lengthM)) continue;
          const candidate = this.axisOf(link, xy);
          if (this.pairFailsWith(candidate, i, j)) continue;
          if (this.failsAnew(candidate, axis, i)) continue;
          this.replace(i, link, xy, lengthM);
          return true;
        }
      }
    }
    return false;
  }

  private replace(i: number, link: NetworkLink, xy: Xy[], lengthM: number, start?: LonLat, end?: LonLat): void {
    const path = xy.map((p, k): LonLat => {
      if (k === 0) return [...(start ?? link.path[0]!)] as LonLat;
      if (k === xy.length - 1) return [...(end ?? link.path[link.path.length - 1]!)] as LonLat;
      const [lon, lat] = this.plane.toLonLat(p.x, p.y);
      return [round8(lon), round8(lat)];
    });
    const attributes = { ...link.attributes };
    if (typeof attributes['slope'] === 'number' && lengthM > 0)
      attributes['slope'] = Math.round(((link.fromInvertM - link.toInvertM) / lengthM) * 1e5) / 1e5;
    this.links[i] = { ...link, path, lengthM, attributes };
    this.axes[i] = undefined;
    const box = boxOf(this.axis(i).xy),
      was = this.indexed[i]!;
    this.shiftM = Math.max(this.shiftM, was[0] - box[0], was[1] - box[1], box[2] - was[2], box[3] - was[3]);
    this.boxes[i] = box;
    this.touched.push(link.id);
  }

  private axis(i: number): Axis {
    let axis = this.axes[i];
    if (axis === undefined) {
      const link = this.links[i]!;
      axis = this.axisOf(
        link,
        link.path.map((p) => ({ x: this.plane.x(p[0]), y: this.plane.y(p[1]) })),
      );
      this.axes[i] = axis;
    }
    return axis;
  }

  /** Plan points with the pipe axis depth along them (inverts interpolated by length, as the audit does). */
  private axisOf(link: NetworkLink, xy: readonly Xy[]): Axis {
    const r = link.diameterMm / 2000;
    const g0 = this.byNode.get(link.fromNodeId)?.groundM ?? this.groundM;
    const g1 = this.byNode.get(link.toNodeId)?.groundM ?? this.groundM;
    const along = cumulative(xy);
    const total = along[along.length - 1]! || 1;
    const points = xy.map((p, k) => {
      const f = along[k]! / total;
      return {
        x: p.x,
        y: p.y,
        z: g0 + f * (g1 - g0) - (link.fromInvertM + f * (link.toInvertM - link.fromInvertM) + r),
      };
    });
    return { xy: points, r };
  }

  /**
   * Whether `candidate`, a new axis of link `i` in place of `original`, fails against a link it did not fail before.
   * Only links near the points it moved can be such (elsewhere it runs where it ran), unless its depth changes along
   * it with its length (a sloped run's depth at every point moves a little).
   */
  private failsAnew(candidate: Axis, original: Axis, i: number): boolean {
    const sloped = candidate.xy.some((p) => p.z !== candidate.xy[0]!.z);
    const region = sloped ? boxOf(candidate.xy) : changedBox(candidate.xy, original.xy);
    if (region === null) return false;
    const grow = this.reach + this.shiftM;
    for (const j of this.index.search(region[0] - grow, region[1] - grow, region[2] + grow, region[3] + grow)) {
      if (j === i) continue;
      const b = this.boxes[j]!;
      if (b[0] > region[2] + this.reach || b[2] < region[0] - this.reach) continue;
      if (b[1] > region[3] + this.reach || b[3] < region[1] - this.reach) continue;
      if (this.pairFailsWith(candidate, i, j) && !this.pairFailsWith(original, i, j)) return true;
    }
    return false;
  }

  private pairFailsWith(axis: Axis, i: number, j: number): boolean {
    const la = this.links[i]!,
      lb = this.links[j]!;
    if (la.networkId === lb.networkId || linksMeet(la, lb)) return false;
    const req = withMargin(clearanceBetween(this.table, la.utility, lb.utility));
    const other = this.axis(j);
    const p = axis.xy,
      q = other.xy;
    for (let s = 0; s + 1 < p.length; s++)
      for (let t = 0; t + 1 < q.length; t++)
        if (judgeSegmentPair(p[s]!, p[s + 1]!, axis.r, q[t]!, q[t + 1]!, other.r, req) !== null) return true;
    return false;
  }
}

/**
 * The polyline with its stretch [s0, s1] (m along it) pushed `step` metres in the direction `push` gives for each
 * point, tapering to nothing over `taper` metres beyond each end of the stretch. `extra` are more stations (m along)
 * to keep as vertices (where the run crosses another, so that a push away from it makes a square crossing there).
 * The end points never move. Null when the run is too short to taper back before an end that lies in the stretch.
 */
export function offsetStretch(
  xy: readonly Xy[],
  along: readonly number[],
  s0: number,
  s1: number,
  step: number,
  taper: number,
  push: (p: Xy) => Xy,
  extra: readonly number[] = [],
): Xy[] | null {
  const total = along[along.length - 1]!;
  const a = Math.max(0, s0 - taper),
    e = Math.min(total, s1 + taper);
  const b = Math.min(e, Math.max(s0, a + taper)),
    c = Math.max(b, Math.min(s1, e - taper));
  if (b <= a || e <= c) return null;
  const weight = (s: number) => (s <= a || s >= e ? 0 : s < b ? (s - a) / (b - a) : s <= c ? 1 : (e - s) / (e - c));
  const stations = [...new Set([...along, ...extra, a, b, c, e])]
    .filter((s) => s >= 0 && s <= total)
    .sort((p, q) => p - q);
  const out: Xy[] = [];
  for (const s of stations) {
    const p = pointAt(xy, along, s);
    const w = weight(s);
    let q = p;
    if (w > 0) {
      const dir = push(p);
      q = { x: p.x + dir.x * step * w, y: p.y + dir.y * step * w };
    }
    const last = out[out.length - 1];
    if (last === undefined || Math.hypot(q.x - last.x, q.y - last.y) > 1e-3) out.push(q);
  }
  // The ends stay put, exactly.
  out[0] = { ...xy[0]! };
  out[out.length - 1] = { ...xy[xy.length - 1]! };
  return out.length >= 2 ? out : null;
}

/**
 * The polyline with one end moved `step` metres along `dir`, the move fading out over `taper` metres from it (the
 * other end stays put). Null when the polyline is shorter than the taper.
 */
export function dragEnd(
  xy: readonly Xy[],
  along: readonly number[],
  atStart: boolean,
  dir: Xy,
  step: number,
  taper: number,
): Xy[] | null {
  const total = along[along.length - 1]!;
  if (total <= taper) return null;
  const fromEnd = (s: number) => (atStart ? s : total - s);
  const stations = [...new Set([...along, atStart ? taper : total - taper])].sort((p, q) => p - q);
  return stations.map((s) => {
    const p = pointAt(xy, along, s);
    const w = Math.max(0, 1 - fromEnd(s) / taper);
    return { x: p.x + dir.x * step * w, y: p.y + dir.y * step * w };
  });
}

/** Stations (m along `xy`) just before and after each point where it crosses `other` in plan. */
function crossingsAlong(xy: readonly Xy[], along: readonly number[], other: readonly Xy[]): number[] {
  const out: number[] = [];
  for (let k = 0; k + 1 < xy.length; k++)
    for (let m = 0; m + 1 < other.length; m++) {
      const near = planApproach(xy[k]!, xy[k + 1]!, other[m]!, other[m + 1]!);
      if (near.dist > 0) continue;
      const s = along[k]! + near.t * (along[k + 1]! - along[k]!);
      out.push(s - CROSSING_STATION_M, s + CROSSING_STATION_M);
    }
  return out;
}

/** Unit normal (left of its direction) of the segment of `line` nearest `p`. */
function normalAt(line: readonly Xy[], p: Xy): Xy {
  let best = Infinity,
    n: Xy = { x: 0, y: 1 };
  for (let k = 0; k + 1 < line.length; k++) {
    const d = planApproach(p, p, line[k]!, line[k + 1]!).dist;
    if (d >= best) continue;
    const dx = line[k + 1]!.x - line[k]!.x,
      dy = line[k + 1]!.y - line[k]!.y,
      len = Math.hypot(dx, dy);
    if (len === 0) continue;
    best = d;
    n = { x: -dy / len, y: dx / len };
  }
  return n;
}

/** Offset of `p` from the nearest point of `line`, measured along `n`, m. */
function signedOffset(p: Xy, line: readonly Xy[], n: Xy): number {
  let best = Infinity,
    off = 0;
  for (let k = 0; k + 1 < line.length; k++) {
    const near = planApproach(p, p, line[k]!, line[k + 1]!);
    if (near.dist >= best) continue;
    best = near.dist;
    const ox = line[k]!.x + near.u * (line[k + 1]!.x - line[k]!.x),
      oy = line[k]!.y + near.u * (line[k + 1]!.y - line[k]!.y);
    off = (p.x - ox) * n.x + (p.y - oy) * n.y;
  }
  return off;
}

/** Box of the points of `xy` off the polyline `original` and of their neighbours (null: none moved). */
function changedBox(xy: readonly Xy[], original: readonly Xy[]): [number, number, number, number] | null {
  const near: Xy[] = [];
  xy.forEach((p, k) => {
    if (distanceToPolyline(p, original) <= 1e-6) return;
    for (const q of [xy[k - 1], p, xy[k + 1]]) if (q !== undefined) near.push(q);
  });
  return near.length === 0 ? null : boxOf(near);
}

/** Unit vector from the nearest point of `other` to `p` (across `other` where `p` lies on it). */
function awayFrom(p: Xy, other: readonly Xy[]): Xy {
  let best = Infinity,
    dir: Xy = { x: 1, y: 0 };
  for (let k = 0; k + 1 < other.length; k++) {
    const near = planApproach(p, p, other[k]!, other[k + 1]!);
    if (near.dist >= best) continue;
    best = near.dist;
    const ox = other[k]!.x + near.u * (other[k + 1]!.x - other[k]!.x),
      oy = other[k]!.y + near.u * (other[k + 1]!.y - other[k]!.y);
    if (near.dist > 1e-6) dir = { x: (p.x - ox) / near.dist, y: (p.y - oy) / near.dist };
    else {
      const dx = other[k + 1]!.x - other[k]!.x,
        dy = other[k + 1]!.y - other[k]!.y,
        len = Math.hypot(dx, dy) || 1;
      dir = { x: -dy / len, y: dx / len };
    }
  }
  return dir;
}

function withMargin(c: Clearance): Clearance {
  return { horizontalM: c.horizontalM + MARGIN_M, verticalM: c.verticalM };
}

function distanceToPolyline(p: Xy, line: readonly Xy[]): number {
  let best = Infinity;
  for (let k = 0; k + 1 < line.length; k++) best = Math.min(best, planApproach(p, p, line[k]!, line[k + 1]!).dist);
  return best;
}

function cumulative(xy: readonly Xy[]): number[] {
  const out = [0];
  for (let k = 1; k < xy.length; k++)
    out.push(out[k - 1]! + Math.hypot(xy[k]!.x - xy[k - 1]!.x, xy[k]!.y - xy[k - 1]!.y));
  return out;
}

function polylineLengthM(xy: readonly Xy[]): number {
  const along = cumulative(xy);
  return along[along.length - 1]!;
}

/** Vertices and every half metre between them. */
function samplesAlong(along: readonly number[]): number[] {
  const total = along[along.length - 1]!;
  const out = [...along];
  for (let s = 0.5; s < total; s += 0.5) out.push(s);
  return out;
}

function pointAt(xy: readonly Xy[], along: readonly number[], s: number): Xy {
  for (let k = 1; k < xy.length; k++) {
    if (s <= along[k]! || k === xy.length - 1) {
      const len = along[k]! - along[k - 1]!;
      const t = len > 0 ? Math.max(0, Math.min(1, (s - along[k - 1]!) / len)) : 0;
      return { x: xy[k - 1]!.x + t * (xy[k]!.x - xy[k - 1]!.x), y: xy[k - 1]!.y + t * (xy[k]!.y - xy[k - 1]!.y) };
    }
  }
  return { ...xy[0]! };
}

function boxOf(xy: readonly Xy[]): [number, number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const p of xy) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return [x0, y0, x1, y1];
}

function round8(v: number): number {
  return Math.round(v * 1e8) / 1e8;
}
