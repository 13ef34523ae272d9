import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { as, CX, CY, openIncidentTestApp, type IncidentTestApp } from '../events/incident-test-app.js';

describe('POST /api/sensors', () => {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(() => openPgliteClient());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers a sensor by the importer schema, in psi, placed in its cell; 400 names the field; viewers may not', async () => {
    const node = (await t.store.listNodes('fixture-city', { limit: 1 })).items[0]!;
    const body = { id: 'new-p-1', kind: 'pressure', unit: 'psi', node: node.id, hi: 71.1, reportingIntervalS: 30 };
    const created = (await request(t.app).post('/api/sensors').set(as(t, 'admin')).send(body).expect(200)).body;
    expect(created).toMatchObject({ id: 'new-p-1', unit: 'm', position: node.position, mount: { type: 'node' } });
    expect(created.thresholds.hi).toBeCloseTo(71.1 * 0.70307, 2);
    const located = (await request(t.app).get(`/api/grids/locate?lon=${node.position[0]}&lat=${node.position[1]}`))
      .body;
    expect(created.gridId).toBe(located.cell?.id ?? null);
    expect((await request(t.app).get('/api/sensors/new-p-1').expect(200)).body.id).toBe('new-p-1');
    const bad = await request(t.app)
      .post('/api/sensors')
      .set(as(t, 'admin'))
      .send({ ...body, node: 'no-such-node' })
      .expect(400);
    expect(bad.body.error.message).toMatch(/node "no-such-node"/);
    const badKind = await request(t.app)
      .post('/api/sensors')
      .set(as(t, 'admin'))
      .send({ id: 'x', kind: 'presure', unit: 'm', lon: CX, lat: CY })
      .expect(400);
    expect(badKind.body.error.message).toMatch(/kind/);
    await request(t.app).post('/api/sensors').set(as(t, 'planner')).send(body).expect(403);
  });
});
