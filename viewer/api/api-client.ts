import type { Building, City, Crew, Grid, NetworkLink, NetworkNode, Sensor, Utility } from '../../core/model/index.js';

/** A list answer of the GridTwin API. */
export interface ApiPage<T> {
  items: T[];
  total: number;
}

/** The city as /api/city answers it: the city and its record counts. */
export type CityInfo = City & { counts?: Record<string, number> };

/** One hit of /api/search. */
export interface SearchHit {
  type: 'building' | 'node' | 'link' | 'sensor' | 'grid';
  id: string;
  label: string;
  matched: 'address' | 'name' | 'id' | 'code';
  position: [number, number];
}

/** One reading of /api/sensors/:id/readings (ts in epoch ms). */
export interface Reading {
  ts: number;
  value: number;
}

/** Error thrown for a non-2xx API answer, carrying the API's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'HTTP',
      body?.error?.message ?? `${path}: HTTP ${response.status}`,
    );
  }
  return (await response.json()) as T;
}

/** The API's largest page. */
const PAGE = 10000;

/** Reads every page of a list endpoint (`path` already has its query string). */
async function getAll<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await getJson<ApiPage<T>>(
      `${path}${path.includes('?') ? '&' : '?'}limit=${PAGE}&offset=${offset}`,
      signal,
    );
    items.push(...page.items);
    if (page.items.length < PAGE || items.length >= page.total) return items;
  }
}

/** Thin typed client of the read API (same origin). */
export const api = {
  city: (signal?: AbortSignal) => getJson<CityInfo>('/api/city', signal),
  buildings: (signal?: AbortSignal) => getAll<Building>('/api/buildings', signal),
  building: (id: string, signal?: AbortSignal) => getJson<Building>(`/api/buildings/${encodeURIComponent(id)}`, signal),
  cells: (signal?: AbortSignal) => getAll<Grid>('/api/grids?level=cell', signal),
  nodes: (utility: Utility, signal?: AbortSignal) =>
    getAll<NetworkNode>(`/api/network/nodes?utility=${utility}`, signal),
  links: (utility: Utility, signal?: AbortSignal) =>
    getAll<NetworkLink>(`/api/network/links?utility=${utility}`, signal),
  sensors: (signal?: AbortSignal) => getAll<Sensor>('/api/sensors', signal),
  /** Every utility crew of the city (a district has tens, one page). */
  crews: async (signal?: AbortSignal) => (await getJson<ApiPage<Crew>>('/api/crews', signal)).items,
  search: (q: string, signal?: AbortSignal) =>
    getJson<ApiPage<SearchHit>>(`/api/search?q=${encodeURIComponent(q)}&limit=12`, signal),
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
      const page = await getJson<
        | ApiPage<{ ts: number | string; value?: number; mean?: number }>
        | { readings: { ts: number | string; value?: number; mean?: number }[] }
      >(`/api/sensors/${encodeURIComponent(sensorId)}/readings?from=${fromMs}&to=${toMs}${step}`, signal);
      const rows = 'items' in page ? page.items : page.readings;
      return rows
        .map((r) => ({
          ts: typeof r.ts === 'number' ? r.ts : Date.parse(r.ts),
          value: r.value ?? r.mean ?? Number.NaN,
        }))
        .filter((r) => Number.isFinite(r.value));
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
