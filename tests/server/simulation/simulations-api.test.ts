import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { CityBundle } from '../../../core/model/index.js';
import { createApp } from '../../../server/http/create-app.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { SqlSimulationResultStore } from '../../../server/simulation/simulation-store.js';
import { writeInp } from '../../../tiles/export/epanet-inp-writer.js';
import { openDemoStore } from './demo-store.js';

let bundle: CityBundle;
let client: SqlClient;
let app: Express;

beforeAll(async () => {
  const demo = await openDemoStore(42);
  ({ bundle, client } = demo);
  const store = demo.store;
  app = createApp({
    store,
    config: { CITY: bundle.city.id },
    simulation: { writeInp, results: new SqlSimulationResultStore(client) },
  });
}, 120_000);

afterAll(async () => {
  await client?.close();
});

describe('server/routes/simulations.routes', () => {
  it('runs a burst on a demo main end to end: valves, segment, buildings, hydraulics, stored', async () => {
    const main = bundle.links.find(
      (l) => l.utility === 'water' && l.kind === 'pipe' && l.attributes.role === 'distribution',
    )!;
    await request(app).post('/api/simulations').send({ kind: 'burst', linkId: main.id }); // warm caches (city load, EPANET module)
    const t0 = performance.now();
    const res = await request(app).post('/api/simulations').send({ kind: 'burst', linkId: main.id, withEmitter: true });
    const ms = performance.now() - t0;
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const r = res.body.result;
    expect(res.body.kind).toBe('burst');
    expect(r.isolable).toBe(true);
    expect(r.valvesToClose.length).toBeGreaterThan(0);
    expect(r.isolatedLinks).toContain(main.id);
    expect(r.workOrder.map((s: { valveId: string }) => s.valveId).sort()).toEqual([...r.valvesToClose].sort());
    for (const step of r.workOrder) expect(step.depthM).toBeGreaterThan(0.5);
    expect(r.affectedBuildings.length).toBeGreaterThan(0);
    expect(r.population).toBeGreaterThan(0);
    const h = r.hydraulics;
    expect(h.nodeIds.length).toBe(bundle.nodes.filter((n) => n.networkId === main.networkId).length);
    const cut = new Set(r.cutOffNodes);
    const after = h.pressureAfterM[0];
    h.nodeIds.forEach((id: string, i: number) => {
      if (cut.has(id)) expect(after[i]).toBe(0);
    });
    for (const low of h.lowPressureNodes) expect(cut.has(low.nodeId)).toBe(false);
    expect(h.leak.flowLps).toBeGreaterThan(1);
    const stored = await request(app).get(`/api/simulations/${res.body.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.result.valvesToClose).toEqual(r.valvesToClose);
    console.log(
      `burst end to end (HTTP, 3 EPANET runs, demo city): ${ms.toFixed(0)} ms; valves ${r.valvesToClose.length}, buildings ${r.affectedBuildings.length}, population ${r.population}`,
    );
    expect(ms).toBeLessThan(3000);
  }, 60_000);

  it('finds the next ring when the first valve is reported broken', async () => {
    const main = bundle.links.find(
      (l) => l.utility === 'water' && l.kind === 'pipe' && l.attributes.role === 'distribution',
    )!;
    const first = (await request(app).post('/api/simulations').send({ kind: 'burst', linkId: main.id })).body.result;
    const broken = first.valvesToClose[0];
    const next = (
      await request(app)
        .post('/api/simulations')
        .send({ kind: 'burst', linkId: main.id, brokenValves: [broken] })
    ).body.result;
    expect(next.valvesToClose).not.toContain(broken);
    expect(next.cutOffNodes.length).toBeGreaterThan(first.cutOffNodes.length);
  }, 60_000);

  it('runs a gas leak and a storm', async () => {
    const gasPipe = bundle.links.find((l) => l.utility === 'gas' && l.kind === 'pipe')!;
    const gas = await request(app)
      .post('/api/simulations')
      .send({ kind: 'gas-leak', linkId: gasPipe.id, rateKgS: 0.3, windSpeedMs: 2, windFromDeg: 90, stability: 'F' });
    expect(gas.status, JSON.stringify(gas.body).slice(0, 300)).toBe(200);
    expect(gas.body.result.evacuationZone.length).toBeGreaterThan(3);
    expect(gas.body.result.valvesToClose.length).toBeGreaterThan(0);
    const storm = await request(app)
      .post('/api/simulations')
      .send({ kind: 'storm', returnPeriodYears: 20, durationMin: 120 });
    expect(storm.status, JSON.stringify(storm.body).slice(0, 300)).toBe(200);
    const s = storm.body.result;
    expect(s.storm.totalMm).toBeGreaterThan(50);
    expect(s.timeline.timesMin.length).toBeGreaterThan(10);
    expect(s.timeline.nodeDepthM[0].length).toBe(s.timeline.nodeIds.length);
    expect(s.inflowVolumeM3).toBeGreaterThan(0);
    // SWMM is the default router (ADR 0004); its outflow must account for the runoff it was given (ponded water aside).
    expect(s.engine).toBe('swmm');
    expect(Math.abs(s.swmm.continuityErrorPct)).toBeLessThan(2);
    expect(s.outfallVolumeM3).toBeGreaterThan(s.inflowVolumeM3 * 0.8);
    expect(s.outfallVolumeM3).toBeLessThan(s.inflowVolumeM3 * 1.05);
    const simple = (
      await request(app)
        .post('/api/simulations')
        .send({ kind: 'storm', returnPeriodYears: 20, durationMin: 120, engine: 'simplified' })
    ).body.result;
    expect(simple.engine).toBe('simplified');
    expect(simple.inflowVolumeM3).toBeCloseTo(s.inflowVolumeM3, -1);
    // The steady-flow router has no travel time or attenuation: it floods at least as many manholes as SWMM.
    expect(simple.flooded.length).toBeGreaterThanOrEqual(s.flooded.length);
    console.log(
      `storm P=20: SWMM ${s.surcharged.length} surcharged, ${s.flooded.length} flooded manholes in ${s.swmm.elapsedMs} ms; simplified ${simple.surcharged.length} / ${simple.flooded.length}; gas: ${gas.body.result.affectedBuildings.length} buildings in zone`,
    );
  }, 180_000);

  it('answers 400 for a bad body and 404 for an unknown link', async () => {
    expect((await request(app).post('/api/simulations').send({ kind: 'flood' })).status).toBe(400);
    const res = await request(app).post('/api/simulations').send({ kind: 'burst', linkId: 'nope' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('GT_ERR_LINK_NOT_FOUND');
  }, 60_000);
});
