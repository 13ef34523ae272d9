import type { TraversalBarriers } from './connected-components.js';
import { MinHeap } from './min-heap.js';
import type { TopologyGraph } from './topology-graph.js';

/** Result of a multi-source Dijkstra: distance to the nearest source and the tree toward it. */
export interface ShortestPathTree {
  /** Distance from the nearest source (Infinity when unreachable). */
  readonly distance: Float64Array;
  /** Link leading one step toward the nearest source (-1 at sources and unreachable nodes). */
  readonly parentLink: Int32Array;
  /** Node one step toward the nearest source (-1 at sources and unreachable nodes). */
  readonly parentNode: Int32Array;
  /** Index (in `sources`) of the source each node drains to (-1 when unreachable). */
  readonly sourceOf: Int32Array;
}

/**
 * Multi-source shortest-path tree (Dijkstra). `weight(link)` must be non-negative (e.g. length in metres).
 * Ties resolve to the lower node index, so the tree is deterministic.
 */
export function shortestPathTree(
  graph: TopologyGraph,
  sources: readonly number[],
  weight: (link: number) => number,
  barriers: TraversalBarriers = {},
): ShortestPathTree {
  const n = graph.nodeIds.length;
  const distance = new Float64Array(n).fill(Infinity);
  const parentLink = new Int32Array(n).fill(-1);
  const parentNode = new Int32Array(n).fill(-1);
  const sourceOf = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const heap = new MinHeap();
  sources.forEach((s, i) => {
    if (barriers.blockedNode?.(s) || distance[s] === 0) return;
    distance[s] = 0;
    sourceOf[s] = i;
    heap.push(s, 0);
  });
  const top = { item: 0, key: 0 };
  while (heap.pop(top)) {
    const v = top.item;
    if (done[v]) continue;
    done[v] = 1;
    for (let k = graph.adjStart[v]!; k < graph.adjStart[v + 1]!; k++) {
      const w = graph.adjNode[k]!,
        link = graph.adjLink[k]!;
      if (done[w] || barriers.blockedLink?.(link) || barriers.blockedNode?.(w)) continue;
      const wt = weight(link);
      if (!(wt >= 0)) throw new RangeError(`weight: link ${graph.linkIds[link]} has weight ${wt}`);
      const d = top.key + wt;
      if (d < distance[w]! || (d === distance[w]! && v < parentNode[w]!)) {
        distance[w] = d;
        parentLink[w] = link;
        parentNode[w] = v;
        sourceOf[w] = sourceOf[v]!;
        heap.push(w, d);
      }
    }
  }
  return { distance, parentLink, parentNode, sourceOf };
}

/** The node path from `node` back to its tree source (inclusive), or [] when unreachable. */
export function pathToSource(tree: ShortestPathTree, node: number): number[] {
  if (tree.sourceOf[node]! < 0) return [];
  const path = [node];
  let v = node;
  while (tree.parentNode[v]! >= 0) {
    v = tree.parentNode[v]!;
    path.push(v);
  }
  return path;
}
