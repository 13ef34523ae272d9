import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Building, CityBundle, Network } from '../../core/model/index.js';
import {
  burstImpact, gasLeakFootprint, isolateLink, prepareNetwork, simulateStormEvent, SHANGHAI_STORM_FORMULA, STABILITY_CLASSES,
  type PreparedNetwork, type StabilityClass,
} from '../../core/simulation/index.js';
import type { CityStore } from '../store/index.js';
import { ApiError, apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';
import { burstHydraulics, type InpWriter } from '../simulation/burst-hydraulics.js';
import { simulateStormWithSwmm } from '../simulation/swmm/index.js';
import { MemorySimulationResultStore, type SimulationRecord, type SimulationResultStore } from '../simulation/simulation-store.js';

const city = z.string().min(1).optional();
/** `POST /api/simulations` bodies. */
export const SimulationRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('burst'), city, linkId: z.string().min(1),
    closedValves: z.array(z.string()).optional(), brokenValves: z.array(z.string()).optional(),
    serviceThresholdM: z.number().finite().min(0).max(200).optional(), withEmitter: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal('storm'), city, utility: z.enum(['storm', 'sewer']).optional(), networkId: z.string().optional(),
    returnPeriodYears: z.number().min(1).max(1000).optional(), durationMin: z.number().min(5).max(1440).optional(),
    stepMin: z.number().min(0.5).max(10).optional(), afterMin: z.number().min(0).max(720).optional(),
    inflowShare: z.number().min(0).max(1).optional(),
    engine: z.enum(['swmm', 'simplified']).optional().describe('swmm (default): EPA SWMM 5.2 dynamic wave; simplified: GridTwin steady-flow router (ADR 0004)'),
    formula: z.strictObject({ name: z.string().optional(), a1: z.number().positive(), c: z.number().min(0), b: z.number().min(0), n: z.number().positive(), peakRatio: z.number().gt(0).lt(1) }).optional(),
  }),
  z.strictObject({
    kind: z.literal('gas-leak'), city, linkId: z.string().optional(), nodeId: z.string().optional(),
    rateKgS: z.number().positive().max(1000), windSpeedMs: z.number().positive().max(40), windFromDeg: z.number().min(0).max(360),
    stability: z.enum(STABILITY_CLASSES as [StabilityClass, ...StabilityClass[]]), heightM: z.number().min(0).max(500).optional(),
    odourFractionOfLel: z.number().positive().max(1).optional(), minEvacuationRadiusM: z.number().min(0).max(5000).optional(),
  }),
]);
export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;

/** What the simulation service needs besides the city store. */
export interface SimulationDeps {
  /** Where runs are kept. @default in memory (the lead wires SqlSimulationResultStore on the store's SQL client) */
  results?: SimulationResultStore;
  /** EPANET .inp writer (tiles/export writeInp); without it bursts answer topology only (`hydraulics: null`). */
  writeInp?: InpWriter;
  now?: () => number;
}

interface CityCache { revision: number; bundle: CityBundle; buildings: Map<string, Building>; prepared: Map<string, PreparedNetwork> }

/** Runs burst, storm and gas-leak simulations on a city's data and keeps their results. */
export class SimulationService {
  private readonly results: SimulationResultStore;
  private readonly now: () => number;
  private readonly cache = new Map<string, CityCache>();

  constructor(private readonly store: CityStore, private readonly cities: CityService, private readonly deps: SimulationDeps = {}) {
    this.results = deps.results ?? new MemorySimulationResultStore();
    this.now = deps.now ?? Date.now;
  }

  /** Validates a request body (400 with the zod messages). */
  parse(body: unknown): SimulationRequest {
    const parsed = SimulationRequestSchema.safeParse(body);
    if (!parsed.success) throw apiErrors.badRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    return parsed.data;
  }

  async run(request: SimulationRequest): Promise<{ id: string; kind: SimulationRequest['kind']; result: unknown }> {
    const cityId = await this.cities.resolve(request.city);
    const data = await this.cityData(cityId);
    const result = request.kind === 'burst' ? await this.burst(cityId, data, request)
      : request.kind === 'storm' ? await this.storm(cityId, data, request)
        : this.gasLeak(cityId, data, request);
    const record: SimulationRecord = { id: `sim-${randomUUID()}`, cityId, kind: request.kind, createdAt: this.now(), request, result };
    await this.results.save(record);
    return { id: record.id, kind: record.kind, result };
  }

  async get(id: string): Promise<SimulationRecord> {
    const r = await this.results.get(id);
    if (!r) throw new ApiError('GT_ERR_SIMULATION_NOT_FOUND', `simulation ${id} not found`);
    return r;
  }

  private async cityData(cityId: string): Promise<CityCache> {
    const revision = (await this.store.cityRevision(cityId)) ?? -1;
    const hit = this.cache.get(cityId);
    if (hit && hit.revision === revision) return hit;
    const bundle = await this.store.loadCity(cityId);
    if (!bundle) throw apiErrors.cityNotFound(cityId, []);
    const entry = { revision, bundle, buildings: new Map(bundle.buildings.map((b) => [b.id, b])), prepared: new Map<string, PreparedNetwork>() };
    this.cache.set(cityId, entry);
    return entry;
  }

  private prepared(data: CityCache, networkId: string): PreparedNetwork {
    let p = data.prepared.get(networkId);
    if (!p) {
      p = prepareNetwork(data.bundle.nodes.filter((n) => n.networkId === networkId), data.bundle.links.filter((l) => l.networkId === networkId));
      data.prepared.set(networkId, p);
    }
    return p;
  }

  private networkOfLink(cityId: string, data: CityCache, linkId: string): Network {
    const link = data.bundle.links.find((l) => l.id === linkId);
    if (!link) throw apiErrors.recordNotFound('link', linkId, cityId);
    return data.bundle.networks.find((n) => n.id === link.networkId)!;
  }

  private async burst(cityId: string, data: CityCache, r: Extract<SimulationRequest, { kind: 'burst' }>) {
    const network = this.networkOfLink(cityId, data, r.linkId);
    const net = this.prepared(data, network.id);
    const states = { closedValves: r.closedValves ?? [], brokenValves: r.brokenValves ?? [] };
    const impact = burstImpact(net, r.linkId, data.buildings, states);
    const canSolve = network.utility === 'water' && this.deps.writeInp !== undefined && impact.isolable;
    const hydraulics = canSolve
      ? await burstHydraulics(network, net, impact, r.linkId, this.deps.writeInp!, { serviceThresholdM: r.serviceThresholdM ?? 14, withEmitter: r.withEmitter ?? false })
      : null;
    const positions = Object.fromEntries(impact.valvesToClose.map((id) => [id, net.nodes[net.graph.nodeIndex.get(id)!]!.position]));
    return { networkId: network.id, utility: network.utility, linkId: r.linkId, ...impact, valvePositions: positions, hydraulics };
  }

  /**
   * Storm on a sewer or storm network: routed by EPA SWMM (WebAssembly on a worker thread) unless the request asks
   * for the simplified router or SWMM fails, in which case the simplified router answers and `fallbackReason` says why.
   */
  private async storm(cityId: string, data: CityCache, r: Extract<SimulationRequest, { kind: 'storm' }>) {
    const utility = r.utility ?? 'storm';
    const network = r.networkId ? data.bundle.networks.find((n) => n.id === r.networkId) : data.bundle.networks.find((n) => n.utility === utility);
    if (!network) throw apiErrors.badRequest(`city ${cityId} has no ${r.networkId ? `network ${r.networkId}` : `${utility} network`}`);
    const nodes = data.bundle.nodes.filter((n) => n.networkId === network.id);
    const links = data.bundle.links.filter((l) => l.networkId === network.id);
    const formula = r.formula ? { ...SHANGHAI_STORM_FORMULA, name: r.formula.name ?? 'custom', source: 'request', ...r.formula } : SHANGHAI_STORM_FORMULA;
    const input = {
      formula, ...(r.returnPeriodYears ? { returnPeriodYears: r.returnPeriodYears } : {}), ...(r.durationMin ? { durationMin: r.durationMin } : {}),
      ...(r.stepMin ? { stepMin: r.stepMin } : {}), ...(r.afterMin !== undefined ? { afterMin: r.afterMin } : {}),
      inflowShare: r.inflowShare ?? (network.utility === 'sewer' ? 0.1 : 1),
    };
    let fallbackReason: string | undefined;
    try {
      if ((r.engine ?? 'swmm') === 'swmm') {
        try {
          return { networkId: network.id, utility: network.utility, ...(await simulateStormWithSwmm(nodes, links, data.bundle.buildings, input)) };
        } catch (err) {
          if (err instanceof RangeError) throw err;
          fallbackReason = err instanceof Error ? err.message : String(err);
        }
      }
      const result = simulateStormEvent(nodes, links, data.bundle.buildings, input);
      return { networkId: network.id, utility: network.utility, ...result, engine: 'simplified', ...(fallbackReason ? { fallbackReason } : {}) };
    } catch (err) {
      if (err instanceof RangeError) throw apiErrors.badRequest(err.message);
      throw err;
    }
  }

  private gasLeak(cityId: string, data: CityCache, r: Extract<SimulationRequest, { kind: 'gas-leak' }>) {
    if (!r.linkId && !r.nodeId) throw apiErrors.badRequest('gas-leak needs linkId or nodeId');
    let position: [number, number], valves: { valvesToClose: string[]; isolable: boolean };
    let networkId: string;
    if (r.linkId) {
      const network = this.networkOfLink(cityId, data, r.linkId);
      const net = this.prepared(data, network.id);
      const link = net.links[net.graph.linkIndex.get(r.linkId)!]!;
      position = link.path[Math.floor(link.path.length / 2)]!;
      networkId = network.id;
      const iso = isolateLink(net, r.linkId);
      valves = { valvesToClose: iso.valvesToClose.map((v) => net.nodes[v]!.id), isolable: iso.isolable };
    } else {
      const node = data.bundle.nodes.find((n) => n.id === r.nodeId);
      if (!node) throw apiErrors.recordNotFound('node', r.nodeId!, cityId);
      position = node.position;
      networkId = node.networkId;
      const net = this.prepared(data, node.networkId);
      const k = net.graph.nodeIndex.get(node.id)!;
      const set = new Set<string>();
      let isolable = true;
      for (let a = net.graph.adjStart[k]!; a < net.graph.adjStart[k + 1]!; a++) {
        const iso = isolateLink(net, net.links[net.graph.adjLink[a]!]!.id);
        isolable &&= iso.isolable;
        for (const v of iso.valvesToClose) if (v !== k) set.add(net.nodes[v]!.id);
      }
      valves = { valvesToClose: [...set].sort(), isolable };
    }
    const footprint = gasLeakFootprint({
      sourceLonLat: position, rateKgS: r.rateKgS, windSpeedMs: r.windSpeedMs, windFromDeg: r.windFromDeg, stability: r.stability,
      ...(r.heightM !== undefined ? { heightM: r.heightM } : {}), ...(r.odourFractionOfLel ? { odourFractionOfLel: r.odourFractionOfLel } : {}),
      ...(r.minEvacuationRadiusM !== undefined ? { minEvacuationRadiusM: r.minEvacuationRadiusM } : {}),
    }, data.bundle.buildings);
    return { networkId, source: position, ...valves, ...footprint };
  }
}
