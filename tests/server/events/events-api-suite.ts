import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SqlClient } from '../../../store/sql-client.js';
import { pngImage } from '../../helpers/test-images.js';
import { as, move, openIncidentTestApp, reportLeak, WEST, EAST, type IncidentTestApp } from './incident-test-app.js';

/** A 1 x 1 PNG with no metadata: the photo check passes it unchanged. */
const PNG = pngImage();
const photo = { contentType: 'image/png', dataBase64: PNG.toString('base64') };

/** The events API on a real store: the closed loop, the permission matrix, concurrency. */
export function eventsApiSuite(openClient: () => Promise<SqlClient>): void {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(openClient);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses unauthenticated writes and reads of events with 401, and bad tokens', async () => {
    await request(t.app).post('/api/events').send({ lon: WEST[0], lat: WEST[1], category: 'water-leak' }).expect(401);
    await request(t.app).post('/api/events/ev-x/transitions').send({ action: 'start' }).expect(401);
    await request(t.app).post('/api/users').send({}).expect(401);
    const res = await request(t.app).get('/api/events').expect(401);
    expect(res.body.error.code).toBe('GT_ERR_UNAUTHENTICATED');
    await request(t.app).get('/api/events').set('Authorization', 'Bearer nope').expect(401);
    await request(t.app).get('/api/events').set('Authorization', 'Basic abc').expect(401);
    await request(t.app).get('/api/kpis').expect(401);
    expect((await request(t.app).get('/api/kpis').set(as(t, 'viewer')).expect(200)).body.city).toBe('fixture-city');
  });

  it('walks the loop: report -> assigned to worker and crew -> start -> resolve with note -> close -> KPIs', async () => {
    const before = (await request(t.app).get('/api/kpis').set(as(t, 'viewer')).expect(200)).body;
    const res = await request(t.app).post('/api/events').set(as(t, 'viewer')).send({
      lon: WEST[0],
      lat: WEST[1],
      category: 'water-leak',
      description: '世纪大道 water on the road',
      severity: 'major',
      photo,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const e = res.body;
    expect(e).toMatchObject({
      state: 'assigned',
      gridId: 'g-cell-w',
      assignedWorker: '王芳',
      assignedCrewId: 'crew-water',
      utility: 'water',
      source: { kind: 'report' },
      severity: 'major',
      slaDueAt: t.clock.now + 24 * 3600_000,
    });
    const photoId = e.transitions[0].photoId as string;
    const served = await request(t.app)
      .get(`/api/events/${e.id}/photos/${photoId}`)
      .set(as(t, 'manager'))
      .buffer(true)
      .parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200)
      .expect('content-type', 'image/png');
    expect(Buffer.compare(served.body as Buffer, PNG)).toBe(0);

    t.clock.now += 600_000;
    expect((await move(t, 'crew.water', e.id, { action: 'start' })).body.state).toBe('handling');
    t.clock.now += 3600_000;
    const noNote = await move(t, 'crew.water', e.id, { action: 'resolve' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.message).toContain('note');
    const resolved = await move(t, 'crew.water', e.id, { to: 'resolved', note: 'valve replaced', photo });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    t.clock.now += 600_000;
    const closed = (await move(t, 'manager', e.id, { action: 'close', note: 'checked' }).expect(200)).body;
    expect(closed.state).toBe('closed');
    expect(closed.transitions.map((x: { to: string; actor: string }) => x.to)).toEqual([
      'discovered',
      'assigned',
      'handling',
      'resolved',
      'closed',
    ]);
    const ids = (await request(t.app).get('/api/users').set(as(t, 'admin')).expect(200)).body.items;
    const idOf = (name: string) => ids.find((u: { username: string }) => u.username === name).id;
    expect(closed.transitions.map((x: { actor: string }) => x.actor)).toEqual([
      idOf('viewer'),
      'system',
      idOf('crew.water'),
      idOf('crew.water'),
      idOf('manager'),
    ]);
    expect(closed.transitions[3].note).toBe('valve replaced');
    expect(closed.transitions[3].photoId).toMatch(/^ph-/);

    const after = (await request(t.app).get('/api/kpis').set(as(t, 'viewer')).expect(200)).body;
    expect(after.found).toBe(before.found + 1);
    expect(after.foundBySource.report).toBe(before.foundBySource.report + 1);
    expect(after.closed).toBe(before.closed + 1);
    expect(after.resolved).toBe(before.resolved + 1);
    const cell = after.grids.find((g: { gridId: string }) => g.gridId === 'g-cell-w');
    expect(cell).toMatchObject({ code: '310115001001-01' });
    expect(cell.closed).toBeGreaterThanOrEqual(1);
    const own = (await request(t.app).get('/api/kpis?grid=g-cell-w').set(as(t, 'viewer')).expect(200)).body;
    expect(own.grids.every((g: { gridId: string }) => g.gridId === 'g-cell-w')).toBe(true);
    const listed = (
      await request(t.app)
        .get('/api/events?state=closed&grid=g-district&source=report')
        .set(as(t, 'planner'))
        .expect(200)
    ).body;
    expect(listed.items.map((x: { id: string }) => x.id)).toContain(e.id);
    expect(listed.items[0].transitions).toBeUndefined();
  });

  it('lets a crew hand a task back with a reason: no crew holds it, the worker stays, a manager reassigns it', async () => {
    const e = await reportLeak(t, 'viewer');
    expect(e).toMatchObject({ state: 'assigned', assignedCrewId: 'crew-water' });
    await move(t, 'crew.water', e.id, { action: 'start' }).expect(200);
    const noReason = await move(t, 'crew.water', e.id, { action: 'handBack' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('note');
    const back = (
      await move(t, 'crew.water', e.id, { action: 'handBack', note: 'gas smell: needs the gas crew' }).expect(200)
    ).body;
    expect(back).toMatchObject({ state: 'warned', assignedCrewId: null, assignedWorker: e.assignedWorker });
    expect(back.transitions.at(-1)).toMatchObject({ action: 'handBack', note: 'gas smell: needs the gas crew' });
    // Handed back is not the crew's to start again; a manager sends another crew.
    expect((await move(t, 'crew.water', e.id, { action: 'start' })).status).toBeGreaterThanOrEqual(400);
    const again = (
      await move(t, 'manager', e.id, { action: 'assign', crewId: 'crew-water', note: 'with the gas crew' }).expect(200)
    ).body;
    expect(again).toMatchObject({ state: 'assigned', assignedCrewId: 'crew-water' });
    // A planner (not a crew of it) cannot hand it back.
    expect((await move(t, 'planner', e.id, { action: 'handBack', note: 'x' })).status).toBe(403);
  });

  it('applies the permission matrix to every role and to a crew of another grid', async () => {
    const e = await reportLeak(t, 'planner');
    for (const who of ['admin', 'manager', 'planner', 'viewer', 'crew.water'])
      await request(t.app).get(`/api/events/${e.id}`).set(as(t, who)).expect(200);
    const hidden = await request(t.app).get(`/api/events/${e.id}`).set(as(t, 'crew.sewer')).expect(403);
    expect(hidden.body.error.message).toContain('crew-sewer');
    const sewerList = (await request(t.app).get('/api/events?limit=1000').set(as(t, 'crew.sewer')).expect(200)).body;
    expect(sewerList.items.map((x: { id: string }) => x.id)).not.toContain(e.id);
    const waterList = (await request(t.app).get('/api/events?limit=1000').set(as(t, 'crew.water')).expect(200)).body;
    expect(waterList.items.map((x: { id: string }) => x.id)).toContain(e.id);

    for (const who of ['viewer', 'planner', 'crew.sewer']) {
      const r = await move(t, who, e.id, { action: 'start' });
      expect(r.status, who).toBe(403);
      expect(r.body.error.message.length).toBeGreaterThan(10);
    }
    await move(t, 'crew.water', e.id, { action: 'start' }).expect(200);
    await move(t, 'crew.water', e.id, { action: 'resolve', note: 'done' }).expect(200);
    for (const who of ['crew.water', 'viewer', 'planner'])
      expect((await move(t, who, e.id, { action: 'close' })).status, who).toBe(403);
    expect((await move(t, 'manager', e.id, { action: 'close' }).expect(200)).body.state).toBe('closed');
    expect((await move(t, 'planner', e.id, { action: 'reopen', note: 'leaks again' })).status).toBe(403);
    expect((await move(t, 'crew.water', e.id, { action: 'reopen', note: 'leaks again' })).status).toBe(403);
    await move(t, 'manager', e.id, { action: 'reopen', note: 'leaks again' }).expect(200);
    expect((await move(t, 'crew.water', e.id, { action: 'assign', crewId: 'crew-sewer' })).status).toBe(403);
    const re = (await move(t, 'admin', e.id, { action: 'assign', crewId: 'crew-sewer' }).expect(200)).body;
    expect(re.assignedCrewId).toBe('crew-sewer');
    expect((await move(t, 'admin', e.id, { action: 'reassign', crewId: 'crew-nowhere' })).status).toBe(400);
    // Not in its grids, but now its crew's: the sewer crew sees it and may start it; the water crew still sees it (grid) but may not handle it.
    await request(t.app).get(`/api/events/${e.id}`).set(as(t, 'crew.sewer')).expect(200);
    expect((await move(t, 'crew.water', e.id, { action: 'start' })).status).toBe(403);
    await move(t, 'crew.sewer', e.id, { action: 'start' }).expect(200);
    // A wrong step is 409, an unknown event 404.
    expect((await move(t, 'manager', e.id, { action: 'close' })).body.error.code).toBe('GT_ERR_TRANSITION_NOT_ALLOWED');
    await move(t, 'manager', 'ev-none', { action: 'close' }).expect(404);

    await request(t.app)
      .post('/api/users')
      .set(as(t, 'manager'))
      .send({ username: 'x.y', password: 'long enough pw', role: 'viewer' })
      .expect(403);
    await request(t.app).get('/api/users').set(as(t, 'viewer')).expect(403);
    await request(t.app)
      .post('/api/users')
      .set(as(t, 'admin'))
      .send({ username: 'x.y', password: 'long enough pw', role: 'viewer' })
      .expect(200);
    await request(t.app)
      .post('/api/users')
      .set(as(t, 'admin'))
      .send({ username: 'x.y', password: 'long enough pw', role: 'viewer' })
      .expect(409);
  });

  it('shows reporters their own reports even outside their scope', async () => {
    const mine = await reportLeak(t, 'crew.sewer', WEST);
    expect(mine.assignedCrewId).toBe('crew-water');
    await request(t.app).get(`/api/events/${mine.id}`).set(as(t, 'crew.sewer')).expect(200);
    const list = (await request(t.app).get('/api/events?mine=true&limit=1000').set(as(t, 'crew.sewer')).expect(200))
      .body;
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([mine.id]);
  });

  it('lets one of two managers closing the same event win, with one close in the trail', async () => {
    const e = await reportLeak(t, 'viewer', EAST);
    await move(t, 'crew.water', e.id, { action: 'start' }).expect(200);
    await move(t, 'crew.water', e.id, { action: 'resolve', note: 'fixed' }).expect(200);
    const results = await Promise.all([
      move(t, 'manager', e.id, { action: 'close' }),
      move(t, 'manager2', e.id, { action: 'close' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const final = (await request(t.app).get(`/api/events/${e.id}`).set(as(t, 'admin')).expect(200)).body;
    expect(final.state).toBe('closed');
    expect(final.transitions.filter((x: { to: string }) => x.to === 'closed')).toHaveLength(1);
    expect(final.version).toBe(final.transitions.length - 1);
  });

  it('keeps one consistent state when a crew resolves while a manager reassigns', async () => {
    for (let round = 0; round < 4; round++) {
      const e = await reportLeak(t, 'viewer', EAST);
      await move(t, 'crew.water', e.id, { action: 'start' }).expect(200);
      const [resolve, reassign] = await Promise.all([
        move(t, 'crew.water', e.id, { action: 'resolve', note: 'fixed' }),
        move(t, 'manager', e.id, { action: 'reassign', crewId: 'crew-sewer' }),
      ]);
      const final = (await request(t.app).get(`/api/events/${e.id}`).set(as(t, 'admin')).expect(200)).body;
      const trail = final.transitions.map((x: { action: string }) => x.action);
      expect(trail.slice(0, 3)).toEqual(['report', 'assign', 'start']);
      if (resolve.status === 200) {
        // Reassigning a resolved event is not a workflow step: refused, nothing written.
        expect(reassign.status).toBe(409);
        expect([final.state, final.assignedCrewId, trail.length]).toEqual(['resolved', 'crew-water', 4]);
      } else {
        expect(reassign.status).toBe(200);
        expect([403, 409]).toContain(resolve.status);
        expect([final.state, final.assignedCrewId, trail.length]).toEqual(['assigned', 'crew-sewer', 4]);
      }
      expect(final.version).toBe(3);
    }
  });

  it('lets exactly one of many writers with the same expectedVersion through', async () => {
    const e = await reportLeak(t, 'viewer', EAST);
    const moves = Array.from({ length: 8 }, (_, i) =>
      move(t, i % 2 ? 'manager' : 'manager2', e.id, {
        action: 'reassign',
        crewId: i % 2 ? 'crew-sewer' : 'crew-water',
        expectedVersion: e.version,
        note: `w${i}`,
      }),
    );
    const results = await Promise.all(moves);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.body.error.code).toBe('GT_ERR_VERSION_CONFLICT');
    const final = (await request(t.app).get(`/api/events/${e.id}`).set(as(t, 'admin')).expect(200)).body;
    expect(final.version).toBe(e.version + 1);
    expect(final.transitions).toHaveLength(3);
  });

  it('validates reports: category, coordinates, photo type and size', async () => {
    const bad = await request(t.app)
      .post('/api/events')
      .set(as(t, 'viewer'))
      .send({ lon: 999, lat: 0, category: 'Water Leak' })
      .expect(400);
    expect(bad.body.error.message).toMatch(/lon|category/);
    const fake = await request(t.app)
      .post('/api/events')
      .set(as(t, 'viewer'))
      .send({
        lon: WEST[0],
        lat: WEST[1],
        category: 'water-leak',
        photo: { contentType: 'image/jpeg', dataBase64: PNG.toString('base64') },
      })
      .expect(400);
    expect(fake.body.error.message).toContain('image/jpeg');
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 1);
    PNG.copy(big);
    await request(t.app)
      .post('/api/events')
      .set(as(t, 'viewer'))
      .send({
        lon: WEST[0],
        lat: WEST[1],
        category: 'water-leak',
        photo: { contentType: 'image/png', dataBase64: big.toString('base64') },
      })
      .expect(413);
    // Outside every cell: stored, in no grid, assigned to nobody (waits for a manager).
    const far = await reportLeak(t, 'viewer', [WEST[0] - 1, WEST[1]]);
    expect([far.state, far.gridId, far.assignedCrewId]).toEqual(['discovered', null, null]);
  });
}
