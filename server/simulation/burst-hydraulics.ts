import type { Network, NetworkLink, NetworkNode } from '../../core/model/index.js';
import type { BurstImpact, PreparedNetwork } from '../../core/simulation/index.js';
import { epanetIdsOf } from '../../core/network/epanet-ids.js';
import { runEpanet, type EpanetRun, type EpanetScenario } from './epanet-runner.js';

/** Solves one .inp under several scenarios, results in the same order (the server's compute pool passes its own). */
export type EpanetSolver = (inp: string, scenarios: readonly EpanetScenario[]) => Promise<EpanetRun[]>;

/** Solves on the calling thread, one scenario after the other. */
export const solveEpanetHere: EpanetSolver = async (inp, scenarios) => {
  const runs: EpanetRun[] = [];
  for (const scenario of scenarios) runs.push(await runEpanet(inp, scenario));
  return runs;
};

/** Writes a network as EPANET .inp text (tiles/export's `writeInp`, injected: server code does not import tiles/). */
export type InpWriter = (network: Network, nodes: readonly NetworkNode[], links: readonly NetworkLink[]) => string;

/** Options of the burst hydraulics. */
export interface BurstHydraulicsOptions {
  /** Service pressure threshold, m. @default 14 */
  serviceThresholdM?: number;
  /** Also solve the network with the burst as an emitter before isolation. @default false */
  withEmitter?: boolean;
  /** Burst opening as a fraction of the pipe's cross-section (emitter run). @default 0.1 */
  burstAreaFraction?: number;
  /** Where EPANET runs. @default solveEpanetHere (this thread) */
  solve?: EpanetSolver;
  /** What stays the same for every burst on this network (pass the same object for its unchanged revision). */
  cache?: EpanetModelCache;
}

/**
 * What a burst derives from the network alone: its .inp text, the EPANET ids and the positions of the model's nodes
 * and links in EPANET's results. Writing and indexing a city-sized network takes tens to hundreds of ms of the
 * calling (main) thread, so a caller keeps one per network revision and passes it to every burst there.
 */
export interface EpanetModelCache {
  inp?: string;
  ids?: { node: Map<string, string>; link: Map<string, string> };
  toEpanetNode?: Int32Array;
  toEpanetLink?: Int32Array;
}

/** A node below the service pressure after isolation (outside the cut-off area). */
export interface LowPressureNode {
  nodeId: string;
  minPressureM: number;
  baselineMinPressureM: number;
  buildingId?: string;
}

/** Hydraulic consequences of a burst, SI units; arrays aligned with `nodeIds` / `linkIds`. */
export interface BurstHydraulics {
  serviceThresholdM: number;
  timesS: number[];
  nodeIds: string[];
  linkIds: string[];
  /** Pressure at every node and period after isolation (cut-off nodes report 0), m, 0.1 m steps. */
  pressureAfterM: number[][];
  pressureBeforeM: number[][];
  /** Mean of the end pressures of each link after isolation, first period, for pipe colours. */
  linkPressureAfterM: number[];
  lowPressureNodes: LowPressureNode[];
  lowPressureBuildings: string[];
  /** Largest flow changes (first period), L/s. */
  flowChanges: { linkId: string; beforeLps: number; afterLps: number }[];
  /** Emitter run: leak flow before isolation, L/s, and pressures then. */
  leak?: { flowLps: number; emitterCoefficient: number; pressureDuringLeakM: number[] };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Runs EPANET on a water network three ways (as is; with the isolation valves closed and cut-off demands removed;
 * optionally with the burst leaking through an emitter) and compares pressures and flows.
 */
export async function burstHydraulics(
  network: Network,
  net: PreparedNetwork,
  impact: BurstImpact,
  burstLinkId: string,
  writeInp: InpWriter,
  options: BurstHydraulicsOptions = {},
): Promise<BurstHydraulics> {
  const threshold = options.serviceThresholdM ?? 14;
  const cache = options.cache ?? {};
  const inp = (cache.inp ??= writeInp(network, net.nodes, net.links));
  const ids = (cache.ids ??= epanetIdsOf(
    net.nodes,
    net.links,
    (network.metadata.epanet as { format?: string } | undefined)?.format === 'epanet-inp',
  ));
  const g = net.graph;
  // Closing a valve node shuts every link at it; the isolated segment's own links are shut too.
  const closeLinks = new Set<string>(impact.isolatedLinks);
  const valveLinks = new Set(impact.valveLinksToClose);
  for (const v of impact.valvesToClose) {
    if (valveLinks.has(v)) {
      closeLinks.add(v);
      continue;
    }
    const k = g.nodeIndex.get(v)!;
    for (let a = g.adjStart[k]!; a < g.adjStart[k + 1]!; a++) closeLinks.add(g.linkIds[g.adjLink[a]!]!);
  }
  const leak = options.withEmitter ? leakScenario(net, burstLinkId, ids, options.burstAreaFraction ?? 0.1) : undefined;
  // One solver call for all runs: on the compute pool it is one task, so a burst takes one queue place.
  const [before, after, leakRun] = await (options.solve ?? solveEpanetHere)(inp, [
    {},
    {
      closeLinks: [...closeLinks].map((id) => ids.link.get(id)!),
      zeroDemandNodes: impact.cutOffNodes.map((id) => ids.node.get(id)!),
    },
    ...(leak ? [leak.scenario] : []),
  ]);
  if (!before || !after) throw new Error('the EPANET solver returned fewer runs than scenarios');
  // EPANET reports nodes and links in the .inp's order, the same in every run of the same text.
  const toEpanetNode = (cache.toEpanetNode ??= indexer(
    before,
    net.nodes.map((n) => ids.node.get(n.id)!),
    'node',
  ));
  const toEpanetLink = (cache.toEpanetLink ??= indexer(
    before,
    net.links.map((l) => ids.link.get(l.id)!),
    'link',
  ));
  const cut = new Set(impact.cutOffNodes.map((id) => g.nodeIndex.get(id)!));
  const pressures = (run: EpanetRun, zeroCut: boolean): number[][] =>
    run.pressureM.map((p) => net.nodes.map((_, i) => (zeroCut && cut.has(i) ? 0 : round1(p[toEpanetNode[i]!]!))));
  const pressureAfterM = pressures(after, true);
  const pressureBeforeM = pressures(before, false);
  const lowPressureNodes: LowPressureNode[] = [];
  net.nodes.forEach((n, i) => {
    if (cut.has(i) || n.kind === 'reservoir' || n.kind === 'tank') return;
    const minAfter = Math.min(...pressureAfterM.map((p) => p[i]!));
    if (minAfter >= threshold) return;
    const buildingId = typeof n.attributes.buildingId === 'string' ? n.attributes.buildingId : undefined;
    lowPressureNodes.push({
      nodeId: n.id,
      minPressureM: minAfter,
      baselineMinPressureM: Math.min(...pressureBeforeM.map((p) => p[i]!)),
      ...(buildingId ? { buildingId } : {}),
    });
  });
  const first = pressureAfterM[0] ?? [];
  const linkPressureAfterM = net.links.map((_, l) => round1((first[g.linkFrom[l]!]! + first[g.linkTo[l]!]!) / 2));
  const flowChanges = net.links
    .map((l, k) => ({
      linkId: l.id,
      beforeLps: round1(before.flowLps[0]![toEpanetLink[k]!]!),
      afterLps: round1(after.flowLps[0]![toEpanetLink[k]!]!),
    }))
    .filter((c) => Math.abs(c.afterLps - c.beforeLps) >= Math.max(0.5, 0.1 * Math.abs(c.beforeLps)))
    .sort((a, b) => Math.abs(b.afterLps - b.beforeLps) - Math.abs(a.afterLps - a.beforeLps))
    .slice(0, 100);
  const result: BurstHydraulics = {
    serviceThresholdM: threshold,
    timesS: after.timesS,
    nodeIds: net.nodes.map((n) => n.id),
    linkIds: net.links.map((l) => l.id),
    pressureAfterM,
    pressureBeforeM,
    linkPressureAfterM,
    lowPressureNodes,
    lowPressureBuildings: [
      ...new Set(lowPressureNodes.map((n) => n.buildingId).filter((b): b is string => !!b)),
    ].sort(),
    flowChanges,
  };
  if (leak && leakRun) result.leak = leakOutcome(leak, leakRun, net, toEpanetNode);
  return result;
}

interface LeakScenario {
  scenario: EpanetScenario;
  /** Node indexes (of `net`) carrying an emitter. */
  ends: number[];
  coefficient: number;
}

/** Emitter at both ends of the burst pipe: Q = Cd A sqrt(2 g p), Cd 0.6, split evenly (L/s, p in m). */
function leakScenario(
  net: PreparedNetwork,
  linkId: string,
  ids: { node: Map<string, string> },
  areaFraction: number,
): LeakScenario {
  const l = net.graph.linkIndex.get(linkId)!;
  const link = net.links[l]!;
  const area = ((Math.PI * (link.diameterMm / 1000) ** 2) / 4) * areaFraction;
  const coefficient = 0.6 * area * Math.sqrt(2 * 9.81) * 1000;
  const ends = [net.graph.linkFrom[l]!, net.graph.linkTo[l]!].filter(
    (v) => net.nodes[v]!.kind !== 'reservoir' && net.nodes[v]!.kind !== 'tank',
  );
  return {
    scenario: {
      emitters: ends.map((v) => ({ nodeId: ids.node.get(net.nodes[v]!.id)!, coefficient: coefficient / ends.length })),
    },
    ends,
    coefficient,
  };
}

/** The leak flow and pressures of the emitter run. */
function leakOutcome(
  leak: LeakScenario,
  run: EpanetRun,
  net: PreparedNetwork,
  toEpanetNode: Int32Array,
): NonNullable<BurstHydraulics['leak']> {
  const { ends, coefficient } = leak;
  const p = run.pressureM[0]!;
  const flowLps = ends.reduce(
    (s, v) => s + (coefficient / ends.length) * Math.sqrt(Math.max(0, p[toEpanetNode[v]!]!)),
    0,
  );
  return {
    flowLps: round1(flowLps),
    emitterCoefficient: Math.round(coefficient * 1000) / 1000,
    pressureDuringLeakM: net.nodes.map((_, i) => round1(p[toEpanetNode[i]!]!)),
  };
}

function indexer(run: EpanetRun, epanetIds: string[], what: 'node' | 'link'): Int32Array {
  const pos = new Map((what === 'node' ? run.nodeIds : run.linkIds).map((id, i) => [id, i]));
  return Int32Array.from(epanetIds, (id) => {
    const i = pos.get(id);
    if (i === undefined)
      throw new Error(
        `EPANET ${what} id ${id} is not in the written network: the .inp writer and epanetIdsOf disagree`,
      );
    return i;
  });
}
