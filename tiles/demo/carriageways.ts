import Flatbush from 'flatbush';
import { pointAlong, polylineLength, projectOnPolyline, subPolyline, type Xy } from './plane-geometry.js';
import type { RoadChain } from './road-graph.js';

/** Centrelines closer than this, running alongside, are two carriageways of one road, m. */
export const CARRIAGEWAY_SPACING_M = 18;

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
  const edges: { chain: number; a: Xy; b: Xy }[] = [];
  chains.forEach((c, i) => {
    for (let k = 0; k + 1 < c.points.length; k++) edges.push({ chain: i, a: c.points[k]!, b: c.points[k + 1]! });
  });
  if (edges.length === 0) return [...chains];
  const index = new Flatbush(edges.length);
  for (const e of edges)
    index.add(Math.min(e.a[0], e.b[0]), Math.min(e.a[1], e.b[1]), Math.max(e.a[0], e.b[0]), Math.max(e.a[1], e.b[1]));
  index.finish();
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
