import { randomUUID } from 'node:crypto';
import type { Building, CityBundle, Network } from '../../core/model/index.js';
import { GridLocator, polylineMidpoint } from '../../core/grid/index.js';
import {
  burstImpact,
  isolateLink,
  isolationValvesOf,
  prepareNetwork,
  SHANGHAI_STORM_FORMULA,
  type Hyetograph,
  type PreparedNetwork,
} from '../../core/simulation/index.js';
import { liveDataStores, openAlertsOf, type ReadingsStore } from '../../store/readings/index.js';
import { SimulationRequestSchema, windPeriodsOf, type SimulationRequest } from '../simulation/simulation-request.js';
import { simulationTime, type SimulationTime } from '../simulation/simulation-time.js';
import { gaugeHyetograph } from '../simulation/rain-gauges.js';
import { eventStoreOf, type EventStore } from '../../store/events/index.js';
import { EventIntakeService } from './event-intake.service.js';
import { GridService } from './grid.service.js';
import { SimulationEventsService } from './simulation-events.service.js';
import type { CityStore } from '../../store/index.js';
import { ApiError, apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';
import { burstHydraulics, type EpanetModelCache, type InpWriter } from '../simulation/burst-hydraulics.js';
import { ComputePool } from '../compute/compute-pool.js';
import {
  MemorySimulationResultStore,
  type SimulationRecord,
  type SimulationResultStore,
} from '../simulation/simulation-store.js';

export { SimulationRequestSchema, type SimulationRequest } from '../simulation/simulation-request.js';

/** What the simulation service needs besides the city store. */
export interface SimulationDeps {
  /** Where runs are kept. @default in memory (the lead wires SqlSimulationResultStore on the store's SQL client) */
  results?: SimulationResultStore;
  /** EPANET .inp writer (tiles/export writeInp); without it bursts answer topology only (`hydraulics: null`). */
  writeInp?: InpWriter;
  /** Rain-gauge readings for `rain: {source: "gauges"}` storms. @default the store's own readings table */
  readings?: ReadingsStore;
  /** Makes the events of `POST /api/simulations/:id/events`. @default an intake over the same store (pass `incidents.intake`) */
  intake?: Pick<EventIntakeService, 'eventFromSimulation'>;
  /** Where those events are looked up for de-duplication. @default eventStoreOf(store) (pass `incidents.eventStore`) */
  eventStore?: Pick<EventStore, 'list' | 'get'>;
  /**
   * Where EPANET, plume and storm runs compute (503 GT_ERR_COMPUTE_BUSY when its queue is full).
   * @default one pool shared by the process, default size and queue (the app passes one built from its config)
   */
  compute?: ComputePool;
  now?: () => number;
}

let sharedPool: ComputePool | undefined;
/** The process's default compute pool, created on first use (its idle workers never keep the process alive). */
function sharedComputePool(): ComputePool {
  sharedPool ??= new ComputePool();
  return sharedPool;
}

/** A city's data as the simulations and their events use it (cached per city revision). */
export interface CityCache {
  revision: number;
  bundle: CityBundle;
  buildings: Map<string, Building>;
  prepared: Map<string, PreparedNetwork>;
  /** Each water network's .inp text, EPANET ids and result positions: the same for every burst of the revision. */
  epanet: Map<string, EpanetModelCache>;
  /** Grid cells of the city, built on first use. */
  locator?: GridLocator;
}

/** Runs burst, storm and gas-leak simulations on a city's data and keeps their results. */
export class SimulationService {
  private readonly results: SimulationResultStore;
  private readonly now: () => number;
  private readonly compute: ComputePool;
  private readonly cache = new Map<string, CityCache>();

  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
    private readonly deps: SimulationDeps = {},
  ) {
    this.results = deps.results ?? new MemorySimulationResultStore();
    this.now = deps.now ?? Date.now;
    this.compute = deps.compute ?? sharedComputePool();
  }

  /** Validates a request body (400 with the zod messages). */
  parse(body: unknown): SimulationRequest {
    const parsed = SimulationRequestSchema.safeParse(body);
    if (!parsed.success)
      throw apiErrors.badRequest(
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    return parsed.data;
  }

  async run(request: SimulationRequest): Promise<{ id: string; kind: SimulationRequest['kind']; result: unknown }> {
    const cityId = await this.cities.resolve(request.city);
    const data = await this.cityData(cityId);
    let result: Record<string, unknown> & { time: SimulationTime };
    try {
      result =
        request.kind === 'burst'
          ? await this.burst(cityId, data, request)
          : request.kind === 'storm'
            ? await this.storm(cityId, data, request)
            : await this.gasLeak(cityId, data, request);
    } catch (err) {
      if (err instanceof RangeError) throw apiErrors.badRequest(err.message);
      throw err;
    }
    const record: SimulationRecord = {
      id: `sim-${randomUUID()}`,
      cityId,
      kind: request.kind,
      createdAt: this.now(),
      request,
      result,
    };
    await this.results.save(record);
    return { id: record.id, kind: record.kind, result };
  }

  async get(id: string): Promise<SimulationRecord> {
    const r = await this.results.get(id);
    if (!r) throw new ApiError('GT_ERR_SIMULATION_NOT_FOUND', `simulation ${id} not found`);
    return r;
  }

  /** The events side of the runs (`POST /api/simulations/:id/events`), over the intake and event store of the deps. */
  eventsService(): SimulationEventsService {
    const eventStore = this.deps.eventStore ?? eventStoreOf(this.store);
    const intake =
      this.deps.intake ??
      new EventIntakeService(
        this.store,
        eventStoreOf(this.store),
        this.cities,
        new GridService(this.store, this.cities),
        openAlertsOf(this.store),
        this.now,
      );
    return new SimulationEventsService(this, intake, eventStore);
  }

  /** The city data a stored run was computed on (the current revision), with its grid locator. */
  async cityContext(cityId: string): Promise<CityCache & { locator: GridLocator }> {
    const data = await this.cityData(cityId);
    data.locator ??= new GridLocator(data.bundle.grids);
    return data as CityCache & { locator: GridLocator };
  }

  private async cityData(cityId: string): Promise<CityCache> {
    const revision = (await this.store.cityRevision(cityId)) ?? -1;
    const hit = this.cache.get(cityId);
    if (hit && hit.revision === revision) return hit;
    const bundle = await this.store.loadCity(cityId);
    if (!bundle) throw apiErrors.cityNotFound(cityId, []);
    const entry = {
      revision,
      bundle,
      buildings: new Map(bundle.buildings.map((b) => [b.id, b])),
      prepared: new Map<string, PreparedNetwork>(),
      epanet: new Map<string, EpanetModelCache>(),
    };
    this.cache.set(cityId, entry);
    return entry;
  }

  private readingsStore(): ReadingsStore {
    return this.deps.readings ?? liveDataStores(this.store).readings;
  }

  private prepared(data: CityCache, networkId: string): PreparedNetwork {
    let p = data.prepared.get(networkId);
    if (!p) {
      p = prepareNetwork(
        data.bundle.nodes.filter((n) => n.networkId === networkId),
        data.bundle.links.filter((l) => l.networkId === networkId),
        isolationValvesOf(data.bundle.networks.find((n) => n.id === networkId)),
      );
      data.prepared.set(networkId, p);
    }
    return p;
  }

  private epanetCache(data: CityCache, networkId: string): EpanetModelCache {
    let cache = data.epanet.get(networkId);
    if (!cache) data.epanet.set(networkId, (cache = {}));
    return cache;
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
      ? await burstHydraulics(network, net, impact, r.linkId, this.deps.writeInp!, {
          serviceThresholdM: r.serviceThresholdM ?? 14,
          withEmitter: r.withEmitter ?? false,
          solve: (inp, scenarios) => this.compute.run('epanet', { inp, scenarios }),
          cache: this.epanetCache(data, network.id),
        })
      : null;
    const valveLinks = new Set(impact.valveLinksToClose);
    // A valve link (EPANET TCV...) is shown where its path's middle is.
    const positions = Object.fromEntries(
      impact.valvesToClose.map((id) => [
        id,
        valveLinks.has(id)
          ? polylineMidpoint(net.links[net.graph.linkIndex.get(id)!]!.path)
          : net.nodes[net.graph.nodeIndex.get(id)!]!.position,
      ]),
    );
    const stepsMin = hydraulics ? hydraulics.timesS.map((t) => t / 60) : [0];
    const durationMin = Math.max(60, stepsMin[stepsMin.length - 1] ?? 0);
    const time = simulationTime({
      ...(r.startTime ? { startTime: r.startTime } : {}),
      nowMs: this.now(),
      durationMin,
      stepsMin,
    });
    return {
      networkId: network.id,
      utility: network.utility,
      linkId: r.linkId,
      ...impact,
      valvePositions: positions,
      hydraulics,
      time,
    };
  }

  /**
   * Storm on a sewer or storm network: routed by EPA SWMM (WebAssembly on a worker thread) unless the request asks
   * for the simplified router or SWMM fails, in which case the simplified router answers and `fallbackReason` says why.
   */
  private async storm(cityId: string, data: CityCache, r: Extract<SimulationRequest, { kind: 'storm' }>) {
    const utility = r.utility ?? 'storm';
    const network = r.networkId
      ? data.bundle.networks.find((n) => n.id === r.networkId)
      : data.bundle.networks.find((n) => n.utility === utility);
    if (!network)
      throw apiErrors.badRequest(
        `city ${cityId} has no ${r.networkId ? `network ${r.networkId}` : `${utility} network`}`,
      );
    const nodes = data.bundle.nodes.filter((n) => n.networkId === network.id);
    const links = data.bundle.links.filter((l) => l.networkId === network.id);
    const formula = r.formula
      ? { ...SHANGHAI_STORM_FORMULA, name: r.formula.name ?? 'custom', source: 'request', ...r.formula }
      : SHANGHAI_STORM_FORMULA;
    const now = this.now();
    let rain: (Hyetograph & { fromMs: number; toMs: number; gaugeIds: string[]; readingCount: number }) | null = null;
    if (r.rain) {
      const spanMs = (r.durationMin ?? 120) * 60_000;
      const fromStart = r.rain.from ?? r.startTime;
      const toMs = r.rain.to ? Date.parse(r.rain.to) : fromStart ? Date.parse(fromStart) + spanMs : now;
      const fromMs = fromStart ? Date.parse(fromStart) : toMs - spanMs;
      if (!(toMs > fromMs)) throw apiErrors.badRequest('rain: "from" must be before "to"');
      rain = await gaugeHyetograph(this.readingsStore(), cityId, data.bundle, {
        fromMs,
        toMs,
        stepMin: r.stepMin ?? 1,
      });
    }
    const input = {
      formula,
      ...(rain ? { hyetograph: rain, hyetographName: `rain gauges (${rain.gaugeIds.length})` } : {}),
      ...(r.returnPeriodYears ? { returnPeriodYears: r.returnPeriodYears } : {}),
      ...(r.durationMin ? { durationMin: r.durationMin } : {}),
      ...(r.stepMin ? { stepMin: r.stepMin } : {}),
      ...(r.afterMin !== undefined ? { afterMin: r.afterMin } : {}),
      inflowShare: r.inflowShare ?? (network.utility === 'sewer' ? 0.1 : 1),
    };
    try {
      const gauges = rain
        ? {
            rainGauges: {
              ids: rain.gaugeIds,
              readingCount: rain.readingCount,
              from: new Date(rain.fromMs).toISOString(),
              to: new Date(rain.toMs).toISOString(),
            },
          }
        : {};
      const timeOf = (result: { storm: { durationMin: number }; timeline: { timesMin: number[] } }): SimulationTime =>
        simulationTime({
          ...(rain
            ? { startTime: new Date(rain.fromMs).toISOString() }
            : r.startTime
              ? { startTime: r.startTime }
              : {}),
          nowMs: now,
          durationMin: result.timeline.timesMin[result.timeline.timesMin.length - 1] ?? result.storm.durationMin,
          stepsMin: result.timeline.timesMin,
        });
      // SWMM, or the simplified router when asked for or when SWMM fails, on the compute pool.
      const result = await this.compute.run('storm', {
        engine: r.engine ?? 'swmm',
        nodes,
        links,
        buildings: data.bundle.buildings,
        input,
      });
      return { networkId: network.id, utility: network.utility, ...result, ...gauges, time: timeOf(result) };
    } catch (err) {
      if (err instanceof RangeError) throw apiErrors.badRequest(err.message);
      throw err;
    }
  }

  private async gasLeak(cityId: string, data: CityCache, r: Extract<SimulationRequest, { kind: 'gas-leak' }>) {
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
      valves = {
        valvesToClose: [
          ...iso.valvesToClose.map((v) => net.nodes[v]!.id),
          ...iso.valveLinksToClose.map((l) => net.links[l]!.id),
        ],
        isolable: iso.isolable,
      };
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
        for (const l of iso.valveLinksToClose) set.add(net.links[l]!.id);
      }
      valves = { valvesToClose: [...set].sort(), isolable };
    }
    const anchorMs = r.startTime
      ? Date.parse(r.startTime)
      : r.wind?.some((w) => w.at)
        ? Math.min(...r.wind.filter((w) => w.at).map((w) => Date.parse(w.at!)))
        : null;
    // Minutes are relative to the start, which (without startTime or "at") depends on the horizon: compute with 0 first.
    const provisional = windPeriodsOf(r, anchorMs ?? 0);
    const horizonMin = r.durationMin ?? Math.max(60, provisional[provisional.length - 1]!.startMin + 30);
    const time = simulationTime({
      ...(anchorMs !== null ? { startTime: new Date(anchorMs).toISOString() } : {}),
      nowMs: this.now(),
      durationMin: horizonMin,
      stepsMin: provisional.map((p) => p.startMin),
    });
    const series = await this.compute.run('plume', {
      leak: {
        sourceLonLat: position,
        rateKgS: r.rateKgS,
        stability: r.stability ?? 'D',
        ...(r.heightM !== undefined ? { heightM: r.heightM } : {}),
        ...(r.odourFractionOfLel ? { odourFractionOfLel: r.odourFractionOfLel } : {}),
        ...(r.minEvacuationRadiusM !== undefined ? { minEvacuationRadiusM: r.minEvacuationRadiusM } : {}),
      },
      wind: provisional,
      lastEndMin: horizonMin,
      buildings: data.bundle.buildings,
    });
    // Top level: period 0's footprint (contours, zone, grid) as before, but buildings and people of the whole envelope.
    const footprint = {
      ...series.first,
      affectedBuildings: series.envelope.affectedBuildings,
      population: series.envelope.population,
    };
    return {
      networkId,
      source: position,
      ...valves,
      ...footprint,
      periods: series.periods,
      envelope: series.envelope,
      time,
    };
  }
}
