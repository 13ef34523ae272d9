import { computeKpis, type GridKpis, type KpiReport } from '../../core/incident/index.js';
import type { CityStore } from '../../store/index.js';
import type { EventStore } from '../../store/events/index.js';
import { apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';
import type { EventService } from './event.service.js';

/** Default KPI window when `from` is not given: the last 30 days. */
export const DEFAULT_KPI_WINDOW_MS = 30 * 24 * 3600 * 1000;

/** A ranking line with the grid's code and name, for the dashboard. */
export type NamedGridKpis = GridKpis & { code: string | null; name: string | null };

export type KpiAnswer = Omit<KpiReport, 'grids'> & { city: string; grid: string | null; grids: NamedGridKpis[] };

/** `/api/kpis`: the pure computation of core/incident/kpis.ts over the events of a city or grid. */
export class KpiService {
  constructor(
    private readonly store: CityStore,
    private readonly events: EventStore,
    private readonly eventService: EventService,
    private readonly cities: CityService,
    private readonly now: () => number = Date.now,
  ) {}

  async kpis(query: { city?: string; from?: number; to?: number; grid?: string }): Promise<KpiAnswer> {
    const cityId = await this.cities.resolve(query.city);
    const now = this.now();
    const toMs = query.to ?? now + 1;
    const fromMs = query.from ?? toMs - DEFAULT_KPI_WINDOW_MS;
    if (fromMs > toMs) throw apiErrors.badRequest('from must not be after to');
    const cells = query.grid === undefined ? undefined : await this.eventService.cellIdsUnder(cityId, query.grid);
    const events = await this.events.listWithTrails(cityId, fromMs, toMs, cells);
    const report = computeKpis(events, { fromMs, toMs, nowMs: now });
    const grids = new Map((await this.store.listGrids(cityId, { level: 'cell' })).items.map((g) => [g.id, g]));
    return {
      ...report,
      city: cityId,
      grid: query.grid ?? null,
      grids: report.grids.map((g) => ({
        ...g,
        code: grids.get(g.gridId)?.code ?? null,
        name: grids.get(g.gridId)?.name ?? null,
      })),
    };
  }
}
