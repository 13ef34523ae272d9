import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { SqlClient } from '../../../store/sql-client.js';
import { SqlCityStore } from '../../../store/sql-city-store.js';
import { createApp } from '../../../server/http/create-app.js';
import { ensureAdmin } from '../../../server/auth/ensure-admin.js';
import { FIXTURE_CENTER, makeCityFixture } from '../../helpers/city-fixture.js';

const [CX, CY] = FIXTURE_CENTER;
const ids = (body: { items: { id: string }[] }): string[] => body.items.map((i) => i.id);
const packageVersion = (
  JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Asserts an error answer: status, JSON shape, code, and (optionally) a message fragment. */
async function expectError(
  req: request.Test,
  status: number,
  code: string,
  message?: string | RegExp,
): Promise<string> {
  const res = await req;
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(res.body.error.code).toBe(code);
  if (typeof message === 'string') expect(res.body.error.message).toContain(message);
  else if (message) expect(res.body.error.message).toMatch(message);
  return res.body.error.message as string;
}

/**
 * The read API, driven in-process with supertest on a real store. `openClient` answers a connection to an empty
 * database (or schema).
 */
export function readApiSuite(openClient: () => Promise<SqlClient>): void {
  let store: SqlCityStore;
  let app: Express;
  let auth = '';
  const fixture = makeCityFixture({ cityId: 'fixture-city' });

  beforeAll(async () => {
    store = new SqlCityStore(await openClient());
    await store.migrate();
    await store.saveCity(fixture);
    await store.saveCity(makeCityFixture({ cityId: 'second-city', name: '第二城' }));
    app = createApp({ store, config: { CITY: 'fixture-city' }, logError: () => undefined });
    // People (worker names, phones) are answered to a logged-in reader only (server/auth/read-access.ts).
    await ensureAdmin(store, { ADMIN_PASSWORD: 'read-api-suite' }, () => undefined, {
      scryptCost: { N: 1024, r: 8, p: 1 },
    });
    const login = await request(app).post('/api/auth/login').send({ username: 'admin', password: 'read-api-suite' });
    auth = `Bearer ${login.body.token as string}`;
  });
  afterAll(async () => {
    await store?.close();
  });

  it('GET /api/health answers ok with the engine, city count, uptime and version', async () => {
    const res = await request(app)
      .get('/api/health')
      .expect(200)
      .expect('content-type', /application\/json/);
    expect(res.body).toMatchObject({
      status: 'ok',
      engine: store.engine,
      cities: 2,
      defaultCity: 'fixture-city',
      version: packageVersion,
    });
    expect(res.body.uptimeS).toBeGreaterThanOrEqual(0);
  });

  it('GET /api/city answers the default city or ?city= with counts; unknown cities are 404', async () => {
    const res = await request(app).get('/api/city').expect(200);
    expect(res.body).toMatchObject({ id: 'fixture-city', name: fixture.city.name, revision: 1 });
    expect(res.body.counts).toMatchObject({
      buildings: 6,
      nodes: 9,
      links: 7,
      sensors: 4,
      grids: 5,
      crews: 2,
      networks: 2,
    });
    expect((await request(app).get('/api/city?city=second-city').expect(200)).body.name).toBe('第二城');
    await expectError(
      request(app).get('/api/city?city=atlantis'),
      404,
      'GT_ERR_CITY_NOT_FOUND',
      'cities in the store: fixture-city, second-city',
    );
    await expectError(
      request(app).get('/api/city?city=Not_An_Id'),
      400,
      'GT_ERR_BAD_REQUEST',
      'city must be a city id',
    );
    const cities = (await request(app).get('/api/cities').expect(200)).body;
    expect(cities.total).toBe(2);
    expect(ids(cities)).toEqual(['fixture-city', 'second-city']);
  });

  it('GET /api/buildings pages, filters by bbox and validates its parameters', async () => {
    const all = (await request(app).get('/api/buildings').expect(200)).body;
    expect(all.total).toBe(6);
    expect(ids(all)).toEqual(['b-001', 'b-002', 'b-003', 'b-004', 'b-005', 'b-006']);
    const page = (await request(app).get('/api/buildings?limit=2&offset=2').expect(200)).body;
    expect(page).toMatchObject({ total: 6 });
    expect(ids(page)).toEqual(['b-003', 'b-004']);
    const west = `${CX - 0.01},${CY - 0.01},${CX - 0.0005},${CY + 0.01}`;
    expect(ids((await request(app).get(`/api/buildings?bbox=${west}`).expect(200)).body)).toEqual([
      'b-001',
      'b-002',
      'b-003',
    ]);
    expect((await request(app).get('/api/buildings?city=second-city&limit=1').expect(200)).body.total).toBe(6);

    const bboxMessage = 'bbox must be four numbers west,south,east,north with west<east and south<north';
    for (const bad of ['1,2,3', 'a,b,c,d', `${CX},${CY},${CX - 1},${CY + 1}`, '0,10,1,5', '0,0,200,1', '1,2,3,4,5']) {
      await expectError(
        request(app).get('/api/buildings').query({ bbox: bad }),
        400,
        'GT_ERR_BAD_REQUEST',
        bboxMessage,
      );
    }
    await expectError(
      request(app).get('/api/buildings?limit=0'),
      400,
      'GT_ERR_BAD_REQUEST',
      'limit must be an integer from 1 to 10000',
    );
    await expectError(
      request(app).get('/api/buildings?limit=10001'),
      400,
      'GT_ERR_BAD_REQUEST',
      'limit must be an integer from 1 to 10000',
    );
    await expectError(
      request(app).get('/api/buildings?limit=ten'),
      400,
      'GT_ERR_BAD_REQUEST',
      'limit must be an integer',
    );
    await expectError(
      request(app).get('/api/buildings?offset=-1'),
      400,
      'GT_ERR_BAD_REQUEST',
      'offset must be an integer',
    );
    await expectError(
      request(app).get('/api/buildings?bbx=1'),
      400,
      'GT_ERR_BAD_REQUEST',
      'unknown query parameter "bbx"',
    );
    expect((await request(app).get('/api/buildings?limit=10000').expect(200)).body.total).toBe(6);
  });

  it('GET /api/buildings/:id answers the building or a 404 naming it and the city', async () => {
    const res = await request(app).get('/api/buildings/b-004').expect(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(fixture.buildings[3])));
    await expectError(
      request(app).get('/api/buildings/b-123'),
      404,
      'GT_ERR_BUILDING_NOT_FOUND',
      'building b-123 not found in city fixture-city',
    );
    await expectError(request(app).get('/api/buildings/b-004?city=atlantis'), 404, 'GT_ERR_CITY_NOT_FOUND');
    // Ids are opaque strings: URL-encoded characters reach the store decoded.
    await expectError(
      request(app).get('/api/buildings/%E5%A4%A7%E5%8E%A6'),
      404,
      'GT_ERR_BUILDING_NOT_FOUND',
      'building 大厦 not found',
    );
  });

  it('GET /api/network/* lists networks, nodes and links with utility, kind, network and bbox filters', async () => {
    const networks = (await request(app).get('/api/network/networks').expect(200)).body;
    expect(ids(networks)).toEqual(['net-sewer', 'net-water']);
    expect(ids((await request(app).get('/api/network/networks?utility=water').expect(200)).body)).toEqual([
      'net-water',
    ]);

    expect(ids((await request(app).get('/api/network/nodes?utility=sewer').expect(200)).body)).toEqual([
      's-m1',
      's-m2',
      's-o1',
    ]);
    expect(ids((await request(app).get('/api/network/nodes?kind=valve').expect(200)).body)).toEqual(['w-v1']);
    const nodesPage = (await request(app).get('/api/network/nodes?networkId=net-water&limit=4&offset=4').expect(200))
      .body;
    expect(nodesPage.total).toBe(6);
    expect(nodesPage.items).toHaveLength(2);
    const links = (await request(app).get('/api/network/links?utility=water&kind=pipe').expect(200)).body;
    expect(ids(links)).toEqual(['w-p1', 'w-p2', 'w-p3', 'w-p4']);
    const east = `${CX + 0.0015},${CY - 0.01},${CX + 0.01},${CY + 0.01}`;
    expect(ids((await request(app).get(`/api/network/links?bbox=${east}`).expect(200)).body)).toEqual([
      's-c1',
      's-c2',
      'w-p4',
      'w-p5',
    ]);

    expect((await request(app).get('/api/network/nodes/w-v1').expect(200)).body).toMatchObject({
      kind: 'valve',
      normallyOpen: true,
    });
    expect((await request(app).get('/api/network/links/w-p2').expect(200)).body).toMatchObject({
      fromNodeId: 'w-j1',
      toNodeId: 'w-j2',
    });
    await expectError(
      request(app).get('/api/network/nodes/nope'),
      404,
      'GT_ERR_NODE_NOT_FOUND',
      'node nope not found in city fixture-city',
    );
    await expectError(request(app).get('/api/network/links/nope'), 404, 'GT_ERR_LINK_NOT_FOUND', 'link nope not found');
    await expectError(
      request(app).get('/api/network/nodes?utility=oil'),
      400,
      'GT_ERR_BAD_REQUEST',
      'utility must be one of water, sewer, storm, gas, power, telecom, heat',
    );
    await expectError(
      request(app).get('/api/network/links?kind=manhole'),
      400,
      'GT_ERR_BAD_REQUEST',
      /^kind must be one of pipe, /,
    );
  });

  it('GET /api/sensors filters by kind, utility and bbox; /:id answers one', async () => {
    expect(ids((await request(app).get('/api/sensors').expect(200)).body)).toEqual([
      'sen-f-p1',
      'sen-l-m1',
      'sen-p-j2',
      'sen-rain-1',
    ]);
    expect(ids((await request(app).get('/api/sensors?kind=level').expect(200)).body)).toEqual(['sen-l-m1']);
    expect(ids((await request(app).get('/api/sensors?utility=water').expect(200)).body)).toEqual([
      'sen-f-p1',
      'sen-p-j2',
    ]);
    expect((await request(app).get('/api/sensors/sen-p-j2').expect(200)).body).toMatchObject({
      unit: 'kPa',
      thresholds: { lo: 150, hi: 600 },
    });
    await expectError(
      request(app).get('/api/sensors/nope'),
      404,
      'GT_ERR_SENSOR_NOT_FOUND',
      'sensor nope not found in city fixture-city',
    );
    await expectError(
      request(app).get('/api/sensors?kind=noise'),
      400,
      'GT_ERR_BAD_REQUEST',
      'kind must be one of pressure',
    );
  });

  it('GET /api/grids lists by level and parent; /:id answers one', async () => {
    expect(ids((await request(app).get('/api/grids?level=cell').expect(200)).body)).toEqual(['g-cell-e', 'g-cell-w']);
    expect(ids((await request(app).get('/api/grids?parent=g-community').expect(200)).body)).toEqual([
      'g-cell-e',
      'g-cell-w',
    ]);
    expect((await request(app).get('/api/grids').expect(200)).body.total).toBe(5);
    expect((await request(app).get('/api/grids/g-street').expect(200)).body).toMatchObject({
      level: 'street',
      code: '310115001',
    });
    await expectError(request(app).get('/api/grids/nope'), 404, 'GT_ERR_GRID_NOT_FOUND', 'grid nope not found');
    await expectError(
      request(app).get('/api/grids?level=province'),
      400,
      'GT_ERR_BAD_REQUEST',
      'level must be one of district, street, community, cell',
    );
  });

  it('GET /api/grids/locate answers the cell, its hierarchy, worker and crews, or 404 outside', async () => {
    const west = (
      await request(app)
        .get('/api/grids/locate')
        .set('Authorization', auth)
        .query({ lon: CX - 0.005, lat: CY })
        .expect(200)
    ).body;
    // Anonymous: the same cell and crews, without the people's names and phones.
    const anonymous = (
      await request(app)
        .get('/api/grids/locate')
        .query({ lon: CX - 0.005, lat: CY })
        .expect(200)
    ).body;
    expect(anonymous.cell.id).toBe('g-cell-w');
    expect(anonymous.worker).toBeNull();
    expect(anonymous.cell.worker).toBeUndefined();
    expect(anonymous.crews.map((c: { id: string }) => c.id)).toEqual(['crew-water']);
    expect(JSON.stringify(anonymous)).not.toContain('+86');
    expect(west.cell.id).toBe('g-cell-w');
    expect(west.hierarchy.map((g: { id: string }) => g.id)).toEqual([
      'g-district',
      'g-street',
      'g-community',
      'g-cell-w',
    ]);
    expect(west.worker).toEqual({ name: '王芳', phone: '+86 21 5555 0101' });
    expect(west.crews.map((c: { id: string }) => c.id)).toEqual(['crew-water']);
    const east = (
      await request(app)
        .get('/api/grids/locate')
        .query({ lon: CX + 0.005, lat: CY + 0.005 })
        .expect(200)
    ).body;
    expect(east.cell.id).toBe('g-cell-e');
    expect(east.crews.map((c: { id: string }) => c.id)).toEqual(['crew-water', 'crew-sewer']);

    await expectError(
      request(app)
        .get('/api/grids/locate')
        .query({ lon: CX + 0.5, lat: CY }),
      404,
      'GT_ERR_OUTSIDE_GRIDS',
      'no grid cell of city fixture-city contains',
    );
    await expectError(
      request(app).get('/api/grids/locate').query({ lon: CX, lat: 100 }),
      400,
      'GT_ERR_BAD_REQUEST',
      'lat must be a number from -90 to 90',
    );
    await expectError(
      request(app).get('/api/grids/locate').query({ lat: CY }),
      400,
      'GT_ERR_BAD_REQUEST',
      'lon must be a number',
    );
  });

  it("GET /api/crews lists the city's crews by name, filtered by utility", async () => {
    const all = (await request(app).get('/api/crews').expect(200)).body;
    expect(all.total).toBe(fixture.crews.length);
    expect(all.items.map((c: { id: string }) => c.id).sort()).toEqual(fixture.crews.map((c) => c.id).sort());
    const names = all.items.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    const sewer = (await request(app).get('/api/crews').query({ utility: 'sewer' }).expect(200)).body;
    expect(sewer.items.map((c: { id: string }) => c.id)).toEqual(['crew-sewer']);
    expect(sewer.items[0]).toMatchObject({
      utility: 'sewer',
      name: fixture.crews.find((c) => c.id === 'crew-sewer')!.name,
    });
    await expectError(request(app).get('/api/crews').query({ utility: 'oil' }), 400, 'GT_ERR_BAD_REQUEST', 'utility');
  });

  it('rebuilds the grid locator when the city is saved again', async () => {
    const before = (
      await request(app)
        .get('/api/grids/locate')
        .set('Authorization', auth)
        .query({ city: 'second-city', lon: CX - 0.005, lat: CY })
        .expect(200)
    ).body;
    expect(before.worker.name).toBe('王芳');
    const changed = makeCityFixture({ cityId: 'second-city', name: '第二城' });
    changed.grids = changed.grids.map((g) =>
      g.id === 'g-cell-w' ? { ...g, worker: { name: '赵敏', phone: '+86 21 5555 0199' } } : g,
    );
    await store.saveCity(changed);
    const after = (
      await request(app)
        .get('/api/grids/locate')
        .set('Authorization', auth)
        .query({ city: 'second-city', lon: CX - 0.005, lat: CY })
        .expect(200)
    ).body;
    expect(after.worker.name).toBe('赵敏');
  });

  it('GET /api/search finds addresses, names, ids and codes, best first', async () => {
    const res = (await request(app).get('/api/search').query({ q: '陆家嘴环路 1388' }).expect(200)).body;
    expect(res.items[0]).toMatchObject({
      type: 'building',
      id: 'b-004',
      matched: 'address',
      label: '陆家嘴环路1388号',
    });
    expect(res.total).toBe(res.items.length);
    expect((await request(app).get('/api/search').query({ q: 'jin mao' }).expect(200)).body.items[0].id).toBe('b-003');
    expect(
      (await request(app).get('/api/search').query({ q: '310115001001-01' }).expect(200)).body.items[0],
    ).toMatchObject({ type: 'grid', matched: 'code' });
    const limited = (await request(app).get('/api/search').query({ q: 'w-', limit: 2 }).expect(200)).body;
    expect(limited.items).toHaveLength(2);
    expect(limited.total).toBe([...fixture.nodes, ...fixture.links].filter((r) => r.id.startsWith('w-')).length);
    await expectError(request(app).get('/api/search'), 400, 'GT_ERR_BAD_REQUEST', 'q is required');
    await expectError(request(app).get('/api/search?q=%20'), 400, 'GT_ERR_BAD_REQUEST', 'q must not be empty');
    await expectError(
      request(app).get('/api/search?q=a&limit=101'),
      400,
      'GT_ERR_BAD_REQUEST',
      'limit must be an integer from 1 to 100',
    );
  });

  it('answers 404 JSON for unknown /api routes and methods, and 400 for a bad JSON body', async () => {
    await expectError(request(app).get('/api/nope'), 404, 'GT_ERR_ROUTE_NOT_FOUND', 'no API route GET /api/nope');
    await expectError(request(app).get('/api'), 404, 'GT_ERR_ROUTE_NOT_FOUND');
    await expectError(
      request(app).delete('/api/buildings/b-001'),
      404,
      'GT_ERR_ROUTE_NOT_FOUND',
      'DELETE /api/buildings/b-001',
    );
    await expectError(
      request(app).post('/api/buildings').set('content-type', 'application/json').send('{"broken":'),
      400,
      'GT_ERR_BAD_JSON',
    );
  });

  it('GET /api/openapi.json is an OpenAPI 3.1 document of every endpoint, with resolvable references', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe(packageVersion);
    const expected = [
      '/api/health',
      '/api/city',
      '/api/cities',
      '/api/buildings',
      '/api/buildings/{id}',
      '/api/network/networks',
      '/api/network/nodes',
      '/api/network/nodes/{id}',
      '/api/network/links',
      '/api/network/links/{id}',
      '/api/sensors',
      '/api/sensors/{id}',
      '/api/grids',
      '/api/grids/locate',
      '/api/grids/{id}',
      '/api/crews',
      '/api/search',
      '/api/openapi.json',
    ];
    // The read API's paths are all there (other parts of the API add their own paths beside them).
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(expected));
    for (const p of expected) expect(doc.paths[p].get.responses['200']).toBeDefined();
    const params = doc.paths['/api/buildings'].get.parameters as {
      name: string;
      in: string;
      required: boolean;
      schema: Record<string, unknown>;
    }[];
    expect(params.map((p) => p.name).sort()).toEqual(['bbox', 'city', 'limit', 'offset']);
    expect(params.find((p) => p.name === 'limit')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', maximum: 10000, default: 100 },
    });
    expect(
      doc.paths['/api/grids/locate'].get.parameters
        .filter((p: { required: boolean }) => p.required)
        .map((p: { name: string }) => p.name),
    ).toEqual(['lon', 'lat']);
    expect(doc.paths['/api/buildings/{id}'].get.responses['404']).toBeDefined();
    expect(doc.components.schemas.Building.properties.footprint).toBeDefined();
    // Every reference points at a component that exists.
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect(doc.components.schemas).toHaveProperty(r.split('/').pop()!.replace(/"$/, ''));
  });
}
