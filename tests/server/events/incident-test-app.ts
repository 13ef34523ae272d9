import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import type { Role } from '../../../core/model/index.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { SqlCityStore } from '../../../store/sql-city-store.js';
import { createApp } from '../../../server/http/create-app.js';
import { createIncidentServices, type IncidentServices } from '../../../server/services/incident-services.js';
import type { PhotoQuotaOptions } from '../../../server/services/photo-quota.js';
import { makeCityFixture, FIXTURE_CENTER } from '../../helpers/city-fixture.js';

/** Cheap scrypt for tests (the default cost is for production). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const [CX, CY] = FIXTURE_CENTER;
/** A point in the fixture's west cell (worker 王芳, crew-water) and in its east cell (李强, crew-water + crew-sewer). */
export const WEST: [number, number] = [CX - 0.003, CY + 0.001];
export const EAST: [number, number] = [CX + 0.003, CY + 0.001];

/** The fixture's accounts: one per role, a water crew serving both cells, a sewer crew serving the east cell only. */
export const ACCOUNTS: Record<string, { role: Role; crewId?: string; gridIds?: string[] }> = {
  admin: { role: 'admin' },
  manager: { role: 'manager' },
  manager2: { role: 'manager' },
  planner: { role: 'planner' },
  viewer: { role: 'viewer' },
  'crew.water': { role: 'crew', crewId: 'crew-water', gridIds: ['g-cell-w', 'g-cell-e'] },
  'crew.sewer': { role: 'crew', crewId: 'crew-sewer', gridIds: ['g-cell-e'] },
};
export const PASSWORD = 'correct horse battery';

/** An app over a fresh store with the fixture city, the accounts logged in, and a clock tests move. */
export interface IncidentTestApp {
  app: Express;
  store: SqlCityStore;
  services: IncidentServices;
  tokens: Record<string, string>;
  clock: { now: number };
  close(): Promise<void>;
}

export async function openIncidentTestApp(
  openClient: () => Promise<SqlClient>,
  options: { photoQuota?: PhotoQuotaOptions } = {},
): Promise<IncidentTestApp> {
  const store = new SqlCityStore(await openClient());
  await store.migrate();
  await store.saveCity(makeCityFixture({ cityId: 'fixture-city' }));
  const clock = { now: 1_750_000_000_000 };
  const now = () => clock.now;
  const services = createIncidentServices({
    store,
    defaultCityId: 'fixture-city',
    now,
    scryptCost: TEST_SCRYPT,
    ...(options.photoQuota ? { photoQuota: options.photoQuota } : {}),
  });
  const app = createApp({
    store,
    config: { CITY: 'fixture-city' },
    now,
    incidents: services,
    logError: (m, e) => console.error(m, e),
  });
  const tokens: Record<string, string> = {};
  for (const [username, a] of Object.entries(ACCOUNTS)) {
    await services.auth.createUser({
      username,
      password: PASSWORD,
      role: a.role,
      crewId: a.crewId,
      gridIds: a.gridIds,
      utility: a.crewId === 'crew-water' ? 'water' : a.crewId ? 'sewer' : null,
    });
    const res = await request(app).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
    tokens[username] = res.body.token as string;
  }
  return { app, store, services, tokens, clock, close: () => store.close() };
}

/** `Authorization` header of an account. */
export function as(t: IncidentTestApp, username: string): { Authorization: string } {
  return { Authorization: `Bearer ${t.tokens[username]}` };
}

/** Reports a water leak at `at` as `username`; answers the event. */
export async function reportLeak(
  t: IncidentTestApp,
  username: string,
  at: [number, number] = WEST,
  extra: object = {},
) {
  const res = await request(t.app)
    .post('/api/events')
    .set(as(t, username))
    .send({
      lon: at[0],
      lat: at[1],
      category: 'water-leak',
      description: 'water on the street',
      severity: 'major',
      ...extra,
    });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    id: string;
    state: string;
    version: number;
    gridId: string;
    assignedCrewId: string | null;
    assignedWorker: string | null;
  };
}

/** Posts a transition; answers the raw response. */
export function move(t: IncidentTestApp, username: string, id: string, body: object) {
  return request(t.app).post(`/api/events/${id}/transitions`).set(as(t, username)).send(body);
}
