import type { Building, LonLat, NetworkLink, NetworkNode } from '../model/index.js';
import { buildTopologyGraph, type TopologyGraph } from '../network/index.js';
import { findValveIsolation, type ValveIsolation } from './valve-isolation.js';
import { crewWorkOrder, type WorkOrderStep } from './work-order.js';

/** One network prepared for repeated isolation queries (graph, lookups, sources). Build once per network revision. */
export interface PreparedNetwork {
  readonly nodes: readonly NetworkNode[];
  readonly links: readonly NetworkLink[];
  readonly graph: TopologyGraph;
  /** Indices of supply nodes: reservoirs and tanks (water), gate-station regulators (gas). */
  readonly sources: readonly number[];
  /** Scratch for {@link findValveIsolation}. */
  readonly scratch: Uint8Array;
}

/** Whether a node feeds its network: reservoirs and tanks, and gas gate stations (regulators marked so). */
export function isSupplyNode(node: NetworkNode): boolean {
  if (node.kind === 'reservoir' || node.kind === 'tank') return true;
  return node.kind === 'regulator' && node.attributes.role === 'gate-station';
}

/** Builds the graph of one network's nodes and links. @throws RangeError on dangling links (see buildTopologyGraph). */
export function prepareNetwork(nodes: readonly NetworkNode[], links: readonly NetworkLink[]): PreparedNetwork {
  const graph = buildTopologyGraph(nodes, links);
  const sources: number[] = [];
  nodes.forEach((n, i) => {
    if (isSupplyNode(n)) sources.push(i);
  });
  return { nodes, links, graph, sources, scratch: new Uint8Array(nodes.length) };
}

/** What the user says about valves (model ids). */
export interface ValveStates {
  /** Valves already closed; normally-closed valves (`normallyOpen: false`) count as closed too. */
  readonly closedValves?: readonly string[];
  /** Valves that cannot be operated; the search goes on to the next ring. */
  readonly brokenValves?: readonly string[];
}

/** Valve isolation of a link of a prepared network, with user valve states. @throws RangeError for an unknown link id. */
export function isolateLink(net: PreparedNetwork, linkId: string, states: ValveStates = {}): ValveIsolation {
  const link = net.graph.linkIndex.get(linkId);
  if (link === undefined) throw new RangeError(`linkId: ${linkId} is not a link of this network`);
  const index = (ids: readonly string[] | undefined): Set<number> =>
    new Set((ids ?? []).map((id) => net.graph.nodeIndex.get(id)).filter((i): i is number => i !== undefined));
  const closed = index(states.closedValves);
  const broken = index(states.brokenValves);
  return findValveIsolation(net.graph, link, {
    isValve: (v) => net.nodes[v]!.kind === 'valve',
    isClosed: (v) => closed.has(v) || (net.nodes[v]!.kind === 'valve' && net.nodes[v]!.normallyOpen === false),
    isBroken: (v) => broken.has(v),
    sources: net.sources,
    scratch: net.scratch,
  });
}

/** A building without supply, as a list row and a 3D highlight. */
export interface AffectedBuilding {
  id: string;
  population: number;
  name?: string;
  /** The service connection (link id) that feeds it. */
  serviceLinkId?: string;
}

/** Who and what a burst cuts off once its valves are closed (model ids). */
export interface BurstImpact {
  isolable: boolean;
  valvesToClose: string[];
  closedBoundaryValves: string[];
  unneededValves: string[];
  /** The isolated segment: the burst pipe and the pipes between the valves. */
  isolatedLinks: string[];
  isolatedNodes: string[];
  /** Every node without supply (segment and downstream dead ends). */
  cutOffNodes: string[];
  /** Service lines (kind `service`) that lose supply. */
  serviceConnections: string[];
  affectedBuildings: string[];
  buildings: AffectedBuilding[];
  population: number;
  /** Base demand no longer served, L/s. */
  demandLostLps: number;
  /** Crew work order: the valves in the order to close them. */
  workOrder: WorkOrderStep[];
}

/**
 * Burst impact of a link: valves to close, the isolated segment, the nodes, service connections, buildings and
 * population cut off, and the crew work order. Buildings are found through `attributes.buildingId` on service nodes
 * and links (as the demo city and pipe-GIS imports carry them).
 */
export function burstImpact(
  net: PreparedNetwork,
  linkId: string,
  buildings: ReadonlyMap<string, Building>,
  states: ValveStates = {},
): BurstImpact {
  const iso = isolateLink(net, linkId, states);
  const nodeId = (i: number): string => net.nodes[i]!.id;
  const deprived = new Uint8Array(net.nodes.length);
  for (const v of iso.deprivedNodes) deprived[v] = 1;
  const serviceConnections: string[] = [];
  const affected = new Map<string, AffectedBuilding>();
  const addBuilding = (id: unknown, serviceLinkId?: string): void => {
    if (typeof id !== 'string' || affected.has(id)) return;
    const b = buildings.get(id);
    affected.set(id, {
      id,
      population: b?.population ?? 0,
      ...(b?.name ? { name: b.name } : {}),
      ...(serviceLinkId ? { serviceLinkId } : {}),
    });
  };
  net.links.forEach((l, i) => {
    if (l.kind !== 'service') return;
    if (!deprived[net.graph.linkFrom[i]!] && !deprived[net.graph.linkTo[i]!]) return;
    serviceConnections.push(l.id);
    addBuilding(l.attributes.buildingId, l.id);
  });
  let demandLostLps = 0;
  for (const v of iso.deprivedNodes) {
    const n = net.nodes[v]!;
    demandLostLps += Math.max(0, n.hydraulics?.demandLps ?? 0);
    addBuilding(n.attributes.buildingId);
  }
  const list = [...affected.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const link = net.links[iso.link]!;
  const burstAt: LonLat = link.path[Math.floor(link.path.length / 2)]!;
  return {
    isolable: iso.isolable,
    valvesToClose: iso.valvesToClose.map(nodeId),
    closedBoundaryValves: iso.closedBoundary.map(nodeId),
    unneededValves: iso.unneededValves.map(nodeId),
    isolatedLinks: iso.segmentLinks.map((l) => net.links[l]!.id),
    isolatedNodes: iso.segmentNodes.map(nodeId),
    cutOffNodes: iso.deprivedNodes.map(nodeId),
    serviceConnections,
    affectedBuildings: list.map((b) => b.id),
    buildings: list,
    population: list.reduce((s, b) => s + b.population, 0),
    demandLostLps,
    workOrder: crewWorkOrder(net, iso.valvesToClose, burstAt),
  };
}
