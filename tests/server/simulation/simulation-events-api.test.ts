import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { CityBundle } from '../../../core/model/index.js';
import { GridLocator } from '../../../core/grid/index.js';
import { renderTitle } from '../../../core/incident/index.js';
import { createApp } from '../../../server/http/create-app.js';
import { authorizeRoles } from '../../../server/auth/auth-middleware.js';
import { createIncidentServices } from '../../../server/services/incident-services.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { SqlSimulationResultStore } from '../../../server/simulation/simulation-store.js';
import { writeInp } from '../../../tiles/export/epanet-inp-writer.js';
import { openDemoStore } from './demo-store.js';

const PASSWORD = 'correct horse battery';
let bundle: CityBundle;
let client: SqlClient;
let app: Express;
let locator: GridLocator;
const tokens: Record<string, string> = {};
const auth = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });

beforeAll(async () => {
  const demo = await openDemoStore(42);
  ({ bundle, client } = demo);
  const store = demo.store;
  const incidents = createIncidentServices({
    store,
    defaultCityId: bundle.city.id,
    scryptCost: { N: 1024, r: 8, p: 1 },
  });
  app = createApp({
    store,
    config: { CITY: bundle.city.id },
    incidents,
    simulation: {
      writeInp,
      results: new SqlSimulationResultStore(client),
      intake: incidents.intake,
      eventStore: incidents.eventStore,
      authorize: authorizeRoles(incidents.auth, 'admin', 'manager', 'planner'),
    },
  });
  for (const [username, role] of [
    ['planner1', 'planner'],
    ['viewer1', 'viewer'],
    ['crew1', 'crew'],
  ] as const) {
    await incidents.auth.createUser({ username, password: PASSWORD, role });
    tokens[username] = (
      await request(app).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200)
    ).body.token;
  }
  locator = new GridLocator(bundle.grids);
}, 120_000);

afterAll(async () => {
  await client?.close();
});

/** The cell of a building: the mean of its outer ring's vertices (closing vertex once). */
function buildingCell(id: string): string | null {
  const ring = bundle.buildings.find((b) => b.id === id)!.footprint[0]![0]!.slice(0, -1);
  const x = ring.reduce((s, p) => s + p[0], 0) / ring.length,
    y = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  return locator.locateCell(x, y)?.id ?? null;
}

describe('server/routes/simulations.routes (events of a run)', () => {
  let burstId = '';
  let burst: { linkId: string; affectedBuildings: string[]; hydraulics: { lowPressureBuildings: string[] } | null };

  it('refuses without a token (401) and for roles other than admin, manager, planner (403)', async () => {
    const main = bundle.links.find(
      (l) => l.utility === 'water' && l.kind === 'pipe' && l.attributes.role === 'distribution',
    )!;
    expect((await request(app).post('/api/simulations').send({ kind: 'burst', linkId: main.id })).status).toBe(401);
    const run = await request(app)
      .post('/api/simulations')
      .set(auth('planner1'))
      .send({ kind: 'burst', linkId: main.id });
    expect(run.status, JSON.stringify(run.body).slice(0, 300)).toBe(200);
    burstId = run.body.id;
    burst = run.body.result;
    const none = await request(app).post(`/api/simulations/${burstId}/events`);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('GT_ERR_UNAUTHENTICATED');
    for (const user of ['viewer1', 'crew1']) {
      const res = await request(app).post(`/api/simulations/${burstId}/events`).set(auth(user));
      expect(res.status, user).toBe(403);
    }
    expect((await request(app).get('/api/events?source=simulation').set(auth('planner1'))).body.total).toBe(0);
    expect((await request(app).post('/api/simulations/sim-nope/events').set(auth('planner1'))).status).toBe(404);
  }, 60_000);

  it('creates one event per affected grid cell, in the right cells, and never twice', async () => {
    const res = await request(app).post(`/api/simulations/${burstId}/events`).set(auth('planner1'));
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const { items, total, created } = res.body as {
      items: {
        id: string;
        gridId: string | null;
        location: [number, number];
        source: { kind: string; simulationId: string };
        severity: string;
        category: string;
        assignedWorker: string | null;
      }[];
      total: number;
      created: number;
    };
    const expectedCells = new Set<string | null>([
      ...burst.affectedBuildings.map(buildingCell),
      ...(burst.hydraulics?.lowPressureBuildings ?? []).map(buildingCell),
    ]);
    const link = bundle.links.find((l) => l.id === burst.linkId)!;
    const mid = link.path[Math.floor(link.path.length / 2)]!;
    expectedCells.add(locator.locateCell(mid[0], mid[1])?.id ?? null);
    expect(expectedCells.size).toBeGreaterThan(0);
    expect(total).toBe(items.length);
    expect(created).toBe(items.length);
    expect(new Set(items.map((e) => e.gridId))).toEqual(expectedCells);
    expect(items.length).toBe(expectedCells.size); // one per cell
    for (const e of items) {
      expect(e.source).toEqual({ kind: 'simulation', simulationId: burstId });
      expect(e.category).toBe('simulation-burst');
      // The event sits in its own cell: its location locates to its grid id.
      expect(locator.locateCell(e.location[0], e.location[1])?.id ?? null).toBe(e.gridId);
    }
    // The burst's own cell is the critical one.
    const burstCell = locator.locateCell(mid[0], mid[1])?.id ?? null;
    expect(items.find((e) => e.gridId === burstCell)!.severity).toBe('critical');
    // Titled by template, the cell named in both languages: readers render it in theirs, no English text matched.
    const templated = res.body.items as {
      gridId: string | null;
      titleTemplate?: { key: string; params: Record<string, string | number | null> };
    }[];
    for (const e of templated) {
      const grid = bundle.grids.find((g) => g.id === e.gridId);
      expect(e.titleTemplate).toEqual({
        key: e.gridId === burstCell ? 'sim.burstMain' : 'sim.burstCut',
        params: {
          gridId: e.gridId,
          placeZh: grid?.name ?? null,
          placeEn: grid?.nameEn ?? null,
          linkId: burst.linkId,
          count: null,
        },
      });
      expect(renderTitle(e.titleTemplate!, 'zh')).toContain(grid?.name ?? e.gridId ?? '网格外');
    }

    const again = await request(app).post(`/api/simulations/${burstId}/events`).set(auth('planner1'));
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(0);
    expect(again.body.items.map((e: { id: string }) => e.id).sort()).toEqual(items.map((e) => e.id).sort());
    // Concurrent calls take turns: still no duplicate.
    await Promise.all(
      [1, 2, 3].map(() => request(app).post(`/api/simulations/${burstId}/events`).set(auth('planner1')).expect(200)),
    );
    const listed = await request(app).get('/api/events?source=simulation&limit=500').set(auth('planner1'));
    expect(listed.body.total).toBe(items.length);
  }, 60_000);

  it('turns a storm into events at its overflowing and surcharged manholes', async () => {
    const run = await request(app)
      .post('/api/simulations')
      .set(auth('planner1'))
      .send({ kind: 'storm', returnPeriodYears: 50, durationMin: 120, engine: 'simplified' });
    expect(run.status).toBe(200);
    const surcharged = run.body.result.surcharged as { nodeId: string; position: [number, number] }[];
    expect(surcharged.length).toBeGreaterThan(0);
    const res = await request(app).post(`/api/simulations/${run.body.id}/events`).set(auth('planner1'));
    expect(res.status).toBe(200);
    const cells = new Set(surcharged.map((m) => locator.locateCell(m.position[0], m.position[1])?.id ?? null));
    expect(new Set(res.body.items.map((e: { gridId: string | null }) => e.gridId))).toEqual(cells);
    const flooded = new Set(
      (run.body.result.flooded as { nodeId: string; position: [number, number] }[]).map(
        (m) => locator.locateCell(m.position[0], m.position[1])?.id ?? null,
      ),
    );
    for (const e of res.body.items as {
      gridId: string | null;
      severity: string;
      titleTemplate: { key: string; params: { count: number } };
    }[]) {
      expect(e.severity).toBe(flooded.has(e.gridId) ? 'major' : 'minor');
      expect(e.titleTemplate.key).toBe(flooded.has(e.gridId) ? 'sim.stormOverflow' : 'sim.stormSurcharge');
      expect(e.titleTemplate.params.count).toBeGreaterThan(0);
    }
  }, 60_000);

  it('is in the OpenAPI document', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.paths['/api/simulations/{id}/events']?.post).toBeDefined();
  });
});
