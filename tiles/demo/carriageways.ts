import Flatbush from 'flatbush';
import {
  distanceToSegment,
  pointAlong,
  polylineLength,
  projectOnPolyline,
  subPolyline,
  type Xy,
} from './plane-geometry.js';
import { CLASS_RANK, type RoadChain } from './road-graph.js';

/** Centrelines closer than this, running alongside, are two carriageways of one road, m. */
export const CARRIAGEWAY_SPACING_M = 25;

/** A road runs alongside another when their directions differ by less than this, degrees. */
const ALONGSIDE_DEG = 25;

/** A chain is a second carriageway when at least this share of its length runs alongside kept roads. */
const ALONGSIDE_SHARE = 0.8;

/** Samples along a chain, m apart (its first and last metres, where carriageways converge, are not sampled). */
const SAMPLE_STEP_M = 5;
const END_MARGIN_M = 10;

/** A junction moved closer than this to an end of the road it moves onto goes to that end instead of splitting it, m. */
const SNAP_TO_END_M = 8;

/**
 * Treats dual carriageways as one road. OSM draws a divided road as two one-way ways a few metres apart, with side
 * roads meeting either; the demo would lay a full set of lanes (about 23 m wide on a major road) along each, so the
 * two sets overlap along the whole road and cross at a small angle wherever the ways meet: nothing could keep
 * clearance there. A chain that runs alongside kept roads (within {@link CARRIAGEWAY_SPACING_M}, nearly parallel)
 * over most of its length is dropped, shortest first, and each of its junctions that side roads still reach moves
 * onto the nearest point of the kept carriageway (splitting it there), so the side roads stay connected.
 * New vertices are appended to `points`.
 */
export function mergeCarriageways(points: Xy[], chains: readonly RoadChain[]): RoadChain[] {
  const indexed = chainEdgeIndex(chains);
  if (!indexed) return [...chains];
  const { edges, index } = indexed;
  const dropped = new Uint8Array(chains.length);
  const cosLimit = Math.cos((ALONGSIDE_DEG * Math.PI) / 180);
  const lengths = chains.map((c) => polylineLength(c.points));
  const order = chains.map((_, i) => i).sort((x, y) => lengths[x]! - lengths[y]! || x - y);
  // The kept chains each dropped one ran alongside.
  const besides = new Map<number, Set<number>>();
  for (const i of order) {
    const c = chains[i]!;
    const len = lengths[i]!;
    const seen = new Set<number>();
    let samples = 0,
      alongside = 0;
    for (let d = END_MARGIN_M; d <= len - END_MARGIN_M; d += SAMPLE_STEP_M) {
      samples++;
      const p = pointAlong(c.points, d);
      const q = pointAlong(c.points, Math.min(len, d + 1));
      const dl = Math.hypot(q[0] - p[0], q[1] - p[1]) || 1;
      const dir: Xy = [(q[0] - p[0]) / dl, (q[1] - p[1]) / dl];
      const s = CARRIAGEWAY_SPACING_M;
      const near = index.search(p[0] - s, p[1] - s, p[0] + s, p[1] + s).filter((k) => {
        const e = edges[k]!;
        if (e.chain === i || dropped[e.chain]) return false;
        const ex = e.b[0] - e.a[0],
          ey = e.b[1] - e.a[1];
        const el = Math.hypot(ex, ey);
        if (el === 0 || Math.abs(ex * dir[0] + ey * dir[1]) / el < cosLimit) return false;
        return projectOnPolyline([e.a, e.b], p).distance < s;
      });
      if (near.length > 0) alongside++;
      for (const k of near) seen.add(edges[k]!.chain);
    }
    if (samples > 0 && alongside >= ALONGSIDE_SHARE * samples) {
      dropped[i] = 1;
      besides.set(i, seen);
    }
  }
  const kept = chains.map((_, i) => i).filter((i) => !dropped[i]);
  const keptAt = new Map<number, number[]>();
  for (const i of kept) for (const v of [chains[i]!.from, chains[i]!.to]) keptAt.set(v, [...(keptAt.get(v) ?? []), i]);
  // Where cross links land: per kept chain, (distance along it, vertex).
  const splits = new Map<number, { along: number; vertex: number }[]>();
  /** Junctions of a dropped carriageway that side roads still reach, moved onto the kept one: vertex -> (vertex, point). */
  const moved = new Map<number, { vertex: number; point: Xy }>();
  for (let i = 0; i < chains.length; i++) {
    if (!dropped[i]) continue;
    const beside = besides.get(i)!;
    const dc = chains[i]!;
    for (const w of [dc.from, dc.to]) {
      const at = keptAt.get(w);
      // Unreached, already moved, or on the kept carriageway itself (where the two meet): nothing to do.
      if (!at || moved.has(w) || at.some((j) => beside.has(j))) continue;
      const p = w === dc.from ? dc.points[0]! : dc.points[dc.points.length - 1]!;
      let best: { chain: number; along: number; distance: number } | null = null;
      for (const j of beside) {
        const c = chains[j]!;
        if (c.from === w || c.to === w) continue;
        const proj = projectOnPolyline(c.points, p);
        if (best === null || proj.distance < best.distance)
          best = { chain: j, along: proj.along, distance: proj.distance };
      }
      if (best === null || best.distance > 2 * CARRIAGEWAY_SPACING_M) continue;
      const c = chains[best.chain]!;
      if (best.along < SNAP_TO_END_M) moved.set(w, { vertex: c.from, point: c.points[0]! });
      else if (best.along > lengths[best.chain]! - SNAP_TO_END_M)
        moved.set(w, { vertex: c.to, point: c.points[c.points.length - 1]! });
      else {
        const list = splits.get(best.chain) ?? [];
        const same = list.find((x) => Math.abs(x.along - best.along) < SNAP_TO_END_M);
        if (same) moved.set(w, { vertex: same.vertex, point: points[same.vertex]! });
        else {
          const point = pointAlong(c.points, best.along);
          const vertex = points.length;
          points.push(point);
          list.push({ along: best.along, vertex });
          splits.set(best.chain, list);
          moved.set(w, { vertex, point });
        }
      }
    }
  }
  const out: RoadChain[] = [];
  for (const i of kept) {
    const c = chains[i]!;
    const list = (splits.get(i) ?? []).sort((x, y) => x.along - y.along);
    const pieces: RoadChain[] = [];
    let from = c.from,
      at = 0;
    for (const x of list) {
      pieces.push({ ...c, from, to: x.vertex, points: subPolyline(c.points, at, x.along) });
      from = x.vertex;
      at = x.along;
    }
    pieces.push({ ...c, from, points: list.length > 0 ? subPolyline(c.points, at, lengths[i]!) : c.points });
    for (const piece of pieces) {
      // A side road of a dropped carriageway now ends on the kept one.
      const a = moved.get(piece.from),
        b = moved.get(piece.to);
      if (!a && !b) {
        out.push(piece);
        continue;
      }
      const pts = [...piece.points];
      if (a) pts[0] = a.point;
      if (b) pts[pts.length - 1] = b.point;
      const movedPiece = { ...piece, from: a?.vertex ?? piece.from, to: b?.vertex ?? piece.to, points: pts };
      if (movedPiece.from !== movedPiece.to) out.push(movedPiece);
    }
  }
  return out;
}

/** Two roads leaving a junction closer than this in direction (degrees) fork at a small angle. */
const FORK_DEG = 30;

/** Where a forking road leaves the other's corridor: its centreline this far from the other's, m. */
const FORK_SEPARATION_M = 20;

/** Direction of a chain leaving vertex `v`, taken over its first 20 m (a fork is judged past the junction's curb). */
function leaving(c: RoadChain, v: number): Xy {
  const pts = c.from === v ? c.points : [...c.points].reverse();
  const a = pts[0]!,
    b = pointAlong(pts, 20);
  const l = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  return [(b[0] - a[0]) / l, (b[1] - a[1]) / l];
}

/**
 * Turns forks at a small angle into T junctions. Two roads leaving a junction a few degrees apart share one corridor
 * for tens of metres: their lanes would cross each other at that small angle, side by side within any clearance. The
 * shorter one is cut where its centreline has left the other's corridor ({@link FORK_SEPARATION_M}) and joined from
 * there square to the other road (split at the foot), so its lanes cross the other's at a right angle; its first
 * stretch, inside the other's corridor, is served by the other road. New vertices are appended to `points`.
 */
export function squareForks(points: Xy[], chains: readonly RoadChain[]): RoadChain[] {
  const out = chains.map((c) => ({ ...c, points: [...c.points] }));
  const lengths = out.map((c) => polylineLength(c.points));
  const arms = new Map<number, number[]>();
  out.forEach((c, i) => {
    if (c.from === c.to) return;
    for (const v of [c.from, c.to]) arms.set(v, [...(arms.get(v) ?? []), i]);
  });
  const touched = new Set<number>();
  const splits = new Map<number, { along: number; vertex: number }[]>();
  const connectors: RoadChain[] = [];
  const cosLimit = Math.cos((FORK_DEG * Math.PI) / 180);
  for (const [v, list] of [...arms.entries()].sort((x, y) => x[0] - y[0])) {
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const [i, j] = [list[x]!, list[y]!];
        if (touched.has(i) || touched.has(j)) continue;
        const di = leaving(out[i]!, v),
          dj = leaving(out[j]!, v);
        if (di[0] * dj[0] + di[1] * dj[1] < cosLimit) continue;
        // The shorter road forks off the longer one.
        const [k, m] = lengths[i]! <= lengths[j]! ? [i, j] : [j, i];
        const kc = out[k]!,
          mc = out[m]!;
        const kPts = kc.from === v ? kc.points : [...kc.points].reverse();
        let cut = -1;
        for (let d = 5; d < lengths[k]! - 15; d += 2)
          if (projectOnPolyline(mc.points, pointAlong(kPts, d)).distance >= FORK_SEPARATION_M) {
            cut = d;
            break;
          }
        if (cut < 0) continue;
        const kAt = pointAlong(kPts, cut);
        const foot = projectOnPolyline(mc.points, kAt);
        if (foot.along < SNAP_TO_END_M || foot.along > lengths[m]! - SNAP_TO_END_M) continue;
        touched.add(k);
        touched.add(m);
        const kVertex = points.length;
        points.push(kAt);
        const footVertex = points.length;
        points.push(foot.point);
        splits.set(m, [...(splits.get(m) ?? []), { along: foot.along, vertex: footVertex }]);
        // The forking road now starts where it left the corridor (read from v, its far end stays).
        const rest = subPolyline(kPts, cut, lengths[k]!);
        const farEnd = kc.from === v ? kc.to : kc.from;
        out[k] = { ...kc, from: kVertex, to: farEnd, points: rest };
        connectors.push({ ...kc, from: footVertex, to: kVertex, points: [foot.point, kAt] });
      }
  }
  const result: RoadChain[] = [];
  out.forEach((c, i) => {
    const list = (splits.get(i) ?? []).sort((x, y) => x.along - y.along);
    let from = c.from,
      at = 0;
    for (const s of list) {
      result.push({ ...c, from, to: s.vertex, points: subPolyline(c.points, at, s.along) });
      from = s.vertex;
      at = s.along;
    }
    result.push({ ...c, from, points: list.length > 0 ? subPolyline(c.points, at, lengths[i]!) : c.points });
  });
  return [...result, ...connectors];
}

/** A road's polyline turning back by more than this at one vertex (degrees) folds back on itself. */
const FOLD_DEG = 135;

/**
 * Trims dead-end roads that fold back on themselves: OSM's two carriageways of a divided road, joined where one ends,
 * make one chain running out to a dead end and back alongside itself (a hairpin). Both legs would carry a full set of
 * lanes, overlapping and crossing at the hairpin's small angle. Where the leg from the dead end to the fold lies
 * within {@link CARRIAGEWAY_SPACING_M} of the rest of the chain all along, it is a second carriageway: the chain
 * starts at the fold instead (a new dead end there). New vertices are appended to `points`.
 */
export function trimFoldedDeadEnds(points: Xy[], chains: readonly RoadChain[]): RoadChain[] {
  const degree = new Map<number, number>();
  for (const c of chains) for (const v of [c.from, c.to]) degree.set(v, (degree.get(v) ?? 0) + 1);
  const cosFold = Math.cos(((180 - FOLD_DEG) * Math.PI) / 180);
  return chains.map((c) => {
    if (c.from === c.to) return c;
    const fromDeadEnd = degree.get(c.from) === 1;
    if (!fromDeadEnd && degree.get(c.to) !== 1) return c;
    const pts = fromDeadEnd ? c.points : [...c.points].reverse();
    for (let k = 1; k + 1 < pts.length; k++) {
      const a = pts[k - 1]!,
        b = pts[k]!,
        n = pts[k + 1]!;
      const u: Xy = [b[0] - a[0], b[1] - a[1]],
        w: Xy = [n[0] - b[0], n[1] - b[1]];
      const lu = Math.hypot(u[0], u[1]),
        lw = Math.hypot(w[0], w[1]);
      if (lu === 0 || lw === 0 || (u[0] * w[0] + u[1] * w[1]) / (lu * lw) > -cosFold) continue;
      const leg = pts.slice(0, k + 1),
        rest = pts.slice(k);
      const legLength = polylineLength(leg);
      let alongside = true;
      for (let d = 0; d <= legLength && alongside; d += SAMPLE_STEP_M)
        alongside = projectOnPolyline(rest, pointAlong(leg, d)).distance <= CARRIAGEWAY_SPACING_M;
      if (!alongside) return c;
      const apex = points.length;
      points.push(b);
      return fromDeadEnd ? { ...c, from: apex, points: rest } : { ...c, to: apex, points: [...rest].reverse() };
    }
    return c;
  });
}

/**
 * Trims dead ends that stop inside another road's corridor: a road OSM leaves unjoined a few metres short of
 * (or past) another one would lay its lanes' ends among the other road's lanes, at whatever angle it meets it. Where
 * a dead end lies within {@link CARRIAGEWAY_SPACING_M} of another road's centreline, the chain is cut back to where it
 * first stands that far from every other road; a dead end within that distance of another road all along (a short
 * spur beside the road it leaves, at a small angle) is dropped, shortest first: the other road serves its
 * buildings. New vertices are appended to `points`.
 */
export function trimDeadEndsBesideRoads(points: Xy[], chains: readonly RoadChain[]): RoadChain[] {
  const degree = new Map<number, number>();
  for (const c of chains) for (const v of [c.from, c.to]) degree.set(v, (degree.get(v) ?? 0) + 1);
  const indexed = chainEdgeIndex(chains);
  if (!indexed) return [...chains];
  const { edges, index } = indexed;
  const dropped = new Uint8Array(chains.length);
  const s = CARRIAGEWAY_SPACING_M;
  const besideOther = (i: number, p: Xy) =>
    index.search(p[0] - s, p[1] - s, p[0] + s, p[1] + s).some((k) => {
      const e = edges[k]!;
      return e.chain !== i && dropped[e.chain] === 0 && distanceToSegment(p, e.a, e.b) < s;
    });
  const out = [...chains];
  const lengths = chains.map((c) => polylineLength(c.points));
  const order = chains.map((_, i) => i).sort((x, y) => lengths[x]! - lengths[y]! || x - y);
  for (const i of order) {
    const c = chains[i]!;
    if (c.from === c.to) continue;
    const fromDeadEnd = degree.get(c.from) === 1;
    if (!fromDeadEnd && degree.get(c.to) !== 1) continue;
    const pts = fromDeadEnd ? c.points : [...c.points].reverse();
    if (!besideOther(i, pts[0]!)) continue;
    const len = lengths[i]!;
    let cut = -1;
    for (let d = 2; d <= len; d += 2)
      if (!besideOther(i, pointAlong(pts, d))) {
        cut = d;
        break;
      }
    if (cut < 0) {
      dropped[i] = 1;
      continue;
    }
    if (cut > len - 15) continue;
    const end = points.length;
    points.push(pointAlong(pts, cut));
    const rest = subPolyline(pts, cut, len);
    out[i] = fromDeadEnd ? { ...c, from: end, points: rest } : { ...c, to: end, points: [...rest].reverse() };
  }
  return out.filter((_, i) => dropped[i] === 0);
}

/** Every segment of the chains (with its chain's index) in a spatial index of their boxes; null when there is none. */
function chainEdgeIndex(
  chains: readonly RoadChain[],
): { edges: { chain: number; a: Xy; b: Xy }[]; index: Flatbush } | null {
  const edges: { chain: number; a: Xy; b: Xy }[] = [];
  chains.forEach((c, i) => {
    for (let k = 0; k + 1 < c.points.length; k++) edges.push({ chain: i, a: c.points[k]!, b: c.points[k + 1]! });
  });
  if (edges.length === 0) return null;
  const index = new Flatbush(edges.length);
  for (const e of edges)
    index.add(Math.min(e.a[0], e.b[0]), Math.min(e.a[1], e.b[1]), Math.max(e.a[0], e.b[0]), Math.max(e.a[1], e.b[1]));
  index.finish();
  return { edges, index };
}

/** A road is cut only where it runs alongside another for at least this long, m. */
const MIN_SHARED_RUN_M = 40;

/** A piece of a cut road is kept only when at least this long, m (shorter ones are left as they are). */
const MIN_KEPT_COURSE_M = 15;

/**
 * Cuts the stretch a road runs alongside another out of it: OSM's two carriageways of a divided road, or a slip road
 * beside a main road, running side by side for tens of metres (within {@link CARRIAGEWAY_SPACING_M}, nearly parallel)
 * and parting elsewhere, so {@link mergeCarriageways} keeps both; or a road bending beside another without a shared
 * node. Each would lay its lanes in the other's corridor over the whole shared stretch, crossing them at a small
 * angle, within every clearance. The lower-class road, or the shorter of two of a class, loses the stretch: its
 * pieces before and after it join the other road at the feet of the cuts (split there, or at its end when a foot is
 * near it), and the other road serves the stretch. A stretch reaching an end of the road is cut only where the other
 * road ends at the same junction (so it stays reached). New vertices are appended to `points`.
 */
export function cutSharedStretches(points: Xy[], chains: readonly RoadChain[]): RoadChain[] {
  const indexed = chainEdgeIndex(chains);
  if (!indexed) return [...chains];
  const { edges, index } = indexed;
  const lengths = chains.map((c) => polylineLength(c.points));
  const cosLimit = Math.cos((ALONGSIDE_DEG * Math.PI) / 180);
  const sp = CARRIAGEWAY_SPACING_M;
  /** The chains point p (heading `dir`) runs alongside. */
  const alongsideOf = (i: number, p: Xy, dir: Xy): Set<number> => {
    const found = new Set<number>();
    for (const k of index.search(p[0] - sp, p[1] - sp, p[0] + sp, p[1] + sp)) {
      const e = edges[k]!;
      if (e.chain === i) continue;
      const ex = e.b[0] - e.a[0],
        ey = e.b[1] - e.a[1];
      const el = Math.hypot(ex, ey);
      if (el === 0 || Math.abs(ex * dir[0] + ey * dir[1]) / el < cosLimit) continue;
      if (distanceToSegment(p, e.a, e.b) < sp) found.add(e.chain);
    }
    return found;
  };
  const cut = new Set<number>();
  const anchors = new Set<number>();
  const splits = new Map<number, { along: number; vertex: number }[]>();
  /** The vertex where a piece of a cut road joins chain j near point p: j's end near the foot, or a split of j. */
  const joinOn = (j: number, p: Xy): { vertex: number; point: Xy } => {
    const c = chains[j]!;
    const foot = projectOnPolyline(c.points, p);
    if (foot.along < SNAP_TO_END_M) return { vertex: c.from, point: c.points[0]! };
    if (foot.along > lengths[j]! - SNAP_TO_END_M) return { vertex: c.to, point: c.points[c.points.length - 1]! };
    const list = splits.get(j) ?? [];
    const same = list.find((x) => Math.abs(x.along - foot.along) < SNAP_TO_END_M);
    if (same) return { vertex: same.vertex, point: points[same.vertex]! };
    const vertex = points.length;
    points.push(foot.point);
    list.push({ along: foot.along, vertex });
    splits.set(j, list);
    return { vertex, point: foot.point };
  };
  const pieces = new Map<number, RoadChain[]>();
  // Lower classes first, then shorter roads: a minor road gives way to a major one.
  const order = chains
    .map((_, i) => i)
    .sort(
      (x, y) =>
        CLASS_RANK[chains[x]!.roadClass] - CLASS_RANK[chains[y]!.roadClass] || lengths[x]! - lengths[y]! || x - y,
    );
  const rank = new Int32Array(chains.length);
  order.forEach((i, k) => (rank[i] = k));
  for (const i of order) {
    const c = chains[i]!;
    const len = lengths[i]!;
    if (anchors.has(i) || c.from === c.to || len < MIN_SHARED_RUN_M) continue;
    // Per sample (every SAMPLE_STEP_M), the chains after it in that order, not cut themselves, it runs alongside.
    const samples: { d: number; with: Set<number> }[] = [];
    for (let d = 0; d <= len; d += SAMPLE_STEP_M) {
      const p = pointAlong(c.points, d),
        q = pointAlong(c.points, Math.min(len, d + 1)),
        o = pointAlong(c.points, Math.max(0, d - 1));
      const dl = Math.hypot(q[0] - o[0], q[1] - o[1]) || 1;
      const near = alongsideOf(i, p, [(q[0] - o[0]) / dl, (q[1] - o[1]) / dl]);
      samples.push({ d, with: new Set([...near].filter((j) => !cut.has(j) && rank[j]! > rank[i]!)) });
    }
    let best: { j: number; d0: number; d1: number } | null = null;
    const candidates = new Set(samples.flatMap((x) => [...x.with]));
    for (const j of candidates) {
      let run0 = -1;
      for (let k = 0; k <= samples.length; k++) {
        const on = k < samples.length && samples[k]!.with.has(j);
        if (on && run0 < 0) run0 = k;
        if (!on && run0 >= 0) {
          const d0 = samples[run0]!.d,
            d1 = samples[k - 1]!.d;
          if (d1 - d0 >= MIN_SHARED_RUN_M && (best === null || d1 - d0 > best.d1 - best.d0)) best = { j, d0, d1 };
          run0 = -1;
        }
      }
    }
    if (best === null) continue;
    const { j } = best;
    const jc = chains[j]!;
    const shares = (v: number) => jc.from === v || jc.to === v;
    // A stretch reaching an end takes it with it (the other road must end there too); else a piece stays before it.
    const headGone = best.d0 < END_MARGIN_M + SAMPLE_STEP_M;
    const tailGone = best.d1 > len - END_MARGIN_M - SAMPLE_STEP_M;
    if ((headGone && !shares(c.from)) || (tailGone && !shares(c.to)) || (headGone && tailGone)) continue;
    if ((!headGone && best.d0 < MIN_KEPT_COURSE_M) || (!tailGone && best.d1 > len - MIN_KEPT_COURSE_M)) continue;
    const out: RoadChain[] = [];
    if (!headGone) {
      const at = joinOn(j, pointAlong(c.points, best.d0));
      if (at.vertex !== c.from)
        out.push({ ...c, to: at.vertex, points: [...subPolyline(c.points, 0, best.d0), at.point] });
    }
    if (!tailGone) {
      const at = joinOn(j, pointAlong(c.points, best.d1));
      if (at.vertex !== c.to)
        out.push({ ...c, from: at.vertex, points: [at.point, ...subPolyline(c.points, best.d1, len)] });
    }
    pieces.set(i, out);
    cut.add(i);
    anchors.add(j);
  }
  const result: RoadChain[] = [];
  chains.forEach((c, i) => {
    if (pieces.has(i)) {
      result.push(...pieces.get(i)!);
      return;
    }
    const list = (splits.get(i) ?? []).sort((x, y) => x.along - y.along);
    let from = c.from,
      at = 0;
    for (const s of list) {
      result.push({ ...c, from, to: s.vertex, points: subPolyline(c.points, at, s.along) });
      from = s.vertex;
      at = s.along;
    }
    result.push({ ...c, from, points: list.length > 0 ? subPolyline(c.points, at, lengths[i]!) : c.points });
  });
  return result;
}

/** A road's first edge shorter than this, turning sharply at its far end, is a kink into the junction, m. */
const KINK_EDGE_M = 20;

/** A turn sharper than this (degrees) at the end of a road's first edge makes that edge a kink. */
const KINK_TURN_DEG = 30;

/** A turn sharper than this (degrees) at the end of a road's first edge turns it back on itself: a spike. */
const SPIKE_TURN_DEG = 120;

/**
 * Straightens the kinks roads make into their junctions: where a junction was moved (a short road contracted into
 * one node, a carriageway's junction moved onto the kept one) or OSM's ways meet a few metres off, a road's first
 * metres step sideways to the node at an angle unrelated to its course. The junction's lanes are laid from the
 * direction of that first edge, so a road leaving eastward after a 10 m stub to the south had its lanes laid as for
 * a road going south, beside the real southern arm. Interior vertices are dropped from each end while the first edge
 * is shorter than {@link KINK_EDGE_M} (twice that for a spike, turning back more than {@link SPIKE_TURN_DEG}) and
 * turns more than {@link KINK_TURN_DEG} at its far end: the road then runs straight from the node to where its course
 * resumes.
 */
export function straightenKinkedEnds(chains: readonly RoadChain[]): RoadChain[] {
  const cosTurn = Math.cos((KINK_TURN_DEG * Math.PI) / 180);
  const cosSpike = Math.cos((SPIKE_TURN_DEG * Math.PI) / 180);
  const trimHead = (pts: Xy[]): Xy[] => {
    const out = [...pts];
    while (out.length > 2) {
      const [a, b, c] = [out[0]!, out[1]!, out[2]!];
      const u: Xy = [b[0] - a[0], b[1] - a[1]],
        w: Xy = [c[0] - b[0], c[1] - b[1]];
      const lu = Math.hypot(u[0], u[1]),
        lw = Math.hypot(w[0], w[1]);
      if (lw === 0) break;
      const cos = lu > 0 ? (u[0] * w[0] + u[1] * w[1]) / (lu * lw) : -1;
      // A spike (the road turning back on itself) is a kink up to twice as long.
      if (lu >= (cos < cosSpike ? 2 : 1) * KINK_EDGE_M || cos >= cosTurn) break;
      out.splice(1, 1);
    }
    return out;
  };
  return chains.map((c) => {
    if (c.points.length < 3) return c;
    const points = trimHead(trimHead(c.points).reverse()).reverse();
    return points.length === c.points.length ? c : { ...c, points };
  });
}
