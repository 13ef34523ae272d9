import {
  CityDetailsSchema,
  CrewPageSchema,
  SearchPageSchema,
  SensorReadingsSchema,
  type CityDetails,
  type Page,
  type ReadingBucket,
} from '../../core/contracts/index.js';
import {
  BuildingSchema,
  GridSchema,
  NetworkLinkSchema,
  NetworkNodeSchema,
  SensorSchema,
  type Utility,
} from '../../core/model/index.js';
import { ApiError, requestAllPages, requestJson } from './request.js';

export { ApiError, ContractError } from './request.js';
export type { SearchHit } from '../../core/contracts/index.js';

/** A list answer of the GridTwin API. */
export type ApiPage<T> = Page<T>;

/** The city as /api/city answers it: the city, its revision and its record counts. */
export type CityInfo = CityDetails;

/** One point of a sensor's series as the charts draw it (ts in epoch ms; a bucket's mean when downsampled). */
export interface Reading {
  ts: number;
  value: number;
}

const isBucket = (r: { ts: number; value: number } | ReadingBucket): r is ReadingBucket => 'mean' in r;

/** Thin typed client of the read API (same origin); every answer is parsed with its contract. */
export const api = {
  city: (signal?: AbortSignal) => requestJson(CityDetailsSchema, '/api/city', { signal }),
  buildings: (signal?: AbortSignal) => requestAllPages(BuildingSchema, '/api/buildings', signal),
  building: (id: string, signal?: AbortSignal) =>
    requestJson(BuildingSchema, `/api/buildings/${encodeURIComponent(id)}`, { signal }),
  cells: (signal?: AbortSignal) => requestAllPages(GridSchema, '/api/grids?level=cell', signal),
  nodes: (utility: Utility, signal?: AbortSignal) =>
    requestAllPages(NetworkNodeSchema, `/api/network/nodes?utility=${utility}`, signal),
  links: (utility: Utility, signal?: AbortSignal) =>
    requestAllPages(NetworkLinkSchema, `/api/network/links?utility=${utility}`, signal),
  sensors: (signal?: AbortSignal) => requestAllPages(SensorSchema, '/api/sensors', signal),
  /** Every utility crew of the city (a district has tens, one page). */
  crews: async (signal?: AbortSignal) => (await requestJson(CrewPageSchema, '/api/crews', { signal })).items,
  search: (q: string, signal?: AbortSignal) =>
    requestJson(SearchPageSchema, `/api/search?q=${encodeURIComponent(q)}&limit=12`, { signal }),
  /**
   * Readings of a sensor in [fromMs, toMs); with `stepMs`, one point per step (its mean), so a day of 1 s readings
   * is a few hundred points and never cut by the server's row limit. Null when the server has no readings endpoint
   * (404 on the route, not the sensor).
   */
  async readings(
    sensorId: string,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
    stepMs?: number,
  ): Promise<Reading[] | null> {
    try {
      const step = stepMs === undefined ? '' : `&step=${Math.max(1, Math.round(stepMs))}ms`;
      const answer = await requestJson(
        SensorReadingsSchema,
        `/api/sensors/${encodeURIComponent(sensorId)}/readings?from=${fromMs}&to=${toMs}${step}`,
        { signal },
      );
      return answer.items.map((r) => ({ ts: r.ts, value: isBucket(r) ? r.mean : r.value }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  },
  /**
   * Like `readings` with a step, keeping each bucket's min and max (the chart's band). Null when the server has no
   * readings endpoint.
   */
  async readingBands(
    sensorId: string,
    fromMs: number,
    toMs: number,
    stepMs: number,
    signal?: AbortSignal,
  ): Promise<{ ts: number; mean: number; min: number; max: number }[] | null> {
    try {
      const answer = await requestJson(
        SensorReadingsSchema,
        `/api/sensors/${encodeURIComponent(sensorId)}/readings?from=${fromMs}&to=${toMs}&step=${Math.max(1, Math.round(stepMs))}ms`,
        { signal },
      );
      return answer.items.map((r) =>
        isBucket(r)
          ? { ts: r.ts, mean: r.mean, min: r.min, max: r.max }
          : { ts: r.ts, mean: r.value, min: r.value, max: r.value },
      );
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  },
  /** Whether a static file exists (tilesets), without fetching its body. */
  async exists(path: string, signal?: AbortSignal): Promise<boolean> {
    const response = await fetch(path, { method: 'HEAD', signal }).catch(() => null);
    return response?.ok === true;
  },
};
