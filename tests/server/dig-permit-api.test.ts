import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigPermitCreatedSchema } from '../../core/contracts/excavation.js';
import { eventTitle } from '../../core/incident/index.js';
import { EventSchema, type Event } from '../../core/model/index.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { openPgClient } from '../../store/pg-client.js';
import type { SqlClient } from '../../store/sql-client.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../helpers/postgres-test-db.js';
import { as, CX, CY, move, openIncidentTestApp, type IncidentTestApp } from './events/incident-test-app.js';

/** A pit over the fixture's water main (w-v1 -> w-j3, along the centre line) and sewer (s-m1 -> s-m2), in the east cell. */
const PIT = {
  polygon: {
    type: 'Polygon',
    coordinates: [
      [
        [CX + 0.0015, CY - 0.0035],
        [CX + 0.0025, CY - 0.0035],
        [CX + 0.0025, CY + 0.0005],
        [CX + 0.0015, CY + 0.0005],
        [CX + 0.0015, CY - 0.0035],
      ],
    ],
  },
  depthM: 5,
};

function digPermitSuite(openClient: () => Promise<SqlClient>): void {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(openClient);
  }, 60_000);
  afterAll(() => t?.close());

  it('saves a checked dig as a permit in its cell, with a task routed to each affected utility crew, and closes it only when all signed off', async () => {
    const created = await request(t.app)
      .post('/api/excavations')
      .set(as(t, 'crew.water'))
      .send({ ...PIT, title: '更换阀门 / Valve replacement', plannedStart: '2026-12-07', plannedEnd: '2026-12-09' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const { permit, tasks, check } = DigPermitCreatedSchema.parse(created.body);
    expect(permit.category).toBe('dig-permit');
    expect(permit.gridId).toBe('g-cell-e');
    expect(permit.excavation?.role).toBe('permit');
    expect(permit.excavation?.outline).toEqual(check.outline);
    expect(permit.excavation?.plannedStart).toBe('2026-12-07');
    expect(permit.excavation?.items.map((i) => i.id).sort()).toEqual(check.items.map((i) => i.id).sort());
    expect(permit.excavation?.utilities).toEqual(['sewer', 'water']);
    // One task per utility, each assigned to that utility's crew of the east cell, like any event.
    expect(tasks.map((x) => [x.utility, x.assignedCrewId, x.state, x.category])).toEqual([
      ['sewer', 'crew-sewer', 'assigned', 'dig-coordination'],
      ['water', 'crew-water', 'assigned', 'dig-coordination'],
    ]);
    // Titles in words, not ids: the utility, how many of its elements, the cell (the fixture's pipes have no street).
    const waterItems = check.items.filter((i) => i.utility === 'water').length;
    expect(tasks[1]!.title).toBe(
      `Dig-safe coordination (water): ${waterItems} water element${waterItems === 1 ? '' : 's'}, Dongchang Cell 2 — Valve replacement`,
    );
    expect(eventTitle(tasks[1]!, 'zh')).toBe(`挖掘协调（供水）：${waterItems} 处供水设施（东昌二网格） — 更换阀门`);
    expect(eventTitle(permit, 'zh')).toMatch(/^挖掘许可：更换阀门（.*东昌二网格）$/);
    for (const task of [permit, ...tasks])
      for (const lang of ['en', 'zh'] as const) expect(eventTitle(task, lang)).not.toMatch(/\b(w|s|g)-[a-z0-9-]+/);
    for (const task of tasks) {
      expect(task.excavation?.permitEventId).toBe(permit.id);
      expect(task.excavation?.items.every((i) => i.utility === task.utility)).toBe(true);
    }
    expect(permit.excavation?.tasks.map((x) => [x.utility, x.crewName])).toEqual([
      ['sewer', '浦东排水养护队'],
      ['water', '浦东供水抢修一队'],
    ]);
    // The sewer crew finds its task in its own list; the permit is stored with its geometry.
    const sewerList = await request(t.app).get('/api/events?state=open').set(as(t, 'crew.sewer')).expect(200);
    expect(sewerList.body.items.map((e: Event) => e.id)).toContain(tasks[0]!.id);
    const stored = EventSchema.parse((await request(t.app).get(`/api/events/${permit.id}`).set(as(t, 'manager'))).body);
    expect(stored.excavation?.outline).toEqual(check.outline);

    for (const action of ['start', 'resolve'])
      expect((await move(t, 'manager', permit.id, { action, note: 'works done' })).status).toBe(200);
    const early = await move(t, 'manager', permit.id, { action: 'close' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('GT_ERR_SIGN_OFF_MISSING');
    expect(early.body.error.message).toMatch(/sewer, water/);

    // A water crew may not sign for sewer; it signs for water, which resolves the water task.
    const wrong = await request(t.app)
      .post(`/api/excavations/${permit.id}/sign-off`)
      .set(as(t, 'crew.water'))
      .send({ utility: 'sewer' });
    expect(wrong.status).toBe(403);
    const water = await request(t.app)
      .post(`/api/excavations/${permit.id}/sign-off`)
      .set(as(t, 'crew.water'))
      .send({ utility: 'water', note: 'main located, valve shut' })
      .expect(200);
    expect(water.body.excavation.signOffs).toMatchObject([{ utility: 'water', byName: 'crew.water' }]);
    const waterTask = await request(t.app).get(`/api/events/${tasks[1]!.id}`).set(as(t, 'manager')).expect(200);
    expect(waterTask.body.state).toBe('resolved');
    const still = await move(t, 'manager', permit.id, { action: 'close' });
    expect(still.status).toBe(409);
    expect(still.body.error.message).toMatch(/: sewer \(/);

    await request(t.app)
      .post(`/api/excavations/${permit.id}/sign-off`)
      .set(as(t, 'crew.sewer'))
      .send({ utility: 'sewer' })
      .expect(200);
    const closed = await move(t, 'manager', permit.id, { action: 'close' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.state).toBe('closed');
  });

  it('refuses bad permits and sign-offs with a clear 4xx', async () => {
    const viewer = await request(t.app)
      .post('/api/excavations')
      .set(as(t, 'viewer'))
      .send({ ...PIT, title: 'x' });
    expect(viewer.status).toBe(403);
    const untitled = await request(t.app).post('/api/excavations').set(as(t, 'crew.water')).send(PIT);
    expect(untitled.status).toBe(400);
    const badDate = await request(t.app)
      .post('/api/excavations')
      .set(as(t, 'crew.water'))
      .send({ ...PIT, title: 'x', plannedStart: 'next week' });
    expect(badDate.status).toBe(400);
    const { body } = await request(t.app)
      .post('/api/excavations')
      .set(as(t, 'planner'))
      .send({ ...PIT, title: 'survey pit' })
      .expect(200);
    const gas = await request(t.app)
      .post(`/api/excavations/${body.permit.id}/sign-off`)
      .set(as(t, 'manager'))
      .send({ utility: 'gas' });
    expect(gas.status).toBe(400);
    expect(gas.body.error.message).toMatch(/affected: sewer, water/);
    await request(t.app)
      .post(`/api/excavations/${body.tasks[0].id}/sign-off`)
      .set(as(t, 'manager'))
      .send({ utility: 'sewer' })
      .expect(404);
    await request(t.app)
      .post(`/api/excavations/${body.permit.id}/sign-off`)
      .set(as(t, 'planner'))
      .send({ utility: 'sewer' })
      .expect(403);
    const doc = await request(t.app).get('/api/openapi.json').expect(200);
    expect(doc.body.paths['/api/excavations'].post).toBeDefined();
    expect(doc.body.paths['/api/excavations/{id}/sign-off'].post).toBeDefined();
  });
}

describe('dig permits (pglite)', () => {
  digPermitSuite(() => openPgliteClient());
});

describePostgres('dig permits (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  digPermitSuite(() => openPgClient(databaseUrl, { schema }));
});
