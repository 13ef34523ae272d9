import type { TopologyGraph } from './topology-graph.js';

/** What a traversal may not enter or cross (closed valves, cut links). */
export interface TraversalBarriers {
  /** Nodes that are never entered (e.g. closed valve nodes). */
  readonly blockedNode?: (node: number) => boolean;
  /** Links that are never crossed. */
  readonly blockedLink?: (link: number) => boolean;
}

/**
 * Labels every node with its connected component (0, 1, ... in order of the lowest node index); blocked nodes get
 * -1. Iterative, so deep networks do not overflow the stack.
 */
export function connectedComponents(graph: TopologyGraph, barriers: TraversalBarriers = {}): Int32Array {
  const n = graph.nodeIds.length;
  const label = new Int32Array(n).fill(-2);
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (label[start] !== -2) continue;
    if (barriers.blockedNode?.(start)) {
      label[start] = -1;
      continue;
    }
    const c = next++;
    label[start] = c;
    stack.push(start);
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (let k = graph.adjStart[v]!; k < graph.adjStart[v + 1]!; k++) {
        const w = graph.adjNode[k]!;
        if (label[w] !== -2) continue;
        if (barriers.blockedLink?.(graph.adjLink[k]!)) continue;
        if (barriers.blockedNode?.(w)) {
          label[w] = -1;
          continue;
        }
        label[w] = c;
        stack.push(w);
      }
    }
  }
  return label;
}

/**
 * Marks the nodes reachable from any of `sources` without entering a blocked node or crossing a blocked link.
 * Blocked sources are not entered.
 */
export function reachableFrom(
  graph: TopologyGraph,
  sources: readonly number[],
  barriers: TraversalBarriers = {},
): Uint8Array {
  const seen = new Uint8Array(graph.nodeIds.length);
  const stack: number[] = [];
  for (const s of sources) {
    if (seen[s] || barriers.blockedNode?.(s)) continue;
    seen[s] = 1;
    stack.push(s);
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let k = graph.adjStart[v]!; k < graph.adjStart[v + 1]!; k++) {
      const w = graph.adjNode[k]!;
      if (seen[w] || barriers.blockedLink?.(graph.adjLink[k]!) || barriers.blockedNode?.(w)) continue;
      seen[w] = 1;
      stack.push(w);
    }
  }
  return seen;
}

/** Sizes of components from {@link connectedComponents}, indexed by label. */
export function componentSizes(labels: Int32Array): number[] {
  const sizes: number[] = [];
  for (const c of labels) if (c >= 0) sizes[c] = (sizes[c] ?? 0) + 1;
  return sizes;
}
