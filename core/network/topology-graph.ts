/**
 * An undirected topology graph of a network in compact index form (CSR adjacency), built once from nodes and links
 * and shared by traces, components and shortest paths. Ids stay the model's strings; indices are positions in
 * `nodeIds` / `linkIds`.
 */
export interface TopologyGraph {
  readonly nodeIds: readonly string[];
  readonly linkIds: readonly string[];
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly linkIndex: ReadonlyMap<string, number>;
  /** From-node index of each link. */
  readonly linkFrom: Int32Array;
  /** To-node index of each link. */
  readonly linkTo: Int32Array;
  /** Adjacency of node i is entries adjStart[i] .. adjStart[i+1]-1 of adjLink / adjNode. */
  readonly adjStart: Int32Array;
  /** Link index of each adjacency entry. */
  readonly adjLink: Int32Array;
  /** Neighbour node index of each adjacency entry. */
  readonly adjNode: Int32Array;
}

/** The minimal shape of a node for topology. */
export interface TopologyNodeInput {
  readonly id: string;
}

/** The minimal shape of a link for topology. */
export interface TopologyLinkInput {
  readonly id: string;
  readonly fromNodeId: string;
  readonly toNodeId: string;
}

/**
 * Builds the undirected graph of nodes and links.
 * @throws RangeError when a node or link id repeats, or a link names a node that is not in `nodes`.
 */
export function buildTopologyGraph(
  nodes: readonly TopologyNodeInput[],
  links: readonly TopologyLinkInput[],
): TopologyGraph {
  const nodeIndex = new Map<string, number>();
  const nodeIds = nodes.map((n, i) => {
    if (nodeIndex.has(n.id)) throw new RangeError(`nodes: duplicate id ${n.id}`);
    nodeIndex.set(n.id, i);
    return n.id;
  });
  const linkIndex = new Map<string, number>();
  const linkFrom = new Int32Array(links.length);
  const linkTo = new Int32Array(links.length);
  const degree = new Int32Array(nodes.length + 1);
  const linkIds = links.map((l, i) => {
    if (linkIndex.has(l.id)) throw new RangeError(`links: duplicate id ${l.id}`);
    const a = nodeIndex.get(l.fromNodeId);
    const b = nodeIndex.get(l.toNodeId);
    if (a === undefined || b === undefined) throw new RangeError(`links: ${l.id} names a missing node`);
    linkIndex.set(l.id, i);
    linkFrom[i] = a;
    linkTo[i] = b;
    degree[a]! += 1;
    degree[b]! += 1;
    return l.id;
  });
  const adjStart = new Int32Array(nodes.length + 1);
  for (let i = 0; i < nodes.length; i++) adjStart[i + 1] = adjStart[i]! + degree[i]!;
  const fill = adjStart.slice(0, nodes.length);
  const adjLink = new Int32Array(adjStart[nodes.length]!);
  const adjNode = new Int32Array(adjStart[nodes.length]!);
  for (let l = 0; l < links.length; l++) {
    const a = linkFrom[l]!,
      b = linkTo[l]!;
    adjLink[fill[a]!] = l;
    adjNode[fill[a]!++] = b;
    adjLink[fill[b]!] = l;
    adjNode[fill[b]!++] = a;
  }
  return { nodeIds, linkIds, nodeIndex, linkIndex, linkFrom, linkTo, adjStart, adjLink, adjNode };
}

/** Number of links meeting at a node (a self-loop counts twice). */
export function nodeDegree(graph: TopologyGraph, node: number): number {
  return graph.adjStart[node + 1]! - graph.adjStart[node]!;
}

/** Calls `visit(neighbourNode, link)` for every adjacency entry of `node`. */
export function forEachNeighbour(
  graph: TopologyGraph,
  node: number,
  visit: (neighbour: number, link: number) => void,
): void {
  for (let k = graph.adjStart[node]!; k < graph.adjStart[node + 1]!; k++) visit(graph.adjNode[k]!, graph.adjLink[k]!);
}
