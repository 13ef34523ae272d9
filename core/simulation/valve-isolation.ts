import { MinHeap, type TopologyGraph } from '../network/index.js';

/** How valves behave in an isolation search. Node indices of the graph. */
export interface ValveIsolationOptions {
  /** Whether a node is a valve a crew could close. */
  readonly isValve: (node: number) => boolean;
  /** Nodes that supply the network (reservoirs, tanks, gas gate stations). */
  readonly sources: readonly number[];
  /** Valves already closed (normally-closed zone valves, valves shut earlier): they block flow and need no action. */
  readonly isClosed?: (node: number) => boolean;
  /** Valves that cannot be operated (broken, seized, excluded by the user): flow passes them like a fitting. */
  readonly isBroken?: (node: number) => boolean;
  /**
   * Whether a link is a valve a crew could close (EPANET models valves as links: TCV, GPV...). Such a link bounds
   * the region as a valve node does; broken ones (`isBrokenLink`) do not.
   */
  readonly isValveLink?: (link: number) => boolean;
  /** Links already closed (a closed valve link or pipe): they block flow and need no action. */
  readonly isClosedLink?: (link: number) => boolean;
  /** Valve links that cannot be operated: flow passes them like a pipe (the search goes on to the next ring). */
  readonly isBrokenLink?: (link: number) => boolean;
  /** Length of a link, to rank the valves nearest the burst when it cannot be isolated. @default 1 (hops) */
  readonly linkLength?: (link: number) => number;
  /** Optional scratch array of the graph's node count, reused between calls on hot paths (zeroed on return). */
  readonly scratch?: Uint8Array;
}

/** A valve on the boundary of the valve-free region around a burst, with its distance along the pipes. */
export interface BoundingValve {
  readonly kind: 'node' | 'link';
  /** Node or link index. */
  readonly index: number;
  /** Distance from the nearer end of the burst link along the region's links (in `linkLength` units). */
  readonly distance: number;
}

/** The valves that isolate one link, and what closing them cuts off. Indices into the graph. */
export interface ValveIsolation {
  /** The burst link. */
  readonly link: number;
  /** False when a source lies inside the valve-free region (no valve set can isolate the link). */
  readonly isolable: boolean;
  /** Operable valve nodes to close: with `valveLinksToClose`, the smallest set giving the smallest outage. */
  readonly valvesToClose: number[];
  /** Operable valve links to close (link indices, ascending). */
  readonly valveLinksToClose: number[];
  /** Already-closed links on the boundary (closed valve links or pipes): they must stay closed. */
  readonly closedBoundaryLinks: number[];
  /** Boundary valve links that need not be closed (as `unneededValves`). */
  readonly unneededValveLinks: number[];
  /**
   * When the link cannot be isolated (a source lies in its valve-free region): the operable valves bounding that
   * region, nearest first. Closing them cuts the region (the largest part valves can separate around the burst)
   * off from the rest of the network; the source inside it still feeds the burst. Empty when isolable.
   */
  readonly boundingValves: BoundingValve[];
  /** Source nodes inside the valve-free region (why it is not isolable). */
  readonly sourcesInRegion: number[];
  /** Already-closed valves on the boundary of the segment (no action, but they must stay closed). */
  readonly closedBoundary: number[];
  /**
   * Boundary valves that need not be closed: everything behind them is cut off anyway (a dead end fed only
   * through the segment), so closing them would change nothing for customers.
   */
  readonly unneededValves: number[];
  /** Nodes of the valve-free region around the link (the segment to drain). */
  readonly segmentNodes: number[];
  /** Links of the segment: the burst link, links inside the region and links ending at its boundary valves. */
  readonly segmentLinks: number[];
  /** Every node without supply once the valves are closed: the segment and anything fed only through it. */
  readonly deprivedNodes: number[];
}

const IN_REGION = 1,
  BOUNDARY = 2,
  CLOSED = 4,
  SUPPLIED = 8;
/** Link states (a second scratch array): an operable valve link met at the region's edge, a closed link met. */
const LINK_BOUNDARY = 1,
  LINK_CLOSED = 2,
  LINK_INSIDE = 4;

/**
 * Valve isolation of a burst link: grow the valve-free region from the link's ends (broken valves do not stop it,
 * closed valves do); its operable boundary valves, nodes and links, are the candidates. With them all closed, find
 * what still has supply; a candidate is needed only when something on its far side is supplied. The needed valves
 * are the unique smallest set that gives the smallest possible outage (proof sketch in
 * tests/core/simulation/valve-isolation.test.ts, which checks it against exhaustive search; a valve link is a valve
 * node split in two, so the argument holds for both). Runs in O(size of network) for the supply check, O(segment)
 * otherwise.
 * @throws RangeError when `link` is not a link index of the graph.
 */
export function findValveIsolation(graph: TopologyGraph, link: number, options: ValveIsolationOptions): ValveIsolation {
  if (!(link >= 0 && link < graph.linkIds.length)) throw new RangeError(`link: no link at index ${link}`);
  const n = graph.nodeIds.length;
  const { isValve, sources } = options;
  const isClosed = options.isClosed ?? (() => false);
  const isBroken = options.isBroken ?? (() => false);
  const isValveLink = options.isValveLink;
  const isClosedLink = options.isClosedLink;
  const isBrokenLink = options.isBrokenLink ?? (() => false);
  const withLinks = isValveLink !== undefined || isClosedLink !== undefined;
  const state = options.scratch && options.scratch.length >= n ? options.scratch : new Uint8Array(n);
  // Link states are only needed when links can be valves or closed; the map stays small (the region's edge).
  const linkState = new Map<number, number>();
  const { adjStart, adjNode, adjLink } = graph;
  const segmentNodes: number[] = [];
  const boundary: number[] = [];
  const closedBoundary: number[] = [];
  const boundaryLinks: number[] = [];
  const closedBoundaryLinks: number[] = [];
  const segmentLinks: number[] = [link];

  // Classify a link met at the region's edge; answers true when the region may cross it.
  const crossLink = (l: number): boolean => {
    if (!withLinks || l === link) return true;
    const known = linkState.get(l);
    if (known !== undefined) return known === LINK_INSIDE;
    if (isClosedLink?.(l)) {
      linkState.set(l, LINK_CLOSED);
      closedBoundaryLinks.push(l);
      return false;
    }
    if (isValveLink?.(l) && !isBrokenLink(l)) {
      linkState.set(l, LINK_BOUNDARY);
      boundaryLinks.push(l);
      return false;
    }
    linkState.set(l, LINK_INSIDE);
    return true;
  };
  // Classify a node met at the region's edge; answers true when the region grows into it.
  const enter = (v: number): boolean => {
    if (state[v]) return false;
    if (isClosed(v)) {
      state[v] = CLOSED;
      closedBoundary.push(v);
      return false;
    }
    if (isValve(v) && !isBroken(v)) {
      state[v] = BOUNDARY;
      boundary.push(v);
      return false;
    }
    state[v] = IN_REGION;
    segmentNodes.push(v);
    return true;
  };
  const stack: number[] = [];
  for (const end of [graph.linkFrom[link]!, graph.linkTo[link]!]) if (enter(end)) stack.push(end);
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let k = adjStart[v]!; k < adjStart[v + 1]!; k++) {
      const w = adjNode[k]!,
        l = adjLink[k]!;
      if (!crossLink(l)) continue;
      if (l !== link) segmentLinks.push(l);
      if (enter(w)) stack.push(w);
    }
  }
  // A valve link with both ends in the region (the region came round it) separates nothing: part of the segment.
  const edgeLinks = boundaryLinks.filter((l) => {
    const inside = state[graph.linkFrom[l]!] === IN_REGION && state[graph.linkTo[l]!] === IN_REGION;
    if (inside) segmentLinks.push(l);
    return !inside;
  });

  const sourcesInRegion = sources.filter((s) => state[s] === IN_REGION);
  const isolable = sourcesInRegion.length === 0;

  // Supply with every candidate and closed valve shut (the region itself is only reachable through them).
  const supplyStack = new Int32Array(n);
  let top = 0;
  for (const s of sources) {
    const st = state[s]!;
    if (st & (BOUNDARY | CLOSED | SUPPLIED) || isClosed(s)) continue;
    state[s] = st | SUPPLIED;
    supplyStack[top++] = s;
  }
  const closedCheck = options.isClosed !== undefined;
  // Blocked links: the region's boundary and closed valve links, and closed links the region never met.
  const blocked = (l: number): boolean => {
    if (!withLinks) return false;
    const ls = linkState.get(l);
    if (ls !== undefined) return ls !== LINK_INSIDE;
    return isClosedLink?.(l) === true;
  };
  while (top > 0) {
    const v = supplyStack[--top]!;
    for (let k = adjStart[v]!; k < adjStart[v + 1]!; k++) {
      const w = adjNode[k]!;
      const st = state[w]!;
      // Closed valves away from the segment block supply too (they were never met by the region growth).
      if (st & (BOUNDARY | CLOSED | SUPPLIED) || (closedCheck && st === 0 && isClosed(w))) continue;
      if (blocked(adjLink[k]!)) continue;
      state[w] = st | SUPPLIED;
      supplyStack[top++] = w;
    }
  }

  const valvesToClose: number[] = [];
  const unneededValves: number[] = [];
  for (const b of boundary) {
    let needed = false;
    for (let k = adjStart[b]!; k < adjStart[b + 1]! && !needed; k++)
      if (state[adjNode[k]!]! & SUPPLIED && !blocked(adjLink[k]!)) needed = true;
    (needed ? valvesToClose : unneededValves).push(b);
  }
  const valveLinksToClose: number[] = [];
  const unneededValveLinks: number[] = [];
  for (const l of edgeLinks) {
    const a = graph.linkFrom[l]!,
      b = graph.linkTo[l]!;
    const needed = (state[a]! & SUPPLIED) !== 0 || (state[b]! & SUPPLIED) !== 0;
    (needed ? valveLinksToClose : unneededValveLinks).push(l);
  }
  const deprivedNodes: number[] = [];
  let boundingValves: BoundingValve[] = [];
  if (isolable) {
    for (let v = 0; v < n; v++) {
      const st = state[v]!;
      if (st & SUPPLIED) continue;
      if (st & CLOSED || (st === 0 && isClosed(v))) continue;
      if (st & BOUNDARY && valvesToClose.includes(v)) continue;
      deprivedNodes.push(v);
    }
  } else {
    // Not isolable: the segment keeps its supply; nothing is cut off by closing valves that will not be closed.
    boundingValves = nearestBoundary(graph, link, state, boundary, edgeLinks, options.linkLength ?? (() => 1), blocked);
    valvesToClose.length = 0;
    valveLinksToClose.length = 0;
  }
  state.fill(0, 0, n);
  const asc = (a: number, b: number): number => a - b;
  return {
    link,
    isolable,
    valvesToClose: valvesToClose.sort(asc),
    valveLinksToClose: valveLinksToClose.sort(asc),
    closedBoundary: closedBoundary.sort(asc),
    closedBoundaryLinks: closedBoundaryLinks.sort(asc),
    unneededValves: unneededValves.sort(asc),
    unneededValveLinks: unneededValveLinks.sort(asc),
    boundingValves,
    sourcesInRegion,
    segmentNodes: segmentNodes.sort(asc),
    segmentLinks: [...new Set(segmentLinks)].sort(asc),
    deprivedNodes,
  };
}

/**
 * The operable valves bounding the region, nearest the burst first: Dijkstra from the burst link's ends over the
 * region (`state` IN_REGION), a valve node at the distance of the link reaching it, a valve link at its nearer end.
 */
function nearestBoundary(
  graph: TopologyGraph,
  link: number,
  state: Uint8Array,
  boundary: readonly number[],
  boundaryLinks: readonly number[],
  length: (l: number) => number,
  blocked: (l: number) => boolean,
): BoundingValve[] {
  const dist = new Map<number, number>();
  const heap = new MinHeap();
  for (const end of [graph.linkFrom[link]!, graph.linkTo[link]!]) {
    dist.set(end, 0);
    heap.push(end, 0);
  }
  const out = { item: 0, key: 0 };
  while (heap.pop(out)) {
    const v = out.item;
    if (out.key > dist.get(v)! || !(state[v]! & IN_REGION)) continue;
    for (let k = graph.adjStart[v]!; k < graph.adjStart[v + 1]!; k++) {
      const l = graph.adjLink[k]!;
      if (blocked(l)) continue;
      const w = graph.adjNode[k]!;
      const d = out.key + Math.max(0, length(l));
      if (d < (dist.get(w) ?? Infinity)) {
        dist.set(w, d);
        heap.push(w, d);
      }
    }
  }
  const valves: BoundingValve[] = [
    ...boundary.filter((v) => dist.has(v)).map((v) => ({ kind: 'node' as const, index: v, distance: dist.get(v)! })),
    ...boundaryLinks.map((l) => ({
      kind: 'link' as const,
      index: l,
      distance: Math.min(dist.get(graph.linkFrom[l]!) ?? Infinity, dist.get(graph.linkTo[l]!) ?? Infinity),
    })),
  ];
  return valves.sort((a, b) => a.distance - b.distance || a.index - b.index);
}
