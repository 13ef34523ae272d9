import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { CityBundle } from '../../../core/model/index.js';
import { createApp } from '../../../server/http/create-app.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { openDemoStore } from './demo-store.js';
import { expectClose } from '../../helpers/expect-close.js';

const NOW = Date.parse('2025-07-01T12:00:00Z');
const RAIN_FROM = Date.parse('2025-07-01T08:00:00Z');
let bundle: CityBundle;
let client: SqlClient;
let app: Express;

beforeAll(async () => {
  const demo = await openDemoStore(42);
  ({ bundle, client } = demo);
  const store = demo.store;
  app = createApp({ store, config: { CITY: bundle.city.id }, now: () => NOW, simulation: { now: () => NOW } });
  // Every gauge: 60 mm/h for 30 min from 08:00 (a reading a minute), then 0 for 30 min: 30 mm in the hour.
  const gauges = bundle.sensors.filter((s) => s.kind === 'rain');
  const readings = gauges.flatMap((g) =>
    Array.from({ length: 60 }, (_, k) => ({
      sensorId: g.id,
      ts: RAIN_FROM + k * 60_000,
      value: k < 30 ? 60 : 0,
      seq: k,
    })),
  );
  await liveDataStores(store).readings.insert(bundle.city.id, readings, NOW);
}, 120_000);

afterAll(async () => {
  await client?.close();
});

describe('server/services/simulation.service (inputs and time axis)', () => {
  it('builds the storm from the stored rain-gauge readings', async () => {
    const gauges = bundle.sensors.filter((s) => s.kind === 'rain');
    expect(gauges.length).toBeGreaterThan(0);
    const res = await request(app)
      .post('/api/simulations')
      .send({
        kind: 'storm',
        engine: 'simplified',
        afterMin: 30,
        rain: { source: 'gauges', from: '2025-07-01T08:00:00Z', to: '2025-07-01T09:00:00Z' },
      });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const r = res.body.result;
    expectClose(r.storm.totalMm, 30, 1e-9, 'rain depth from the gauges');
    expectClose(r.storm.peakIntensityMmH, 60, 1e-9, 'peak');
    expect(r.storm.durationMin).toBe(60);
    expect(r.rainGauges.ids.sort()).toEqual(gauges.map((g) => g.id).sort());
    expect(r.rainGauges.readingCount).toBe(gauges.length * 60);
    expect(r.inflowVolumeM3).toBeGreaterThan(0);
    // The run starts when the rain window starts, and its playback steps are the storm frames.
    expect(r.time.startTime).toBe('2025-07-01T08:00:00.000Z');
    expect(r.time.stepsMin).toEqual(r.timeline.timesMin);
    // Half the rain in a window holding only the dry half: a much smaller storm.
    const dry = await request(app)
      .post('/api/simulations')
      .send({
        kind: 'storm',
        engine: 'simplified',
        rain: { source: 'gauges', from: '2025-07-01T08:30:00Z', to: '2025-07-01T09:00:00Z' },
      });
    expect(dry.body.result.storm.totalMm).toBe(0);
  }, 60_000);

  it('answers 400 with a clear message when the gauges have no readings in the window', async () => {
    const res = await request(app)
      .post('/api/simulations')
      .send({ kind: 'storm', rain: { source: 'gauges', from: '2025-06-01T00:00:00Z', to: '2025-06-01T02:00:00Z' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('GT_ERR_BAD_REQUEST');
    expect(res.body.error.message).toMatch(
      /no rain-gauge readings between 2025-06-01T00:00:00.000Z and 2025-06-01T02:00:00.000Z/,
    );
    // Default window: the last durationMin before now (10:00-12:00), when the gauges were silent.
    const recent = await request(app)
      .post('/api/simulations')
      .send({ kind: 'storm', rain: { source: 'gauges' } });
    expect(recent.status).toBe(400);
  }, 60_000);

  it('runs a gas leak under a changing wind: one footprint per period, an envelope, on the time axis', async () => {
    const gasPipe = bundle.links.find((l) => l.utility === 'gas' && l.kind === 'pipe')!;
    const res = await request(app)
      .post('/api/simulations')
      .send({
        kind: 'gas-leak',
        linkId: gasPipe.id,
        rateKgS: 0.5,
        stability: 'F',
        wind: [
          { at: '2025-07-01T11:00:00Z', speedMs: 2, directionDeg: 270 },
          { at: '2025-07-01T11:20:00Z', speedMs: 2, directionDeg: 0 },
          { at: '2025-07-01T11:40:00Z', speedMs: 2.5, directionDeg: 90, stability: 'E' },
        ],
      });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const r = res.body.result;
    expect(r.time.startTime).toBe('2025-07-01T11:00:00.000Z');
    expect(r.time.stepsMin).toEqual([0, 20, 40]);
    expect(r.periods.map((p: { windFromDeg: number; endMin: number }) => [p.windFromDeg, p.endMin])).toEqual([
      [270, 20],
      [0, 40],
      [90, 70],
    ]);
    const union = new Set(r.periods.flatMap((p: { affectedBuildings: string[] }) => p.affectedBuildings));
    expect(new Set(r.envelope.affectedBuildings)).toEqual(union);
    expect(r.affectedBuildings).toEqual(r.envelope.affectedBuildings);
    expect(r.periods[0].grid).toBeUndefined(); // the grid travels once, at the top level
    expect(r.grid.values.length).toBe(r.grid.cols * r.grid.rows);
  }, 60_000);

  it('defaults the start to now minus the duration, and takes startTime when given', async () => {
    const gasPipe = bundle.links.find((l) => l.utility === 'gas' && l.kind === 'pipe')!;
    const steady = await request(app)
      .post('/api/simulations')
      .send({ kind: 'gas-leak', linkId: gasPipe.id, rateKgS: 0.3, windSpeedMs: 2, windFromDeg: 90, stability: 'D' });
    expect(steady.status).toBe(200);
    expect(steady.body.result.time.startMs).toBe(NOW - 60 * 60_000);
    expect(steady.body.result.periods).toHaveLength(1);
    const storm = await request(app).post('/api/simulations').send({
      kind: 'storm',
      engine: 'simplified',
      durationMin: 60,
      afterMin: 30,
      startTime: '2025-07-01T06:00:00+08:00',
    });
    expect(storm.body.result.time.startTime).toBe('2025-06-30T22:00:00.000Z');
    const plain = await request(app)
      .post('/api/simulations')
      .send({ kind: 'storm', engine: 'simplified', durationMin: 60, afterMin: 30 });
    const t = plain.body.result.time;
    expect(t.startMs).toBe(NOW - t.durationMin * 60_000);
    expect(t.durationMin).toBe(90);
    const bad = await request(app)
      .post('/api/simulations')
      .send({ kind: 'gas-leak', linkId: gasPipe.id, rateKgS: 0.3 });
    expect(bad.status).toBe(400);
  }, 60_000);
});
