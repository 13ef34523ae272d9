import type { Building, City, Grid } from '../../core/model/index.js';

/** A list answer of the GridTwin API. */
export interface ApiPage<T> {
  items: T[];
  total: number;
}

/** The city as /api/city answers it: the city and its record counts. */
export type CityInfo = City & { counts?: Record<string, number> };

/** Error thrown for a non-2xx API answer, carrying the API's error code and message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'HTTP', body?.error?.message ?? `${path}: HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

/** Thin typed client of the read API (same origin). */
export const api = {
  city: (signal?: AbortSignal) => getJson<CityInfo>('/api/city', signal),
  buildings: (signal?: AbortSignal) => getJson<ApiPage<Building>>('/api/buildings?limit=10000', signal),
  building: (id: string, signal?: AbortSignal) => getJson<Building>(`/api/buildings/${encodeURIComponent(id)}`, signal),
  cells: (signal?: AbortSignal) => getJson<ApiPage<Grid>>('/api/grids?level=cell&limit=10000', signal),
};
