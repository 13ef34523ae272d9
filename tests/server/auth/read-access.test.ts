import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { loadConfig } from '../../../core/config/config.js';
import type { CityStore } from '../../../store/index.js';
import { composeApp } from '../../../app/startup/compose-app.js';
import { readPolicyOf } from '../../../app/startup/read-policy.js';
import { DEMO_CITY_ID } from '../../../app/startup/prepare-assets.js';
import { ensureAdmin } from '../../../server/auth/ensure-admin.js';
import { createIncidentServices } from '../../../server/services/incident-services.js';
import { openFixtureStore } from '../../iot-bridge/bridge-fixture.js';

const COST = { N: 1024, r: 8, p: 1 };

describe('server/auth/read-access: PUBLIC_READ and logins on live and personal data (npm start composition)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-read-'));
  let store: CityStore,
    closed: Express,
    open: Express,
    token = '';
  beforeAll(async () => {
    ({ store } = await openFixtureStore());
    await ensureAdmin(store, { ADMIN_PASSWORD: 'read-access-test' }, () => undefined, { scryptCost: COST });
    const incidents = createIncidentServices({ store, defaultCityId: 'fixture-city', scryptCost: COST });
    const env = { CITY: 'fixture-city', DATA_DIR: dir };
    closed = composeApp(loadConfig({ ...env, PUBLIC_READ: '0' }), store, incidents, null);
    open = composeApp(loadConfig({ ...env, PUBLIC_READ: '1' }), store, incidents, null);
    token = (await request(closed).post('/api/auth/login').send({ username: 'admin', password: 'read-access-test' }))
      .body.token as string;
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const LIVE_DATA = ['/api/alerts', '/api/kpis', '/api/ingest/stats', '/api/sensors/sen-p-j2/readings'];

  it('PUBLIC_READ=0: readings, alerts, KPIs and ingest stats need a login (401 naming it), and answer with one', async () => {
    for (const url of LIVE_DATA) {
      const res = await request(closed).get(url).expect(401);
      expect(res.body.error.code, url).toBe('GT_ERR_UNAUTHENTICATED');
      expect(res.body.error.message, url).toContain('PUBLIC_READ');
      await request(closed).get(url).set('Authorization', `Bearer ${token}`).expect(200);
    }
    // The model stays public: buildings, sensors, grids (without people).
    for (const url of ['/api/city', '/api/buildings', '/api/sensors', '/api/grids'])
      await request(closed).get(url).expect(200);
  });

  it('phones and worker names only for a logged-in reader, in both modes', async () => {
    for (const app of [closed, open]) {
      const cells = (await request(app).get('/api/grids?level=cell').expect(200)).body.items as { worker?: unknown }[];
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.every((c) => c.worker === undefined)).toBe(true);
      const crews = (await request(app).get('/api/crews').expect(200)).body.items as { phone?: string; name: string }[];
      expect(crews.length).toBeGreaterThan(0);
      expect(crews.every((c) => c.phone === undefined && c.name.length > 0)).toBe(true);
      const one = (await request(app).get('/api/grids/g-cell-w').expect(200)).body;
      expect(one.worker).toBeUndefined();
    }
    const authed = (
      await request(closed).get('/api/grids?level=cell').set('Authorization', `Bearer ${token}`).expect(200)
    ).body.items as { worker?: { phone: string } }[];
    expect(authed.some((c) => c.worker?.phone.startsWith('+86'))).toBe(true);
    const crews = (await request(closed).get('/api/crews').set('Authorization', `Bearer ${token}`).expect(200)).body
      .items as { phone?: string }[];
    expect(crews.every((c) => typeof c.phone === 'string')).toBe(true);
  });

  it('PUBLIC_READ=1: an anonymous reader reads live data; a bad token is still a 401, not a public answer', async () => {
    for (const url of LIVE_DATA) await request(open).get(url).expect(200);
    await request(open).get('/api/alerts').set('Authorization', 'Bearer not-a-token').expect(401);
    // Events (citizen reports, reporters) are never public over REST.
    await request(open).get('/api/events').expect(401);
  });

  it('PUBLIC_READ=demo (the default) opens the synthetic demo city only', () => {
    expect(readPolicyOf(loadConfig({})).publicRead).toBe(true);
    expect(loadConfig({}).CITY).toBe(DEMO_CITY_ID);
    expect(readPolicyOf(loadConfig({ CITY: 'modena' })).publicRead).toBe(false);
    expect(readPolicyOf(loadConfig({ CITY: 'modena', PUBLIC_READ: '1' })).publicRead).toBe(true);
    expect(readPolicyOf(loadConfig({ PUBLIC_READ: '0' })).publicRead).toBe(false);
    expect(() => loadConfig({ PUBLIC_READ: 'yes' })).toThrow(/PUBLIC_READ/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'localhost:5173' })).toThrow(/ALLOWED_ORIGINS/);
  });
});
