import type { Building, LonLat, NetworkLink, NetworkNode } from '../model/index.js';
import { buildTopologyGraph, type TopologyGraph } from '../network/index.js';
import { findValveIsolation, type ValveIsolation } from './valve-isolation.js';
import { DEFAULT_ISOLATION_VALVES, isolationValveLinkTest, type IsolationValves } from './isolation-valves.js';
import { crewWorkOrder, type WorkOrderStep } from './work-order.js';
import { serviceNodeOf } from './service-attributes.js';

/** One network prepared for repeated isolation queries (graph, lookups, sources). Build once per network revision. */
export interface PreparedNetwork {
  readonly nodes: readonly NetworkNode[];
  readonly links: readonly NetworkLink[];
  readonly graph: TopologyGraph;
  /** Indices of supply nodes: reservoirs and tanks (water), gate-station regulators (gas). */
  readonly sources: readonly number[];
  /** Scratch for {@link findValveIsolation}. */
  readonly scratch: Uint8Array;
  /** 1 for each link that is an isolation valve (EPANET TCV/GPV, or as the network's setting says). */
  readonly valveLinks: Uint8Array;
  /** 1 for each link closed in the model (initial status Closed): it blocks flow and needs no crew. */
  readonly closedLinks: Uint8Array;
  /** Whether any link is a valve or closed (otherwise the link checks are skipped). */
  readonly hasLinkValves: boolean;
}

/** Whether a node feeds its network: reservoirs and tanks, and gas gate stations (regulators marked so). */
export function isSupplyNode(node: NetworkNode): boolean {
  if (node.kind === 'reservoir' || node.kind === 'tank') return true;
  return node.kind === 'regulator' && node.attributes.role === 'gate-station';
}

/**
 * Builds the graph of one network's nodes and links; `isolationValves` (the network's `metadata.isolationValves`)
 * says which valve links crews close. @throws RangeError on dangling links (see buildTopologyGraph).
 */
export function prepareNetwork(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  isolationValves: IsolationValves = DEFAULT_ISOLATION_VALVES,
): PreparedNetwork {
  const graph = buildTopologyGraph(nodes, links);
  const sources: number[] = [];
  nodes.forEach((n, i) => {
    if (isSupplyNode(n)) sources.push(i);
  });
  const isValveLink = isolationValveLinkTest(isolationValves);
  const valveLinks = new Uint8Array(links.length);
  const closedLinks = new Uint8Array(links.length);
  let hasLinkValves = false;
  links.forEach((l, i) => {
    if (l.hydraulics?.status === 'closed') closedLinks[i] = 1;
    else if (isValveLink(l)) valveLinks[i] = 1;
    hasLinkValves ||= closedLinks[i] === 1 || valveLinks[i] === 1;
  });
  return {
    nodes,
    links,
    graph,
    sources,
    scratch: new Uint8Array(nodes.length),
    valveLinks,
    closedLinks,
    hasLinkValves,
  };
}

/** What the user says about valves (model ids of valve nodes or valve links). */
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
  const linkIndex = (ids: readonly string[] | undefined): Set<number> =>
    new Set((ids ?? []).map((id) => net.graph.linkIndex.get(id)).filter((i): i is number => i !== undefined));
  const closed = index(states.closedValves);
  const broken = index(states.brokenValves);
  const closedLinks = linkIndex(states.closedValves);
  const brokenLinks = linkIndex(states.brokenValves);
  const withLinks = net.hasLinkValves || closedLinks.size > 0;
  return findValveIsolation(net.graph, link, {
    isValve: (v) => net.nodes[v]!.kind === 'valve',
    isClosed: (v) => closed.has(v) || (net.nodes[v]!.kind === 'valve' && net.nodes[v]!.normallyOpen === false),
    isBroken: (v) => broken.has(v),
    ...(withLinks
      ? {
          isValveLink: (l: number) => net.valveLinks[l] === 1,
          isClosedLink: (l: number) =>
            net.closedLinks[l] === 1 || (closedLinks.has(l) && net.links[l]!.kind === 'valve'),
          isBrokenLink: (l: number) => brokenLinks.has(l),
        }
      : {}),
    linkLength: (l) => net.links[l]!.lengthM,
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
  /** Valves to close: valve nodes and valve links (EPANET TCV/GPV...), by model id. */
  valvesToClose: string[];
  /** Those of `valvesToClose` that are links (EPANET valves), so a reader knows where to look each one up. */
  valveLinksToClose: string[];
  closedBoundaryValves: string[];
  unneededValves: string[];
  /**
   * When the burst cannot be isolated: the valves nearest it that bound the largest part valves can cut off around
   * it (the region that holds a source), nearest first, with the distance along the pipes. Empty when isolable.
   */
  nearestValves: { id: string; kind: 'node' | 'link'; distanceM: number }[];
  /** Why the burst cannot be isolated, in words (absent when isolable). */
  notIsolableReason?: string;
  /** The isolated segment: the burst pipe and the pipes between the valves. Empty when not isolable. */
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
 * and links (as the demo city and pipe-GIS imports carry them), and through a building's own `serviceNodeId` (as the
 * import connects buildings of an imported city to their nearest EPANET main, see service-attributes.ts).
 */
export function burstImpact(
  net: PreparedNetwork,
  linkId: string,
  buildings: ReadonlyMap<string, Building>,
  states: ValveStates = {},
): BurstImpact {
  const iso = isolateLink(net, linkId, states);
  const nodeId = (i: number): string => net.nodes[i]!.id;
  const linkIdOf = (i: number): string => net.links[i]!.id;
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
  if (iso.deprivedNodes.length > 0)
    for (const b of buildings.values()) {
      const node = serviceNodeOf(b);
      if (node === undefined) continue;
      const v = net.graph.nodeIndex.get(node);
      if (v !== undefined && deprived[v]) addBuilding(b.id);
    }
  const list = [...affected.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const link = net.links[iso.link]!;
  const burstAt: LonLat = link.path[Math.floor(link.path.length / 2)]!;
  const nearestValves = iso.boundingValves.map((v) => ({
    id: v.kind === 'node' ? nodeId(v.index) : linkIdOf(v.index),
    kind: v.kind,
    distanceM: Math.round(v.distance * 10) / 10,
  }));
  return {
    isolable: iso.isolable,
    valvesToClose: [...iso.valvesToClose.map(nodeId), ...iso.valveLinksToClose.map(linkIdOf)],
    valveLinksToClose: iso.valveLinksToClose.map(linkIdOf),
    closedBoundaryValves: [...iso.closedBoundary.map(nodeId), ...iso.closedBoundaryLinks.map(linkIdOf)],
    unneededValves: [...iso.unneededValves.map(nodeId), ...iso.unneededValveLinks.map(linkIdOf)],
    nearestValves,
    ...(iso.isolable ? {} : { notIsolableReason: notIsolableReason(net, iso, link.id, nearestValves) }),
    // Not isolable: nothing is isolated (the valve-free region around the burst keeps its source).
    isolatedLinks: iso.isolable ? iso.segmentLinks.map(linkIdOf) : [],
    isolatedNodes: iso.isolable ? iso.segmentNodes.map(nodeId) : [],
    cutOffNodes: iso.deprivedNodes.map(nodeId),
    serviceConnections,
    affectedBuildings: list.map((b) => b.id),
    buildings: list,
    population: list.reduce((s, b) => s + b.population, 0),
    demandLostLps,
    workOrder: crewWorkOrder(net, iso.valvesToClose, burstAt, iso.valveLinksToClose),
  };
}

const NEAREST_NAMED = 6;

/** Says in words why a burst cannot be isolated and what the nearest valves would still do. */
function notIsolableReason(
  net: PreparedNetwork,
  iso: ValveIsolation,
  burstId: string,
  nearest: BurstImpact['nearestValves'],
): string {
  const sources = iso.sourcesInRegion.map((s) => net.nodes[s]!.name ?? net.nodes[s]!.id);
  const feeds = `${sources.length === 1 ? 'source' : 'sources'} ${sources.join(', ')}`;
  if (nearest.length === 0)
    return `no valve separates pipe ${burstId} from ${feeds}: the network has no operable valve around it; shut the source instead`;
  const named = nearest.slice(0, NEAREST_NAMED).map((v) => `${v.id} (${v.distanceM} m)`);
  return (
    `no valve separates pipe ${burstId} from ${feeds}, which lies in the same valve-free part (${iso.segmentLinks.length} links); ` +
    `closing the ${nearest.length} valve(s) bounding that part cuts it off from the rest of the network, nearest: ${named.join(', ')}`
  );
}
