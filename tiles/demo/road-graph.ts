import type { EnuFrame } from '../../core/geo/index.js';
import { buildTopologyGraph, connectedComponents, type TopologyGraph } from '../../core/network/index.js';
import { lineStringsOf, stringProp, type OsmFeature } from './osm-source.js';
import {
  mergeCarriageways,
  squareForks,
  straightenKinkedEnds,
  cutSharedStretches,
  trimDeadEndsBesideRoads,
  trimFoldedDeadEnds,
} from './carriageways.js';
import { polylineLength, type Xy } from './plane-geometry.js';

type Chain = RoadChain;

/** Road classes that carry utilities. */
export type RoadClass = 'major' | 'minor' | 'pedestrian';

/** A road between two graph nodes, as a polyline in the local ENU plane (from-node first). */
export interface RoadSegment {
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly points: Xy[];
  readonly lengthM: number;
  readonly roadClass: RoadClass;
  readonly name?: string;
  readonly nameEn?: string;
}

/** The road network the utilities follow: junction nodes, segments between them, and their topology. */
export interface RoadGraph {
  readonly nodes: Xy[];
  readonly segments: RoadSegment[];
  /** Topology with node ids `rn-<i>` and link ids `rs-<i>` in the order of `nodes` and `segments`. */
  readonly topology: TopologyGraph;
  /** Connected component of each node (0 = longest). Every kept component is served by the networks. */
  readonly component: Int32Array;
  /** Total road length per component, m. */
  readonly componentLengthM: number[];
}

/** Options of {@link buildRoadGraph}. */
export interface RoadGraphOptions {
  /** Vertices closer than this are one vertex (tile clipping, sloppy joins), m. @default 1 */
  readonly snapM?: number;
  /** Segments shorter than this are contracted into one junction (dual carriageways, small links), m. @default 30 */
  readonly minSegmentM?: number;
  /** Components shorter than this fraction of the longest one are dropped. @default 0.08 */
  readonly minComponentFraction?: number;
}

/** Order of the road classes, highest last. */
export const CLASS_RANK: Record<RoadClass, number> = { major: 3, minor: 2, pedestrian: 1 };

/**
 * Which OSM road features carry utilities: streets (major, minor incl. service) and pedestrian streets; not rail,
 * ferries, footways, steps, piers, road tunnels (river crossings, the Bund tunnel) or elevated trunk roads.
 */
export function roadClassOf(f: OsmFeature): RoadClass | null {
  const kind = stringProp(f, 'kind');
  const detail = stringProp(f, 'kind_detail') ?? '';
  if (f.properties.is_tunnel) return null;
  if (kind === 'major_road') return detail.startsWith('trunk') ? null : 'major';
  if (kind === 'minor_road') return 'minor';
  if (kind === 'path' && detail === 'pedestrian') return 'pedestrian';
  return null;
}

interface RawEdge {
  a: number;
  b: number;
  roadClass: RoadClass;
  name?: string;
  nameEn?: string;
}

/** Snaps vertices on a hash grid: a vertex within `snapM` of an earlier one becomes that one. */
class VertexSnapper {
  readonly points: Xy[] = [];
  private readonly cells = new Map<string, number[]>();
  constructor(private readonly snapM: number) {}
  add(p: Xy): number {
    const cx = Math.floor(p[0] / this.snapM),
      cy = Math.floor(p[1] / this.snapM);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        for (const i of this.cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          const q = this.points[i]!;
          if (Math.hypot(q[0] - p[0], q[1] - p[1]) <= this.snapM) return i;
        }
      }
    const i = this.points.length;
    this.points.push(p);
    const key = `${cx},${cy}`;
    const cell = this.cells.get(key);
    if (cell) cell.push(i);
    else this.cells.set(key, [i]);
    return i;
  }
}

function readEdges(roads: readonly OsmFeature[], frame: EnuFrame, snapM: number): { points: Xy[]; edges: RawEdge[] } {
  const snapper = new VertexSnapper(snapM);
  const byKey = new Map<string, RawEdge>();
  for (const f of roads) {
    const roadClass = roadClassOf(f);
    if (!roadClass) continue;
    const name = stringProp(f, 'name');
    const nameEn = stringProp(f, 'name:en');
    for (const line of lineStringsOf(f)) {
      let prev = -1;
      for (const c of line) {
        const enu = frame.toEnu(c[0], c[1], 0);
        const v = snapper.add([enu[0], enu[1]]);
        if (prev >= 0 && prev !== v) {
          const key = prev < v ? `${prev}-${v}` : `${v}-${prev}`;
          const old = byKey.get(key);
          // Tile clipping duplicates edges: keep one, with the highest class seen.
          if (!old) byKey.set(key, { a: prev, b: v, roadClass, name, nameEn });
          else if (CLASS_RANK[roadClass] > CLASS_RANK[old.roadClass])
            Object.assign(old, { roadClass, name: name ?? old.name, nameEn: nameEn ?? old.nameEn });
        }
        prev = v;
      }
    }
  }
  return { points: snapper.points, edges: [...byKey.values()] };
}

/** A road between two junction vertices while the graph is built (vertex indices into the snapped points). */
export interface RoadChain {
  from: number;
  to: number;
  points: Xy[];
  roadClass: RoadClass;
  name?: string;
  nameEn?: string;
}

/** Joins vertex edges into chains between vertices whose degree is not 2. */
function chainsOf(points: Xy[], edges: RawEdge[]): Chain[] {
  const adj: number[][] = points.map(() => []);
  edges.forEach((e, i) => {
    adj[e.a]!.push(i);
    adj[e.b]!.push(i);
  });
  const used = new Uint8Array(edges.length);
  const chains: Chain[] = [];
  const walk = (start: number, firstEdge: number): void => {
    const verts = [start];
    const lengthByClass = new Map<RawEdge, number>();
    let v = start,
      e = firstEdge;
    for (;;) {
      used[e] = 1;
      const edge = edges[e]!;
      const w = edge.a === v ? edge.b : edge.a;
      lengthByClass.set(edge, Math.hypot(points[w]![0] - points[v]![0], points[w]![1] - points[v]![1]));
      verts.push(w);
      v = w;
      if (adj[v]!.length !== 2 || v === start) break;
      const nextEdge = adj[v]!.find((x) => !used[x]);
      if (nextEdge === undefined) break;
      e = nextEdge;
    }
    // The chain takes the class and name of its highest-class, then longest, edge.
    let best: RawEdge | null = null,
      bestLen = -1;
    for (const [edge, len] of lengthByClass) {
      if (
        !best ||
        CLASS_RANK[edge.roadClass] > CLASS_RANK[best.roadClass] ||
        (edge.roadClass === best.roadClass && len > bestLen)
      ) {
        best = edge;
        bestLen = len;
      }
    }
    chains.push({
      from: start,
      to: v,
      points: verts.map((i) => points[i]!),
      roadClass: best!.roadClass,
      name: best!.name,
      nameEn: best!.nameEn,
    });
  };
  points.forEach((_, v) => {
    if (adj[v]!.length !== 2) for (const e of adj[v]!) if (!used[e]) walk(v, e);
  });
  // Closed loops of degree-2 vertices only.
  points.forEach((_, v) => {
    for (const e of adj[v]!) if (!used[e]) walk(v, e);
  });
  return chains;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
  /** Joins two sets; the smaller index becomes the root, so results do not depend on call order details. */
  union(a: number, b: number): void {
    const ra = this.find(a),
      rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** A second chain between the same two junctions is kept only when this many times as long as the first. */
const PARALLEL_CHAIN_RATIO = 3;

/**
 * Contracts short chains into single junctions (a cluster of intersection vertices becomes one node at their mean),
 * then drops short self-loops and parallel chains between the same junctions (dual carriageways, a service road
 * looping beside a street) unless three times as long as the kept one: their lanes would run inside the kept road's
 * corridor at a small angle, closer to its utilities than any clearance allows (its buildings are served from the
 * kept road).
 */
function contractShortChains(points: Xy[], chains: Chain[], minSegmentM: number): Chain[] {
  const uf = new UnionFind(points.length);
  const members = new Map<number, number[]>();
  for (const c of chains) for (const v of [c.from, c.to]) if (!members.has(v)) members.set(v, [v]);
  const centroid = (root: number): Xy => {
    const m = members.get(root)!;
    return [m.reduce((s, v) => s + points[v]![0], 0) / m.length, m.reduce((s, v) => s + points[v]![1], 0) / m.length];
  };
  const currentPoints = (c: Chain): Xy[] => [
    centroid(uf.find(c.from)),
    ...c.points.slice(1, -1),
    centroid(uf.find(c.to)),
  ];
  const maxClusterRadiusM = minSegmentM;
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    const order = chains
      .map((c, i) => ({ i, len: polylineLength(currentPoints(c)) }))
      .sort((x, y) => x.len - y.len || x.i - y.i);
    for (const { i, len } of order) {
      if (len >= minSegmentM) break;
      const c = chains[i]!;
      const ra = uf.find(c.from),
        rb = uf.find(c.to);
      if (ra === rb) continue;
      const merged = [...members.get(ra)!, ...members.get(rb)!];
      const mx = merged.reduce((s, v) => s + points[v]![0], 0) / merged.length;
      const my = merged.reduce((s, v) => s + points[v]![1], 0) / merged.length;
      if (merged.some((v) => Math.hypot(points[v]![0] - mx, points[v]![1] - my) > maxClusterRadiusM)) continue;
      uf.union(ra, rb);
      members.set(uf.find(ra), merged);
      changed = true;
    }
    if (!changed) break;
  }
  const out: Chain[] = [];
  const byPair = new Map<string, Chain[]>();
  for (const c of chains) {
    const from = uf.find(c.from),
      to = uf.find(c.to);
    const pts = currentPoints(c);
    // Interior vertices now lying inside the junction would fold the line back: drop them.
    const a = pts[0]!,
      b = pts[pts.length - 1]!;
    const inner = pts
      .slice(1, -1)
      .filter((p) => Math.hypot(p[0] - a[0], p[1] - a[1]) > 3 && Math.hypot(p[0] - b[0], p[1] - b[1]) > 3);
    const chain: Chain = { ...c, from, to, points: [a, ...inner, b] };
    const len = polylineLength(chain.points);
    if (from === to) {
      // A long closed loop (a block's service ring) stays, split at its middle vertex into two chains.
      if (len < 150 || inner.length < 2) continue;
      const mid = Math.floor(chain.points.length / 2);
      const midVertex = points.length;
      points.push(chain.points[mid]!);
      members.set(midVertex, [midVertex]);
      out.push({ ...chain, to: midVertex, points: chain.points.slice(0, mid + 1) });
      out.push({ ...chain, from: midVertex, points: chain.points.slice(mid) });
      continue;
    }
    const key = from < to ? `${from}-${to}` : `${to}-${from}`;
    const list = byPair.get(key);
    if (list) list.push(chain);
    else byPair.set(key, [chain]);
  }
  for (const list of byPair.values()) {
    list.sort(
      (x, y) =>
        CLASS_RANK[y.roadClass] - CLASS_RANK[x.roadClass] || polylineLength(x.points) - polylineLength(y.points),
    );
    const first = polylineLength(list[0]!.points);
    out.push(list[0]!);
    for (const c of list.slice(1)) if (polylineLength(c.points) > PARALLEL_CHAIN_RATIO * first) out.push(c);
  }
  return out;
}

/** Joins chains through junctions where exactly two chains meet, so segments run from junction to junction. */
function joinThroughDegreeTwo(chains: Chain[]): Chain[] {
  const alive: (Chain | null)[] = chains.map((c) => ({ ...c }));
  const at = new Map<number, Set<number>>();
  const attach = (v: number, i: number): void => {
    const s = at.get(v);
    if (s) s.add(i);
    else at.set(v, new Set([i]));
  };
  alive.forEach((c, i) => {
    attach(c!.from, i);
    attach(c!.to, i);
  });
  for (const [v, set] of [...at.entries()].sort((x, y) => x[0] - y[0])) {
    if (set.size !== 2) continue;
    const [i, j] = [...set] as [number, number];
    const c1 = alive[i]!,
      c2 = alive[j]!;
    const o1 = c1.from === v ? c1.to : c1.from,
      o2 = c2.from === v ? c2.to : c2.from;
    if (o1 === o2 || o1 === v || o2 === v) continue;
    const p1 = c1.to === v ? c1.points : [...c1.points].reverse();
    const p2 = c2.from === v ? c2.points : [...c2.points].reverse();
    const keep =
      CLASS_RANK[c1.roadClass] > CLASS_RANK[c2.roadClass] ||
      (c1.roadClass === c2.roadClass && polylineLength(p1) >= polylineLength(p2))
        ? c1
        : c2;
    alive[i] = { ...keep, from: o1, to: o2, points: [...p1, ...p2.slice(1)] };
    alive[j] = null;
    at.get(o2)!.delete(j);
    at.get(o2)!.add(i);
    at.delete(v);
  }
  return alive.filter((c): c is Chain => c !== null);
}

/**
 * Builds the road graph the demo networks follow from OSM road features: vertices snapped, edges deduplicated (tile
 * clipping), chains between junctions, short chains contracted, and small disconnected pieces dropped. Coordinates
 * are in `frame`'s ENU plane. Deterministic for the same input.
 */
export function buildRoadGraph(
  roads: readonly OsmFeature[],
  frame: EnuFrame,
  options: RoadGraphOptions = {},
): RoadGraph {
  const snapM = options.snapM ?? 1;
  const minSegmentM = options.minSegmentM ?? 30;
  const { points, edges } = readEdges(roads, frame, snapM);
  const contracted = joinThroughDegreeTwo(contractShortChains(points, chainsOf(points, edges), minSegmentM));
  // Junctions moved onto a kept carriageway can leave short pieces: contracted again.
  const merged = joinThroughDegreeTwo(
    contractShortChains(points, joinThroughDegreeTwo(mergeCarriageways(points, contracted)), minSegmentM),
  );
  const squared = joinThroughDegreeTwo(
    contractShortChains(
      points,
      joinThroughDegreeTwo(squareForks(points, trimDeadEndsBesideRoads(points, trimFoldedDeadEnds(points, merged)))),
      minSegmentM,
    ),
  );
  // Contraction moves junctions (a short chain becomes one node): roads that met elsewhere now fork there at a small
  // angle or run alongside each other into it, so the forks are squared again, after cutting the shared stretches.
  const chains = straightenKinkedEnds(
    joinThroughDegreeTwo(
      contractShortChains(
        points,
        joinThroughDegreeTwo(squareForks(points, cutSharedStretches(points, squared))),
        minSegmentM,
      ),
    ),
  );
  const vertexToNode = new Map<number, number>();
  const nodeOf = (v: number): number => {
    let n = vertexToNode.get(v);
    if (n === undefined) {
      n = vertexToNode.size;
      vertexToNode.set(v, n);
    }
    return n;
  };
  const all = chains.map((c) => ({ from: nodeOf(c.from), to: nodeOf(c.to), c }));
  const allNodes: Xy[] = [];
  for (const [v, n] of vertexToNode) allNodes[n] = all.find((x) => x.from === n)?.c.points[0] ?? points[v]!;
  for (const x of all) allNodes[x.to] = x.c.points[x.c.points.length - 1]!;
  const topo = buildTopologyGraph(
    allNodes.map((_, i) => ({ id: `${i}` })),
    all.map((x, i) => ({ id: `${i}`, fromNodeId: `${x.from}`, toNodeId: `${x.to}` })),
  );
  const label = connectedComponents(topo);
  const lengths: number[] = [];
  all.forEach((x) => {
    const c = label[x.from]!;
    lengths[c] = (lengths[c] ?? 0) + polylineLength(x.c.points);
  });
  const longest = Math.max(...lengths);
  const keptComponents = lengths
    .map((len, c) => ({ c, len }))
    .filter((x) => x.len >= (options.minComponentFraction ?? 0.08) * longest)
    .sort((a, b) => b.len - a.len || a.c - b.c);
  const componentRank = new Map(keptComponents.map((x, rank) => [x.c, rank]));
  const nodeMap = new Map<number, number>();
  const nodes: Xy[] = [];
  const keepNode = (n: number): number => {
    let m = nodeMap.get(n);
    if (m === undefined) {
      m = nodes.length;
      nodeMap.set(n, m);
      nodes.push(allNodes[n]!);
    }
    return m;
  };
  const segments: RoadSegment[] = [];
  for (const x of all) {
    if (!componentRank.has(label[x.from]!)) continue;
    const from = keepNode(x.from),
      to = keepNode(x.to);
    segments.push({
      index: segments.length,
      from,
      to,
      points: x.c.points,
      lengthM: polylineLength(x.c.points),
      roadClass: x.c.roadClass,
      ...(x.c.name ? { name: x.c.name } : {}),
      ...(x.c.nameEn ? { nameEn: x.c.nameEn } : {}),
    });
  }
  const topology = buildTopologyGraph(
    nodes.map((_, i) => ({ id: `rn-${i}` })),
    segments.map((s) => ({ id: `rs-${s.index}`, fromNodeId: `rn-${s.from}`, toNodeId: `rn-${s.to}` })),
  );
  const component = new Int32Array(nodes.length);
  for (const [old, m] of nodeMap) component[m] = componentRank.get(label[old]!)!;
  return { nodes, segments, topology, component, componentLengthM: keptComponents.map((x) => x.len) };
}
