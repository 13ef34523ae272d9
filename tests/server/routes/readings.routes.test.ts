import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../../server/http/create-app.js';
import { CityService } from '../../../server/services/city.service.js';
import { ReadingsService } from '../../../server/services/readings.service.js';
import { readingsRoutes } from '../../../server/routes/readings.routes.js';
import { openFixtureStore, type FixtureDb } from '../../iot-bridge/bridge-fixture.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import type { CityStore } from '../../../store/index.js';
import type { LiveDataStores } from '../../../store/readings/index.js';

describe('server/routes/readings.routes (PGlite)', () => {
  readingsRoutesSuite();
});

describePostgres('server/routes/readings.routes (PostgreSQL)', (databaseUrl) => {
  const schema = uniqueSchemaName('gt_readings');
  afterAll(() => dropSchema(databaseUrl, schema));
  readingsRoutesSuite({ databaseUrl, schema });
});

/** Readings storage (insert, time order, buckets, retention) through the route, on one storage engine. */
function readingsRoutesSuite(db?: FixtureDb): void {
  let store: CityStore, live: LiveDataStores, app: Express;
  const T0 = Date.parse('2026-11-22T00:00:00Z');
  beforeAll(async () => {
    ({ store, live } = await openFixtureStore(undefined, db));
    const cityId = 'fixture-city';
    // 600 readings, one per second, value = second index; stored out of order to check time ordering.
    const readings = Array.from({ length: 600 }, (_, i) => ({
      sensorId: 'sen-p-j2',
      ts: T0 + i * 1000,
      value: i,
      seq: i,
    }));
    await live.readings.insert(cityId, readings.slice(300), T0);
    await live.readings.insert(cityId, readings.slice(0, 300), T0);
    app = createApp({
      store,
      config: { CITY: cityId },
      // Public read mode: these tests are about the readings; logins are read-access.test.ts's.
      extraRoutes: [
        readingsRoutes(new ReadingsService(store, new CityService(store, cityId), live.readings), { publicRead: true }),
      ],
    });
  });
  afterAll(() => store.close());

  it('answers raw readings in [from, to) in time order', async () => {
    const res = await request(app)
      .get(`/api/sensors/sen-p-j2/readings?from=${T0 + 10_000}&to=${T0 + 15_000}`)
      .expect(200);
    expect(res.body.stepMs).toBeNull();
    expect(res.body.items.map((r: { value: number }) => r.value)).toEqual([10, 11, 12, 13, 14]);
  });

  it('downsamples with min, max, mean and count per step', async () => {
    const res = await request(app)
      .get(`/api/sensors/sen-p-j2/readings?from=2026-11-22T00:00:00Z&to=${T0 + 600_000}&step=1m`)
      .expect(200);
    expect(res.body.stepMs).toBe(60_000);
    expect(res.body.items).toHaveLength(10);
    expect(res.body.items[2]).toEqual({ ts: T0 + 120_000, min: 120, max: 179, mean: 149.5, count: 60 });
  });

  it('answers a step of minutes or hours (read from the rollups) as the raw readings of the window aggregate', async () => {
    for (const [from, to, step, stepMs] of [
      [T0 - 3_600_000, T0 + 7_200_000, '1h', 3_600_000],
      [T0 + 12_345, T0 + 543_210, '5m', 300_000],
      [T0 + 12_345, T0 + 543_210, '2m', 120_000],
    ] as const) {
      const raw = await request(app).get(`/api/sensors/sen-p-j2/readings?from=${from}&to=${to}`).expect(200);
      const expected = new Map<number, { ts: number; min: number; max: number; sum: number; count: number }>();
      for (const r of raw.body.items as { ts: number; value: number }[]) {
        const t = Math.floor(r.ts / stepMs) * stepMs;
        const b = expected.get(t) ?? { ts: t, min: Infinity, max: -Infinity, sum: 0, count: 0 };
        expected.set(t, {
          ts: t,
          min: Math.min(b.min, r.value),
          max: Math.max(b.max, r.value),
          sum: b.sum + r.value,
          count: b.count + 1,
        });
      }
      const res = await request(app)
        .get(`/api/sensors/sen-p-j2/readings?from=${from}&to=${to}&step=${step}`)
        .expect(200);
      expect(res.body.items, step).toEqual(
        [...expected.values()].map(({ sum, ...b }) => ({ ...b, mean: sum / b.count })),
      );
    }
  });

  it('answers 404 for an unknown sensor and 400 for a bad step', async () => {
    await request(app).get('/api/sensors/nope/readings').expect(404);
    const bad = await request(app).get('/api/sensors/sen-p-j2/readings?step=fast').expect(400);
    expect(bad.body.error.message).toMatch(/step must be a duration/);
  });

  it('retention drops the UTC days wholly older than the cut, and keeps a day the cut falls in', async () => {
    const before = await live.readings.count('fixture-city', 'sen-p-j2');
    expect(await live.readings.deleteBefore(T0 + 100_000)).toBe(0);
    expect(await live.readings.count('fixture-city', 'sen-p-j2')).toBe(before);
    expect(await live.readings.deleteBefore(T0 + 86_400_000)).toBe(600);
    expect(await live.readings.count('fixture-city', 'sen-p-j2')).toBe(before - 600);
  });

  it('is listed in /api/openapi.json', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toContain('/api/sensors/{id}/readings');
  });
}
