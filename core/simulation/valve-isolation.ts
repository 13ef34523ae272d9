import type { TopologyGraph } from '../network/index.js';

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
  /** Optional scratch array of the graph's node count, reused between calls on hot paths (zeroed on return). */
  readonly scratch?: Uint8Array;
}

/** The valves that isolate one link, and what closing them cuts off. Indices into the graph. */
export interface ValveIsolation {
  /** The burst link. */
  readonly link: number;
  /** False when a source lies inside the valve-free region (no valve set can isolate the link). */
  readonly isolable: boolean;
  /** Operable valves to close: the smallest set giving the smallest outage. Ascending node indices. */
  readonly valvesToClose: number[];
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

/**
 * Valve isolation of a burst link: grow the valve-free region from the link's ends (broken valves do not stop it,
 * closed valves do); its operable boundary valves are the candidates. With them all closed, find what still has
 * supply; a candidate is needed only when something on its far side is supplied. The needed valves are the unique
 * smallest set that gives the smallest possible outage (proof sketch in tests/core/simulation/valve-isolation.test.ts,
 * which checks it against exhaustive search). Runs in O(size of network) for the supply check, O(segment) otherwise.
 * @throws RangeError when `link` is not a link index of the graph.
 */
export function findValveIsolation(graph: TopologyGraph, link: number, options: ValveIsolationOptions): ValveIsolation {
  if (!(link >= 0 && link < graph.linkIds.length)) throw new RangeError(`link: no link at index ${link}`);
  const n = graph.nodeIds.length;
  const { isValve, sources } = options;
  const isClosed = options.isClosed ?? (() => false);
  const isBroken = options.isBroken ?? (() => false);
  const state = options.scratch && options.scratch.length >= n ? options.scratch : new Uint8Array(n);
  const { adjStart, adjNode, adjLink } = graph;
  const segmentNodes: number[] = [];
  const boundary: number[] = [];
  const closedBoundary: number[] = [];
  const segmentLinks: number[] = [link];

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
      if (l !== link) segmentLinks.push(l);
      if (enter(w)) stack.push(w);
    }
  }

  let isolable = true;
  for (const s of sources) if (state[s] === IN_REGION) isolable = false;

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
  while (top > 0) {
    const v = supplyStack[--top]!;
    for (let k = adjStart[v]!; k < adjStart[v + 1]!; k++) {
      const w = adjNode[k]!;
      const st = state[w]!;
      // Closed valves away from the segment block supply too (they were never met by the region growth).
      if (st & (BOUNDARY | CLOSED | SUPPLIED) || (closedCheck && st === 0 && isClosed(w))) continue;
      state[w] = st | SUPPLIED;
      supplyStack[top++] = w;
    }
  }

  const valvesToClose: number[] = [];
  const unneededValves: number[] = [];
  for (const b of boundary) {
    let needed = false;
    for (let k = adjStart[b]!; k < adjStart[b + 1]! && !needed; k++) if (state[adjNode[k]!]! & SUPPLIED) needed = true;
    (needed ? valvesToClose : unneededValves).push(b);
  }
  const deprivedNodes: number[] = [];
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
    valvesToClose.length = 0;
  }
  state.fill(0, 0, n);
  const asc = (a: number, b: number): number => a - b;
  return {
    link,
    isolable,
    valvesToClose: valvesToClose.sort(asc),
    closedBoundary: closedBoundary.sort(asc),
    unneededValves: unneededValves.sort(asc),
    segmentNodes: segmentNodes.sort(asc),
    segmentLinks: [...new Set(segmentLinks)].sort(asc),
    deprivedNodes,
  };
}
