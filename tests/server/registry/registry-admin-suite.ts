import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SqlClient } from '../../../store/sql-client.js';
import { as, CX, CY, openIncidentTestApp, type IncidentTestApp } from '../events/incident-test-app.js';

/** A record of the audit log, read loosely. */
type Rec = Record<string, unknown> & { name?: string; thresholds?: unknown };

/** A GeoJSON rectangle around the fixture centre (offsets in degrees). */
function rect(west: number, east: number, south: number, north: number) {
  const w = CX + west,
    e = CX + east,
    s = CY + south,
    n = CY + north;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

/** The admin API of the registry (crews, grids, sensors, users) and its audit log, over one store engine. */
export function registryAdminSuite(openClient: () => Promise<SqlClient>): void {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(openClient);
  });
  afterAll(async () => {
    await t?.close();
  });
  const audit = async (query: string) =>
    (await request(t.app).get(`/api/audit?${query}`).set(as(t, 'admin')).expect(200)).body as {
      items: {
        actor: { username: string };
        entity: string;
        entityId: string;
        action: string;
        before: Rec;
        after: Rec;
      }[];
      total: number;
    };

  it('crews: managers create, edit and delete them by the importer schema; 4xx name the field; audited', async () => {
    const body = {
      id: 'crew-gas',
      name: '浦东燃气抢修队',
      nameEn: 'Pudong gas crew',
      utility: 'gas',
      phone: '+86 21 1',
    };
    await request(t.app).post('/api/crews').send(body).expect(401);
    await request(t.app).post('/api/crews').set(as(t, 'viewer')).send(body).expect(403);
    const created = (
      await request(t.app)
        .post('/api/crews')
        .set(as(t, 'manager'))
        .send({ ...body, cells: '310115001001-01', lon: CX, lat: CY })
        .expect(200)
    ).body;
    expect(created).toMatchObject({ id: 'crew-gas', utility: 'gas', base: [CX, CY], cells: ['g-cell-w'] });
    expect((await request(t.app).get('/api/grids/g-cell-w').expect(200)).body.crewIds).toContain('crew-gas');
    const dup = await request(t.app).post('/api/crews').set(as(t, 'manager')).send(body).expect(409);
    expect(dup.body.error.code).toBe('GT_ERR_RECORD_EXISTS');
    const badUtility = await request(t.app)
      .post('/api/crews')
      .set(as(t, 'admin'))
      .send({ ...body, id: 'crew-x', utility: 'gaz' })
      .expect(400);
    expect(badUtility.body.error.message).toMatch(/body field utility/);
    const badCell = await request(t.app)
      .post('/api/crews')
      .set(as(t, 'admin'))
      .send({ ...body, id: 'crew-x', cells: ['nowhere'] })
      .expect(400);
    expect(badCell.body.error.message).toMatch(/body field cells: no grid "nowhere"/);
    // Move it to the east cell by a polygon; then delete it: no grid lists it any more.
    const moved = (
      await request(t.app)
        .put('/api/crews/crew-gas')
        .set(as(t, 'manager'))
        .send({ ...body, name: '燃气队', polygon: rect(0.001, 0.009, -0.009, 0.009) })
        .expect(200)
    ).body;
    expect(moved.cells).toEqual(['g-cell-e']);
    await request(t.app)
      .put('/api/crews/crew-gas')
      .set(as(t, 'manager'))
      .send({ ...body, id: 'other' })
      .expect(400);
    await request(t.app).delete('/api/crews/crew-gas').set(as(t, 'manager')).expect(200);
    await request(t.app).delete('/api/crews/crew-gas').set(as(t, 'manager')).expect(404);
    const grids = (await request(t.app).get('/api/grids?limit=100').expect(200)).body.items as { crewIds: string[] }[];
    expect(grids.some((g) => g.crewIds.includes('crew-gas'))).toBe(false);
    const log = await audit('entity=crew&entityId=crew-gas');
    expect(log.items.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(log.items[2]).toMatchObject({
      actor: { username: 'manager' },
      before: null,
      after: { cells: ['g-cell-w'] },
    });
    expect(log.items[1]!.before.name).toBe('浦东燃气抢修队');
    expect(log.items[1]!.after.name).toBe('燃气队');
    expect(log.items[0]!.after).toBeNull();
  });

  it('grids: admins reshape cells, features are re-assigned, QA names overlaps; managers may not', async () => {
    const east = {
      code: '310115001001-02',
      name: '东昌二网格',
      level: 'cell',
      parent: 'g-community',
      worker: '李强',
      phone: '+86 21 5555 0102',
      crews: 'crew-water;crew-sewer',
    };
    await request(t.app)
      .put('/api/grids/g-cell-e')
      .set(as(t, 'manager'))
      .send({ ...east, polygon: rect(0, 0.01, -0.01, 0.002) })
      .expect(403);
    // g-cell-e's code differs from its id (as the demo's grids): the path names the id, the body the code, and the
    // edit (the admin screen's) keeps the id.
    const edited = await request(t.app)
      .put('/api/grids/g-cell-e')
      .set(as(t, 'admin'))
      .send({ ...east, worker: '李强强', polygon: rect(0, 0.01, -0.01, 0.01) })
      .expect(200);
    expect(edited.body.grid).toMatchObject({ id: 'g-cell-e', code: east.code, worker: { name: '李强强' } });
    expect((await request(t.app).get('/api/grids/g-cell-e').set(as(t, 'admin')).expect(200)).body.worker.name).toBe(
      '李强强',
    );
    // Another code in the body is not this grid.
    const mismatch = await request(t.app)
      .put('/api/grids/g-cell-e')
      .set(as(t, 'admin'))
      .send({ ...east, code: '310115001001-09', polygon: rect(0, 0.01, -0.01, 0.01) })
      .expect(400);
    expect(mismatch.body.error.message).toMatch(/body field code/);
    const ne = {
      code: 'g-cell-ne',
      name: '东昌三网格',
      level: 'cell',
      parent: '310115001001',
      worker: '赵六',
      phone: '1',
    };
    const noPolygon = await request(t.app).post('/api/grids').set(as(t, 'admin')).send(ne).expect(400);
    expect(noPolygon.body.error.message).toMatch(/polygon/);
    const badLevel = await request(t.app)
      .post('/api/grids')
      .set(as(t, 'admin'))
      .send({ ...ne, level: 'block', polygon: rect(0, 0.01, 0.002, 0.01) })
      .expect(400);
    expect(badLevel.body.error.message).toMatch(/body field level/);
    const saved = (
      await request(t.app)
        .post('/api/grids')
        .set(as(t, 'admin'))
        .send({ ...ne, polygon: rect(0.003, 0.01, 0.002, 0.01) })
        .expect(200)
    ).body;
    expect(saved.grid).toMatchObject({ id: 'g-cell-ne', parentId: 'g-community', worker: { name: '赵六' } });
    // It overlaps the east cell where the rain gauge stands: QA says so, with the area.
    expect(saved.qa).toEqual([
      expect.objectContaining({ kind: 'overlap', codes: expect.arrayContaining(['g-cell-ne']) }),
    ]);
    expect(saved.qa[0].areaM2).toBeGreaterThan(100_000);
    // Shrink it to a gap-free cut: the east cell's owner... delete the new cell, its sensor goes back to the east cell.
    await request(t.app).delete('/api/grids/g-community').set(as(t, 'admin')).expect(400);
    await request(t.app).delete('/api/grids/g-cell-ne').set(as(t, 'admin')).expect(200);
    expect((await request(t.app).get('/api/sensors/sen-rain-1').expect(200)).body.gridId).toBe('g-cell-e');
    const log = await audit('entity=grid&entityId=g-cell-ne');
    expect(log.items.map((e) => e.action)).toEqual(['delete', 'create']);
  });

  it('sensors: managers set thresholds, admins delete; bad thresholds name the field', async () => {
    const th = { lo: 10, hi: 40, hihi: 50, deadband: 1, minDurationS: 30 };
    const set = (
      await request(t.app).put('/api/sensors/sen-l-m1/thresholds').set(as(t, 'manager')).send(th).expect(200)
    ).body;
    expect(set.thresholds).toEqual(th);
    const wrong = await request(t.app)
      .put('/api/sensors/sen-l-m1/thresholds')
      .set(as(t, 'manager'))
      .send({ lo: 50, hi: 40 })
      .expect(400);
    expect(wrong.body.error.message).toMatch(/body field hi: thresholds must rise/);
    const unknown = await request(t.app)
      .put('/api/sensors/sen-l-m1/thresholds')
      .set(as(t, 'manager'))
      .send({ high: 3 })
      .expect(400);
    expect(unknown.body.error.message).toMatch(/unknown body field\(s\) "high"/);
    await request(t.app).put('/api/sensors/nope/thresholds').set(as(t, 'manager')).send(th).expect(404);
    await request(t.app)
      .post('/api/sensors')
      .set(as(t, 'manager'))
      .send({ id: 'x', kind: 'rain', unit: 'mm/h' })
      .expect(403);
    await request(t.app).delete('/api/sensors/sen-rain-1').set(as(t, 'manager')).expect(403);
    await request(t.app).delete('/api/sensors/sen-rain-1').set(as(t, 'admin')).expect(200);
    await request(t.app).get('/api/sensors/sen-rain-1').expect(404);
    const log = await audit('entity=sensor');
    expect(log.items[0]).toMatchObject({ entityId: 'sen-rain-1', action: 'delete', actor: { username: 'admin' } });
    const thresholds = log.items.find((e) => e.entityId === 'sen-l-m1')!;
    expect(thresholds.before.thresholds).toEqual({ hi: 2, hihi: 2.5, deadband: 0.1 });
    expect(thresholds.after.thresholds).toEqual(th);
  });

  it('users: create with a generated password, disable, reset, change crew and cells, delete; never the last admin', async () => {
    const made = (
      await request(t.app)
        .post('/api/users')
        .set(as(t, 'admin'))
        .send({
          username: 'zhao.crew',
          role: 'crew',
          displayName: '赵师傅',
          crewId: 'crew-sewer',
          gridIds: ['310115001001-02'],
        })
        .expect(200)
    ).body;
    expect(made).toMatchObject({ role: 'crew', crewId: 'crew-sewer', utility: 'sewer', gridIds: ['g-cell-e'] });
    expect(made.password).toMatch(/^.{20,}$/);
    const login = (pw: string) => request(t.app).post('/api/auth/login').send({ username: 'zhao.crew', password: pw });
    const token = (await login(made.password).expect(200)).body.token as string;
    const badCrew = await request(t.app)
      .post('/api/users')
      .set(as(t, 'admin'))
      .send({ username: 'qian.crew', role: 'crew', crewId: 'crew-none' })
      .expect(400);
    expect(badCrew.body.error.message).toMatch(/body field crewId: crew "crew-none"/);
    await request(t.app).post('/api/users').set(as(t, 'manager')).send({ username: 'q.q', role: 'viewer' }).expect(403);
    // Disable: the session ends and login says why; enable and reset the password.
    await request(t.app).patch(`/api/users/${made.id}`).set(as(t, 'admin')).send({ disabled: true }).expect(200);
    await request(t.app)
      .get('/api/auth/me')
      .set({ Authorization: `Bearer ${token}` })
      .expect(401);
    expect((await login(made.password).expect(403)).body.error.code).toBe('GT_ERR_ACCOUNT_DISABLED');
    const changed = (
      await request(t.app)
        .patch(`/api/users/${made.id}`)
        .set(as(t, 'admin'))
        .send({ disabled: false, crewId: 'crew-water', gridIds: ['g-cell-w'] })
        .expect(200)
    ).body;
    expect(changed).toMatchObject({ disabled: false, crewId: 'crew-water', utility: 'water', gridIds: ['g-cell-w'] });
    const reset = (await request(t.app).post(`/api/users/${made.id}/password`).set(as(t, 'admin')).send({}).expect(200))
      .body;
    await login(made.password).expect(401);
    await login(reset.password).expect(200);
    await request(t.app)
      .post(`/api/users/${made.id}/password`)
      .set(as(t, 'admin'))
      .send({ password: 'short' })
      .expect(400);
    // The only admin cannot be demoted, disabled or deleted.
    const adminId = (await request(t.app).get('/api/auth/me').set(as(t, 'admin'))).body.id;
    const last = await request(t.app).patch(`/api/users/${adminId}`).set(as(t, 'admin')).send({ role: 'viewer' });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('GT_ERR_LAST_ADMIN');
    await request(t.app).delete(`/api/users/${adminId}`).set(as(t, 'admin')).expect(409);
    await request(t.app).delete(`/api/users/${made.id}`).set(as(t, 'admin')).expect(200);
    await request(t.app).patch(`/api/users/${made.id}`).set(as(t, 'admin')).send({ disabled: true }).expect(404);
    const log = await audit(`entity=user&entityId=${made.id}`);
    expect(log.items.map((e) => e.action)).toEqual(['delete', 'update', 'update', 'update', 'create']);
    expect(JSON.stringify(log.items)).not.toContain(made.password);
    expect(JSON.stringify(log.items)).not.toContain(reset.password);
  });

  it('the audit log is for admins, pages and filters; the OpenAPI document lists the admin routes', async () => {
    await request(t.app).get('/api/audit').set(as(t, 'manager')).expect(403);
    const all = await audit('limit=2');
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(5);
    expect((await audit('actor=manager')).items.every((e) => e.actor.username === 'manager')).toBe(true);
    await request(t.app).get('/api/audit?entity=city').set(as(t, 'admin')).expect(400);
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    for (const [path, method] of [
      ['/api/crews', 'post'],
      ['/api/crews/{id}', 'put'],
      ['/api/grids/{id}', 'delete'],
      ['/api/sensors/{id}/thresholds', 'put'],
      ['/api/users/{id}', 'patch'],
      ['/api/users/{id}/password', 'post'],
      ['/api/audit', 'get'],
    ])
      expect(doc.paths[path!]?.[method!], `${method} ${path}`).toBeDefined();
  });
}
