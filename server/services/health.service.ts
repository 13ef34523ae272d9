import type { CityStore } from '../../store/index.js';
import { apiErrors } from '../errors.js';

/** What `/api/health` answers. */
export interface Health {
  status: 'ok';
  engine: CityStore['engine'];
  /** Number of cities in the store. */
  cities: number;
  /** The city the API answers for by default. */
  defaultCity: string;
  uptimeS: number;
  version: string;
}

/** Liveness and readiness: answers only when the database does. */
export class HealthService {
  constructor(
    private readonly store: CityStore,
    private readonly info: { defaultCity: string; version: string; startedAtMs: number; now: () => number },
  ) {}

  async check(): Promise<Health> {
    let cities: number;
    try {
      cities = (await this.store.listCities()).length;
    } catch (err) {
      throw apiErrors.storeUnavailable((err as Error).message);
    }
    return {
      status: 'ok',
      engine: this.store.engine,
      cities,
      defaultCity: this.info.defaultCity,
      uptimeS: Math.round((this.info.now() - this.info.startedAtMs) / 1000),
      version: this.info.version,
    };
  }
}
