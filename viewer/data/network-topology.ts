import type { NetworkLink, NetworkNode } from '../../core/model/index.js';
import type { CityData } from './city-data.js';

/** The network elements next to a link or node. For gravity networks links run upstream (from) to downstream (to). */
export interface Neighbours {
  upstream: NetworkLink[];
  downstream: NetworkLink[];
}

/** Links flowing into and out of a node. */
export function nodeNeighbours(data: Pick<CityData, 'linksByNode'>, nodeId: string): Neighbours {
  const links = data.linksByNode.get(nodeId) ?? [];
  return { upstream: links.filter((l) => l.toNodeId === nodeId), downstream: links.filter((l) => l.fromNodeId === nodeId) };
}

/** Links upstream (ending at its from-node) and downstream (starting at its to-node) of a link. */
export function linkNeighbours(data: Pick<CityData, 'linksByNode'>, link: NetworkLink): Neighbours {
  const upstream = (data.linksByNode.get(link.fromNodeId) ?? []).filter((l) => l.id !== link.id && l.toNodeId === link.fromNodeId);
  const downstream = (data.linksByNode.get(link.toNodeId) ?? []).filter((l) => l.id !== link.id && l.fromNodeId === link.toNodeId);
  return { upstream, downstream };
}

/** Whether crews can close this node to isolate a section (a valve that is not normally closed). */
function isClosableValve(node: NetworkNode | undefined): boolean {
  return node?.kind === 'valve' && node.normallyOpen !== false;
}

/**
 * The valves that isolate a link: walk the graph from both ends through every node that is not a closable valve;
 * the valves met on the way are the ones to close. `maxLinks` bounds the walk on networks without valves (sewers).
 */
export function isolatingValves(data: Pick<CityData, 'linksByNode' | 'nodeById'>, link: NetworkLink, maxLinks = 2000): NetworkNode[] {
  const valves = new Map<string, NetworkNode>();
  const seenLinks = new Set<string>([link.id]);
  const seenNodes = new Set<string>();
  const queue = [link.fromNodeId, link.toNodeId];
  while (queue.length > 0 && seenLinks.size < maxLinks) {
    const nodeId = queue.pop()!;
    if (seenNodes.has(nodeId)) continue;
    seenNodes.add(nodeId);
    const node = data.nodeById.get(nodeId);
    if (isClosableValve(node)) {
      valves.set(nodeId, node!);
      continue;
    }
    for (const next of data.linksByNode.get(nodeId) ?? []) {
      if (seenLinks.has(next.id)) continue;
      // A valve link (EPANET) closes too: stop there and name its end nodes' valve if any.
      seenLinks.add(next.id);
      queue.push(next.fromNodeId === nodeId ? next.toNodeId : next.fromNodeId);
    }
  }
  if (seenLinks.size >= maxLinks) return [];
  return [...valves.values()];
}
