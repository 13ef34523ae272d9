import type { SimulationTitleKey, TitleTemplate } from '../../core/incident/index.js';
import type { Building, Event, LonLat, Severity, Utility } from '../../core/model/index.js';
import { groupFindingsByCell, type CellFindings, type FindingPoint } from '../../core/simulation/index.js';
import type { EventStore } from '../../store/events/index.js';
import type { SimulationRecord } from '../simulation/simulation-store.js';
import type { CityCache, SimulationService } from './simulation.service.js';
import type { EventIntakeService } from './event-intake.service.js';

/** What `POST /api/simulations/:id/events` answers: the run's events (new and earlier ones) and how many are new. */
export interface SimulationEventsAnswer {
  items: Event[];
  total: number;
  created: number;
}

/** Most events of one simulation listed when checking for earlier ones (one per grid cell, so far above any run). */
const MAX_EVENTS_PER_RUN = 1000;

/**
 * Turns a stored simulation run into events for the responsible grids: the run's findings (the burst and the
 * buildings cut off; flooded and surcharged manholes; the leak and the buildings in its evacuation envelope) are
 * grouped by grid cell and each cell gets one event through the intake's `eventFromSimulation` (located, assigned to
 * the cell's worker and crew). Idempotent: a cell that already has an event of this run gets no second one, and
 * concurrent calls for one run take turns.
 */
export class SimulationEventsService {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly simulations: Pick<SimulationService, 'get' | 'cityContext'>,
    private readonly intake: Pick<EventIntakeService, 'eventFromSimulation'>,
    private readonly events: Pick<EventStore, 'list' | 'get'>,
  ) {}

  async createEvents(simulationId: string): Promise<SimulationEventsAnswer> {
    const previous = this.running.get(simulationId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.createOnce(simulationId));
    this.running.set(simulationId, next);
    try {
      return await next;
    } finally {
      if (this.running.get(simulationId) === next) this.running.delete(simulationId);
    }
  }

  private async createOnce(simulationId: string): Promise<SimulationEventsAnswer> {
    const run = await this.simulations.get(simulationId);
    const data = await this.simulations.cityContext(run.cityId);
    const cells = groupFindingsByCell(
      findingsOf(run, data),
      (lon, lat) => data.locator.locateCell(lon, lat)?.id ?? null,
    );
    const existing = await this.eventsOfRun(run);
    const byCell = new Map(existing.map((e) => [e.gridId, e]));
    const items: Event[] = [];
    let created = 0;
    for (const cell of cells) {
      const earlier = byCell.get(cell.gridId);
      if (earlier) {
        items.push(earlier);
        continue;
      }
      const text = describe(run, cell, data);
      const event = await this.intake.eventFromSimulation({
        simulationId: run.id,
        kind: run.kind,
        city: run.cityId,
        severity: cell.severity,
        utility: utilityOf(run),
        location: cell.location,
        title: text.title,
        titleTemplate: text.titleTemplate,
        description: text.description,
      });
      byCell.set(event.gridId, event);
      items.push(event);
      created++;
    }
    return { items, total: items.length, created };
  }

  /** Events this run already made (full records, with their trails). */
  private async eventsOfRun(run: SimulationRecord): Promise<Event[]> {
    const page = await this.events.list(run.cityId, { source: 'simulation', limit: MAX_EVENTS_PER_RUN, offset: 0 });
    const ids = page.items
      .filter((e) => e.source.kind === 'simulation' && e.source.simulationId === run.id)
      .map((e) => e.id);
    const full = await Promise.all(ids.map((id) => this.events.get(id)));
    return full.filter((f) => f !== null).map((f) => f.event);
  }
}

type Result = Record<string, unknown>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A point inside a building: its footprint's first ring's vertex mean (what gas-leak and grid assignment use). */
function buildingPoint(b: Building | undefined): LonLat | null {
  const ring = b?.footprint[0]?.[0];
  if (!ring || ring.length === 0) return null;
  const n =
    ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1]
      ? ring.length - 1
      : ring.length;
  let x = 0,
    y = 0;
  for (let i = 0; i < n; i++) {
    x += ring[i]![0];
    y += ring[i]![1];
  }
  return [x / n, y / n];
}

/** The places a run's result names, each with a severity. */
function findingsOf(run: SimulationRecord, data: CityCache): FindingPoint[] {
  const r = run.result as Result;
  const points: FindingPoint[] = [];
  const addBuildings = (ids: string[], severity: Severity) => {
    for (const id of ids) {
      const b = data.buildings.get(id);
      const at = buildingPoint(b);
      if (at) points.push({ location: at, severity, elementId: id, weight: b?.population ?? 0 });
    }
  };
  if (run.kind === 'burst') {
    const link = data.bundle.links.find((l) => l.id === r.linkId);
    if (link)
      points.push({
        location: link.path[Math.floor(link.path.length / 2)]!,
        severity: 'critical',
        elementId: link.id,
        weight: Number(r.population) || 0,
      });
    addBuildings(strings(r.affectedBuildings), 'major');
    addBuildings(strings((r.hydraulics as Result | null)?.lowPressureBuildings), 'minor');
  } else if (run.kind === 'storm') {
    const flooded = new Set(((r.flooded as { nodeId: string }[] | undefined) ?? []).map((m) => m.nodeId));
    for (const m of (r.surcharged as
      { nodeId: string; position: LonLat; floodVolumeM3: number; surchargedMin: number }[] | undefined) ?? []) {
      points.push({
        location: m.position,
        severity: flooded.has(m.nodeId) ? 'major' : 'minor',
        elementId: m.nodeId,
        weight: m.floodVolumeM3 * 1000 + m.surchargedMin,
      });
    }
  } else {
    const source = r.source as LonLat | undefined;
    if (source)
      points.push({
        location: source,
        severity: 'critical',
        elementId: String(r.linkId ?? r.nodeId ?? 'leak'),
        weight: Number(r.population) || 0,
      });
    addBuildings(strings(r.affectedBuildings), 'major');
  }
  return points;
}

function utilityOf(run: SimulationRecord): Utility | null {
  const u = (run.result as Result).utility;
  if (typeof u === 'string') return u as Utility;
  return run.kind === 'gas-leak' ? 'gas' : run.kind === 'burst' ? 'water' : 'storm';
}

/**
 * Title and description of a cell's event, in the duty officer's terms. The title also comes as a `sim.*` template
 * naming the cell in both languages, which readers render in theirs; the English title (with the cell's id) stays
 * the stored one, for clients that know no templates.
 */
function describe(
  run: SimulationRecord,
  cell: CellFindings,
  data: CityCache,
): { title: string; titleTemplate: TitleTemplate; description: string } {
  const r = run.result as Result;
  const grid = cell.gridId === null ? undefined : data.bundle.grids.find((g) => g.id === cell.gridId);
  const params: TitleTemplate['params'] = {
    gridId: cell.gridId,
    placeZh: grid?.name ?? null,
    placeEn: grid?.nameEn ?? null,
    linkId: null,
    count: null,
  };
  let key: SimulationTitleKey;
  const buildings = cell.elementIds.filter((id) => data.buildings.has(id));
  const people = buildings.reduce((s, id) => s + (data.buildings.get(id)?.population ?? 0), 0);
  const where = cell.gridId ?? 'outside the grids';
  let title: string, detail: string;
  if (run.kind === 'burst') {
    const here = cell.elementIds.includes(String(r.linkId));
    title = here ? `Main burst on ${String(r.linkId)}` : `Water supply cut by the burst on ${String(r.linkId)}`;
    key = here ? 'sim.burstMain' : 'sim.burstCut';
    params.linkId = String(r.linkId);
    detail = `${buildings.length} buildings (${people} people) affected in this cell; valves to close: ${strings(r.valvesToClose).join(', ') || 'none found'}`;
  } else if (run.kind === 'storm') {
    const flooded = new Set(((r.flooded as { nodeId: string }[] | undefined) ?? []).map((m) => m.nodeId));
    const n = cell.elementIds.filter((id) => flooded.has(id)).length;
    title = n > 0 ? `Storm: ${n} manholes overflow` : `Storm: ${cell.elementIds.length} manholes surcharge`;
    key = n > 0 ? 'sim.stormOverflow' : 'sim.stormSurcharge';
    params.count = n > 0 ? n : cell.elementIds.length;
    const storm = r.storm as { totalMm?: number; formula?: string } | undefined;
    detail = `manholes ${cell.elementIds.slice(0, 12).join(', ')}${cell.elementIds.length > 12 ? ', ...' : ''}; rain ${Math.round(storm?.totalMm ?? 0)} mm (${storm?.formula ?? ''})`;
  } else {
    const here = cell.severity === 'critical';
    title = here ? 'Gas leak: evacuate and isolate' : 'Gas leak: buildings in the evacuation zone';
    key = here ? 'sim.gasCore' : 'sim.gasZone';
    detail = `${buildings.length} buildings (${people} people) in the evacuation envelope in this cell; valves to close: ${strings(r.valvesToClose).join(', ') || 'none found'}`;
  }
  return {
    title: `${title} (${where})`.slice(0, 200),
    titleTemplate: { key, params },
    description: `${detail}. Simulation ${run.id} (${run.kind}).`,
  };
}
