import { reachableFrom } from './connected-components.js';
import type { TopologyGraph } from './topology-graph.js';

/** What closing valves around a link cuts off. Indices into the graph. */
export interface IsolationTrace {
  /** Valve nodes to close (the boundary of the valve-free region around the link). */
  readonly valvesToClose: number[];
  /** Nodes of the region between those valves (the valves themselves excluded). */
  readonly isolatedNodes: number[];
  /** Links of the region, including the links that end at a closing valve. */
  readonly isolatedLinks: number[];
  /** Nodes cut off from every source once the valves are closed (the region and anything fed only through it). */
  readonly deprivedNodes: number[];
  /** False when the region contains a source: closing valves cannot isolate it from supply. */
  readonly isolable: boolean;
}

/**
 * Valve isolation trace (what a crew closes for a burst on `link`): grow the region from the link's ends without
 * passing a valve; the valves met are the ones to close. Then, with those valves closed, find every node that no
 * longer reaches a source.
 * @param isValve whether a node is an operable valve (normally open).
 * @param sources node indices that supply the network (reservoirs, tanks).
 */
export function traceIsolation(
  graph: TopologyGraph,
  link: number,
  isValve: (node: number) => boolean,
  sources: readonly number[],
): IsolationTrace {
  if (link < 0 || link >= graph.linkIds.length) throw new RangeError(`link: no link at index ${link}`);
  const inRegion = new Uint8Array(graph.nodeIds.length);
  const valveSet = new Set<number>();
  const linkSet = new Set<number>([link]);
  const stack: number[] = [];
  for (const end of [graph.linkFrom[link]!, graph.linkTo[link]!]) {
    if (isValve(end)) valveSet.add(end);
    else if (!inRegion[end]) {
      inRegion[end] = 1;
      stack.push(end);
    }
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let k = graph.adjStart[v]!; k < graph.adjStart[v + 1]!; k++) {
      const w = graph.adjNode[k]!;
      linkSet.add(graph.adjLink[k]!);
      if (inRegion[w]) continue;
      if (isValve(w)) {
        valveSet.add(w);
        continue;
      }
      inRegion[w] = 1;
      stack.push(w);
    }
  }
  const isolatedNodes: number[] = [];
  inRegion.forEach((r, i) => {
    if (r) isolatedNodes.push(i);
  });
  const isolable = !sources.some((s) => inRegion[s]);
  const supplied = reachableFrom(graph, sources, { blockedNode: (n) => valveSet.has(n) });
  const deprivedNodes: number[] = [];
  supplied.forEach((s, i) => {
    if (!s && !valveSet.has(i)) deprivedNodes.push(i);
  });
  return {
    valvesToClose: [...valveSet].sort((a, b) => a - b),
    isolatedNodes,
    isolatedLinks: [...linkSet].sort((a, b) => a - b),
    deprivedNodes,
    isolable,
  };
}
