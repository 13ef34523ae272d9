import type { ReadingBucket, ReadingsStore, StoredReading } from '../../store/readings/index.js';
import type { CityStore } from '../../store/index.js';
import { apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';

/** What /api/sensors/:id/readings answers: raw readings, or buckets (min/max/mean per step) when a step is given. */
export interface ReadingsAnswer {
  sensorId: string;
  unit: string;
  from: number;
  to: number;
  /** Bucket width, ms; null for raw readings. */
  stepMs: number | null;
  items: (Omit<StoredReading, 'sensorId'> | ReadingBucket)[];
}

/** Default window when `from` is absent: the last day. */
const DEFAULT_WINDOW_MS = 86_400_000;

/** A sensor's stored readings, raw or downsampled. */
export class ReadingsService {
  constructor(
    private readonly store: CityStore,
    private readonly cities: CityService,
    private readonly readings: ReadingsStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The first and last reading times of a sensor and how many it holds. */
  async range(city: string | undefined, sensorId: string) {
    const cityId = await this.cities.resolve(city);
    const sensor = await this.store.getSensor(cityId, sensorId);
    if (sensor === null) throw apiErrors.recordNotFound('sensor', sensorId, cityId);
    return { sensorId, unit: sensor.unit, ...(await this.readings.range(cityId, sensorId)) };
  }

  async get(
    query: { city?: string; from?: number; to?: number; stepMs?: number; limit: number },
    sensorId: string,
  ): Promise<ReadingsAnswer> {
    const cityId = await this.cities.resolve(query.city);
    const sensor = await this.store.getSensor(cityId, sensorId);
    if (sensor === null) throw apiErrors.recordNotFound('sensor', sensorId, cityId);
    const to = query.to ?? this.now() + 1;
    const from = query.from ?? to - DEFAULT_WINDOW_MS;
    if (from >= to) throw apiErrors.badRequest('from must be before to');
    const range = { from, to, limit: query.limit };
    const items =
      query.stepMs === undefined
        ? (await this.readings.list(cityId, sensorId, range)).map(({ ts, value, seq }) => ({ ts, value, seq }))
        : await this.readings.buckets(cityId, sensorId, { ...range, stepMs: query.stepMs });
    return { sensorId, unit: sensor.unit, from, to, stepMs: query.stepMs ?? null, items };
  }
}
