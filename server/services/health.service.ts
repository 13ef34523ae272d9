import type { CityStore } from '../../store/index.js';
import type { z } from 'zod';
import type { HealthSchema } from '../../core/contracts/index.js';
import { apiErrors } from '../errors.js';

/** What the app reports of the parts the server does not own (the bridge's writes, the broker). */
export interface HealthProbe {
  writes: 'ok' | 'failing' | 'unknown';
  lastWriteError: string | null;
  broker: Health['broker'];
}

/** What `/api/health` answers. */
export type Health = z.infer<typeof HealthSchema>;

/** Liveness and readiness: answers only when the database does. */
export class HealthService {
  constructor(
    private readonly store: CityStore,
    private readonly info: { defaultCity: string; version: string; startedAtMs: number; now: () => number },
    private readonly probe?: () => HealthProbe,
  ) {}

  async check(): Promise<Health> {
    let cities: number;
    try {
      cities = (await this.store.listCities()).length;
    } catch (err) {
      throw apiErrors.storeUnavailable((err as Error).message);
    }
    const p = this.probe?.();
    const degraded = p !== undefined && (p.writes === 'failing' || p.broker?.state === 'down');
    return {
      status: degraded ? 'degraded' : 'ok',
      ...(p
        ? {
            storage: { reads: 'ok' as const, writes: p.writes, lastWriteError: p.lastWriteError },
            broker: p.broker ?? null,
          }
        : {}),
      engine: this.store.engine,
      cities,
      defaultCity: this.info.defaultCity,
      uptimeS: Math.round((this.info.now() - this.info.startedAtMs) / 1000),
      version: this.info.version,
    };
  }
}
