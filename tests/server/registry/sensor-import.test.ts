import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SensorImportAnswerSchema } from '../../../core/contracts/index.js';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { openPgClient } from '../../../store/pg-client.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { verifySecret } from '../../../store/readings/device-secret.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { as, CX, CY, openIncidentTestApp, type IncidentTestApp } from '../events/incident-test-app.js';

const f = (v: number): string => v.toFixed(6);

/**
 * A sensor file over the fixture city: a new pressure sensor in psi bound to node w-j2, a new free-standing level
 * sensor in the east cell, the rain gauge as registered (unchanged) and the pressure sensor sen-p-j2 renamed.
 */
const GOOD_CSV = [
  'id,kind,unit,name,lon,lat,node,link,lolo,lo,hi,hihi,deadband,reportingIntervalS',
  'up-p-1,pressure,psi,Upload pressure,,,w-j2,,,20,80,,1.5,60',
  `up-l-1,level,cm,Upload level,${f(CX + 0.003)},${f(CY + 0.001)},,,,,150,200,,300`,
  `sen-rain-1,rain,mm/h,Rain gauge Lujiazui,${f(CX + 0.004)},${f(CY + 0.004)},,,,,,,,300`,
  'sen-p-j2,pressure,m,Century Avenue pressure,,,w-j2,,,15,60,,,60',
].join('\n');

function suite(openClient: () => Promise<SqlClient>): void {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(openClient);
  });
  afterAll(async () => {
    await t?.close();
  });
  const upload = (csv: string, query = '', who = 'admin') =>
    request(t.app)
      .post(`/api/sensors/import?name=sensors.csv${query}`)
      .set(as(t, who))
      .set('Content-Type', 'text/csv')
      .send(csv);

  it('only admins upload; the role is checked before the file is read', async () => {
    await request(t.app).post('/api/sensors/import').set('Content-Type', 'text/csv').send(GOOD_CSV).expect(401);
    const res = await upload(GOOD_CSV, '&dryRun=1', 'manager').expect(403);
    expect(res.body.error.code).toBe('GT_ERR_FORBIDDEN');
  });

  it('dryRun previews created / updated / unchanged with the fields and the QA report, saving nothing', async () => {
    const res = await upload(GOOD_CSV, '&dryRun=1').expect(200);
    const a = SensorImportAnswerSchema.strict().parse(res.body);
    expect(a).toMatchObject({ dryRun: true, saved: false, credentials: [] });
    expect(a.counts).toEqual({ created: 2, updated: 1, unchanged: 1 });
    const byId = new Map(a.rows.map((r) => [r.id, r]));
    expect(byId.get('up-p-1')).toMatchObject({ status: 'created', where: { line: 2 } });
    // Bound to w-j2: its position and utility come from the node; psi converted to metres of water.
    expect(byId.get('up-p-1')!.sensor).toMatchObject({ unit: 'm', utility: 'water', mount: { id: 'w-j2' } });
    expect(byId.get('up-p-1')!.sensor.thresholds.hi).toBeCloseTo((80 * 6.894757) / 9.80665, 4);
    expect(byId.get('up-l-1')!.sensor).toMatchObject({ unit: 'm', gridId: 'g-cell-e', thresholds: { hi: 1.5 } });
    expect(byId.get('sen-rain-1')).toMatchObject({ status: 'unchanged', changes: [], where: { line: 4 } });
    const updated = byId.get('sen-p-j2')!;
    expect(updated.status).toBe('updated');
    expect(updated.changes).toEqual(expect.arrayContaining(['name', 'unit', 'thresholds']));
    expect(updated.changes).not.toContain('mount');
    expect(a.report.counts['converted from psi']).toBe(1);
    expect(a.report.counts['converted from cm']).toBe(1);
    expect(a.report.errors).toEqual([]);
    await request(t.app).get('/api/sensors/up-p-1').expect(404);
    expect((await request(t.app).get('/api/sensors/sen-p-j2').expect(200)).body.name).toBe('世纪大道压力计');
  });

  it('a preview of a bad file lists every bad row, unknown node and link by line and field', async () => {
    const bad = [
      'id,kind,unit,lon,lat,node,link,hi',
      `bad-1,pressure,psi,${f(CX)},${f(CY)},,,abc`,
      'bad-2,pressure,m,,,no-such-node,,10',
      'bad-3,flow,L/s,,,,no-such-link,',
      `bad-4,pressure,furlongs,${f(CX)},${f(CY)},,,`,
    ].join('\n');
    const a = SensorImportAnswerSchema.parse((await upload(bad, '&dryRun=1').expect(200)).body);
    const lines = a.report.errors.map((e) => `${e.where?.line}: ${e.message}`);
    expect(lines).toEqual([
      expect.stringMatching(/^2: hi "abc": must be a number/),
      expect.stringMatching(/^3: node "no-such-node" is not in the city's networks/),
      expect.stringMatching(/^4: link "no-such-link" is not in the city's networks/),
      expect.stringMatching(/^5: unit "furlongs" is not one GridTwin converts/),
    ]);
    expect(a.rows).toEqual([]);
  });

  it('saving a bad file is a 400 naming the line and field, and nothing is saved', async () => {
    const csv = `${GOOD_CSV}\nbad-9,pressure,m,,,,no-such-node,,,,,,,`;
    const res = await upload(csv).expect(400);
    expect(res.body.error.code).toBe('GT_ERR_BAD_REQUEST');
    expect(res.body.error.message).toMatch(/line 6: node "no-such-node"/);
    expect(res.body.error.message).toMatch(/nothing saved/);
    await request(t.app).get('/api/sensors/up-p-1').expect(404);
    expect(await liveDataStores(t.store).devices.get('fixture-city', 'up-p-1')).toBeNull();
    const empty = await upload('id,kind,unit,lon,lat\n').expect(400);
    expect(empty.body.error.message).toMatch(/no sensors/);
  });

  it('saves: audited, new sensors get a credential answered once, existing credentials are kept', async () => {
    const devices = liveDataStores(t.store).devices;
    await devices.save('fixture-city', { sensorId: 'sen-p-j2', salt: 's', hash: 'kept', createdAt: 1 });
    const a = SensorImportAnswerSchema.parse((await upload(GOOD_CSV).expect(200)).body);
    expect(a).toMatchObject({ dryRun: false, saved: true, counts: { created: 2, updated: 1, unchanged: 1 } });
    // The rain gauge had no credential either: every sensor without one gets one.
    expect(a.credentials.map((c) => c.sensorId).sort()).toEqual(['sen-rain-1', 'up-l-1', 'up-p-1']);
    const cred = a.credentials.find((c) => c.sensorId === 'up-p-1')!;
    expect(cred).toMatchObject({ username: 'up-p-1', topic: 'gridtwin/v1/sensors/up-p-1/reading' });
    const stored = (await devices.get('fixture-city', 'up-p-1'))!;
    expect(await verifySecret(cred.password, stored.salt, stored.hash)).toBe(true);
    expect((await devices.get('fixture-city', 'sen-p-j2'))!.hash).toBe('kept');
    const saved = (await request(t.app).get('/api/sensors/up-p-1').expect(200)).body;
    expect(saved).toMatchObject({ unit: 'm', mount: { type: 'node', id: 'w-j2' }, gridId: 'g-cell-w' });
    expect((await request(t.app).get('/api/sensors/sen-p-j2').expect(200)).body.name).toBe('Century Avenue pressure');
    const log = (await request(t.app).get('/api/audit?entity=sensor').set(as(t, 'admin')).expect(200)).body as {
      items: { entityId: string; action: string; actor: { username: string }; before: unknown }[];
    };
    const mine = log.items.filter((e) => ['up-p-1', 'up-l-1', 'sen-p-j2', 'sen-rain-1'].includes(e.entityId));
    expect(mine.map((e) => `${e.entityId}:${e.action}`).sort()).toEqual([
      'sen-p-j2:update',
      'up-l-1:create',
      'up-p-1:create',
    ]);
    expect(mine.every((e) => e.actor.username === 'admin')).toBe(true);
    // Again: all unchanged, no credential answered a second time.
    const again = SensorImportAnswerSchema.parse((await upload(GOOD_CSV).expect(200)).body);
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect(again.credentials).toEqual([]);
  });

  it('reads JSON and GeoJSON bodies like the CLI; the OpenAPI document describes the upload', async () => {
    const geo = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'up-g-1', kind: 'rain', unit: 'in/h', hi: 2 },
          geometry: { type: 'Point', coordinates: [CX - 0.002, CY + 0.002] },
        },
      ],
    };
    const a = SensorImportAnswerSchema.parse(
      (
        await request(t.app)
          .post('/api/sensors/import?dryRun=1&name=gauges.geojson')
          .set(as(t, 'admin'))
          .send(geo)
          .expect(200)
      ).body,
    );
    expect(a.rows[0]).toMatchObject({ id: 'up-g-1', status: 'created', where: { featureIndex: 0 } });
    expect(a.rows[0]!.sensor.thresholds.hi).toBeCloseTo(50.8, 6);
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const op = doc.paths['/api/sensors/import'].post;
    expect(Object.keys(op.requestBody.content)).toContain('text/csv');
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['city', 'dryRun', 'name', 'delimiter']),
    );
  });
}

describe('sensor file upload with preview (pglite)', () => {
  suite(() => openPgliteClient());
});

describePostgres('sensor file upload with preview (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  suite(() => openPgClient(databaseUrl, { schema }));
});
