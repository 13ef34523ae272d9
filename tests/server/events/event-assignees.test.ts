import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Crew, User } from '../../../core/model/index.js';
import { rankAssignees } from '../../../server/services/event-assignees.js';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { as, move, openIncidentTestApp, reportLeak, EAST, WEST, type IncidentTestApp } from './incident-test-app.js';

const crew = (id: string, utility: Crew['utility'], name: string): Crew => ({
  id,
  utility,
  name,
  phone: '+86 21 0000',
});
const user = (id: string, role: User['role'], gridIds: string[]): User => ({
  id,
  username: id,
  displayName: `D-${id}`,
  role,
  crewId: null,
  utility: null,
  gridIds,
});

describe('server/services/event-assignees', () => {
  const crews = [
    crew('c-gas', 'gas', 'A gas'),
    crew('c-w2', 'water', 'Z water far'),
    crew('c-w1', 'water', 'B water near'),
    crew('c-sew', 'sewer', 'C sewer near'),
  ];
  const cell = { id: 'cell-1', worker: { name: '王芳', phone: '+86 1' }, crewIds: ['c-w1', 'c-sew'] };
  const event = {
    id: 'ev-1',
    gridId: 'cell-1',
    utility: 'water' as const,
    assignedWorker: 'someone gone',
    assignedCrewId: 'c-w2',
  };

  it("ranks the event utility's crews first (the cell's own ahead), then the cell's other crews, then the rest by name", () => {
    const ranked = rankAssignees(event, cell, crews, []);
    expect(ranked.crews.map((c) => c.id)).toEqual(['c-w1', 'c-w2', 'c-sew', 'c-gas']);
    expect(ranked.crews.map((c) => [c.matchesUtility, c.servesCell, c.current])).toEqual([
      [true, true, false],
      [true, false, true],
      [false, true, false],
      [false, false, false],
    ]);
  });

  it("without a utility, ranks the cell's crews first and matches none", () => {
    const ranked = rankAssignees({ ...event, utility: null }, cell, crews, []);
    expect(ranked.crews.slice(0, 2).map((c) => c.id)).toEqual(['c-w1', 'c-sew']);
    expect(ranked.crews.every((c) => !c.matchesUtility)).toBe(true);
  });

  it("lists the cell's worker, then crew and manager accounts serving the cell, and keeps the current worker", () => {
    const users = [
      user('m1', 'manager', ['cell-1']),
      user('c1', 'crew', ['cell-1', 'cell-2']),
      user('c2', 'crew', ['cell-2']),
      user('v1', 'viewer', ['cell-1']),
      user('p1', 'planner', ['cell-1']),
    ];
    const ranked = rankAssignees(event, cell, crews, users);
    expect(ranked.workers.map((w) => [w.name, w.source])).toEqual([
      ['王芳', 'cell'],
      ['D-c1', 'user'],
      ['D-m1', 'user'],
      ['someone gone', 'current'],
    ]);
    expect(ranked.workers.filter((w) => w.current).map((w) => w.name)).toEqual(['someone gone']);
    expect(ranked.workers[1]).toMatchObject({ userId: 'c1', role: 'crew' });
    const noCell = rankAssignees({ ...event, gridId: null, assignedWorker: null }, null, crews, users);
    expect(noCell.workers).toEqual([]);
  });
});

describe('server/routes/events.routes assignees (pglite)', () => {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(() => openPgliteClient());
  });
  afterAll(async () => {
    await t?.close();
  });
  const assignees = (username: string | null, id: string) => {
    const r = request(t.app).get(`/api/events/${id}/assignees`);
    return username === null ? r : r.set(as(t, username));
  };

  it("answers managers the cell's worker, the accounts serving the cell and the water crew first", async () => {
    const e = await reportLeak(t, 'viewer', EAST);
    const res = await assignees('manager', e.id).expect(200);
    expect(res.body).toMatchObject({ eventId: e.id, gridId: 'g-cell-e', utility: 'water' });
    expect(
      res.body.workers.map((w: { name: string; source: string; current: boolean }) => [w.name, w.source, w.current]),
    ).toEqual([
      ['李强', 'cell', true],
      ['crew.sewer', 'user', false],
      ['crew.water', 'user', false],
    ]);
    expect(
      res.body.crews.map((c: { id: string; matchesUtility: boolean; current: boolean }) => [
        c.id,
        c.matchesUtility,
        c.current,
      ]),
    ).toEqual([
      ['crew-water', true, true],
      ['crew-sewer', false, false],
    ]);
  });

  it('a picked worker and crew go through reassign and come back as the current ones', async () => {
    const e = await reportLeak(t, 'viewer', EAST);
    const picked = (await assignees('admin', e.id).expect(200)).body;
    const worker = picked.workers.find((w: { name: string }) => w.name === 'crew.sewer').name as string;
    const crewId = picked.crews.find((c: { id: string }) => c.id === 'crew-sewer').id as string;
    const moved = (
      await move(t, 'manager', e.id, {
        action: 'reassign',
        worker,
        crewId,
        note: 'sewer crew is nearer',
        expectedVersion: e.version,
      }).expect(200)
    ).body;
    expect(moved).toMatchObject({ state: 'assigned', assignedWorker: 'crew.sewer', assignedCrewId: 'crew-sewer' });
    expect(moved.transitions.at(-1)).toMatchObject({ action: 'reassign', note: 'sewer crew is nearer' });
    const after = (await assignees('manager', e.id).expect(200)).body;
    expect(after.workers.filter((w: { current: boolean }) => w.current).map((w: { name: string }) => w.name)).toEqual([
      'crew.sewer',
    ]);
    expect(after.crews.filter((c: { current: boolean }) => c.current).map((c: { id: string }) => c.id)).toEqual([
      'crew-sewer',
    ]);
    // The sewer crew now sees it; the water crew of the same cell still does (its grid), but may no longer act on it.
    await request(t.app).get(`/api/events/${e.id}`).set(as(t, 'crew.sewer')).expect(200);
    expect((await move(t, 'crew.water', e.id, { action: 'start' })).status).toBe(403);
  });

  it('refuses roles that may not assign (403 with a reason), strangers (401) and unknown events (404)', async () => {
    const e = await reportLeak(t, 'viewer', WEST);
    for (const username of ['viewer', 'planner', 'crew.water']) {
      const res = await assignees(username, e.id).expect(403);
      expect(res.body.error.code).toBe('GT_ERR_FORBIDDEN');
      expect(res.body.error.message).toMatch(/may not assign/);
    }
    // A crew of another grid does not even see the event.
    expect((await assignees('crew.sewer', e.id).expect(403)).body.error.message).toMatch(/crew member crew.sewer/);
    await assignees(null, e.id).expect(401);
    await assignees('manager', 'ev-nope').expect(404);
  });
});
