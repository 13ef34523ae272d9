import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword, DEFAULT_SCRYPT_COST } from '../../../server/auth/password-hash.js';
import { ensureAdmin } from '../../../server/auth/ensure-admin.js';
import { DEMO_USERS, ensureDemoUsers } from '../../../server/auth/demo-users.js';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { userStoreOf } from '../../../store/users/index.js';
import { openIncidentTestApp, PASSWORD, TEST_SCRYPT, type IncidentTestApp } from '../events/incident-test-app.js';

describe('server/auth/password-hash', () => {
  it('hashes with salt and cost, verifies, and rejects wrong or malformed input', async () => {
    const a = await hashPassword('s3cret pass', TEST_SCRYPT);
    const b = await hashPassword('s3cret pass', TEST_SCRYPT);
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('s3cret pass', a)).toBe(true);
    expect(await verifyPassword('s3cret pasS', a)).toBe(false);
    expect(await verifyPassword('s3cret pass', 'plain')).toBe(false);
    await expect(hashPassword('')).rejects.toThrow(RangeError);
  });

  it('uses a memory-hard default cost (at least 16 MiB)', async () => {
    expect(128 * DEFAULT_SCRYPT_COST.N * DEFAULT_SCRYPT_COST.r).toBeGreaterThanOrEqual(16 * 1024 * 1024);
    const t0 = performance.now();
    expect(await verifyPassword('x', await hashPassword('x'))).toBe(true);
    console.log(`scrypt default cost: hash + verify ${(performance.now() - t0).toFixed(0)} ms`);
  });
});

describe('server/routes/auth.routes', () => {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(() => openPgliteClient());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs in, answers me, logs out; wrong passwords and unknown users are the same 401', async () => {
    const login = (
      await request(t.app).post('/api/auth/login').send({ username: 'planner', password: PASSWORD }).expect(200)
    ).body;
    expect(login.user).toMatchObject({ username: 'planner', role: 'planner' });
    expect(login.user.passwordHash).toBeUndefined();
    expect(login.expiresAt).toBe(t.clock.now + 12 * 3600_000);
    const auth = { Authorization: `Bearer ${login.token}` };
    expect((await request(t.app).get('/api/auth/me').set(auth).expect(200)).body.username).toBe('planner');
    await request(t.app).post('/api/auth/logout').set(auth).expect(200);
    await request(t.app).get('/api/auth/me').set(auth).expect(401);
    const wrong = (
      await request(t.app).post('/api/auth/login').send({ username: 'planner', password: 'nope' }).expect(401)
    ).body;
    const unknown = (
      await request(t.app).post('/api/auth/login').send({ username: 'ghost', password: 'nope' }).expect(401)
    ).body;
    expect(wrong).toEqual(unknown);
    await request(t.app).post('/api/auth/login').send({ username: 'planner' }).expect(400);
    await request(t.app).get('/api/auth/me').expect(401);
  });

  it('expires tokens after 12 hours', async () => {
    const { token } = (
      await request(t.app).post('/api/auth/login').send({ username: 'viewer', password: PASSWORD }).expect(200)
    ).body;
    const auth = { Authorization: `Bearer ${token}` };
    t.clock.now += 12 * 3600_000 - 1;
    await request(t.app).get('/api/auth/me').set(auth).expect(200);
    t.clock.now += 1;
    const res = await request(t.app).get('/api/auth/me').set(auth).expect(401);
    expect(res.body.error.message).toContain('expired');
  });

  it('stores tokens hashed, never in clear', async () => {
    const { token } = (
      await request(t.app).post('/api/auth/login').send({ username: 'viewer', password: PASSWORD }).expect(200)
    ).body;
    expect(await userStoreOf(t.store).findToken(token)).toBeNull();
  });

  it('lists the auth and event endpoints in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    for (const p of ['/api/auth/login', '/api/events', '/api/events/{id}/transitions', '/api/kpis', '/api/users'])
      expect(Object.keys(doc.paths)).toContain(p);
  });
});

describe('server/auth/ensure-admin and demo-users', () => {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(() => openPgliteClient());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does not create a second admin; a later ADMIN_PASSWORD becomes the password of admin, said in the log', async () => {
    const lines: string[] = [];
    expect(await ensureAdmin(t.store, {}, (l) => lines.push(l))).toEqual({ created: false, username: 'admin' });
    expect(lines).toEqual([]);
    const env = { ADMIN_PASSWORD: 'changed-at-restart' };
    expect(await ensureAdmin(t.store, env, (l) => lines.push(l), { scryptCost: TEST_SCRYPT })).toEqual({
      created: false,
      username: 'admin',
    });
    expect(lines).toEqual(['  password of user admin set from ADMIN_PASSWORD']);
    expect(lines.join('\n')).not.toContain('changed-at-restart');
    await request(t.app)
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'changed-at-restart' })
      .expect(200);
    await request(t.app).post('/api/auth/login').send({ username: 'admin', password: PASSWORD }).expect(401);
    // The same value again: nothing to do, nothing said.
    await ensureAdmin(t.store, env, (l) => lines.push(l), { scryptCost: TEST_SCRYPT });
    expect(lines).toHaveLength(1);
  });

  it('says why ADMIN_PASSWORD is not applied when the administrators have other names', async () => {
    const other = await openIncidentTestAppWithoutUsers();
    const chief = { id: 'u-chief', username: 'chief', displayName: 'Chief', role: 'admin' as const };
    await userStoreOf(other.store).create(
      { ...chief, crewId: null, utility: null, gridIds: [] },
      await hashPassword(PASSWORD, TEST_SCRYPT),
      0,
    );
    const lines: string[] = [];
    await ensureAdmin(other.store, { ADMIN_PASSWORD: 'for-admin-1234' }, (l) => lines.push(l), {
      scryptCost: TEST_SCRYPT,
    });
    expect(lines).toEqual(['  ADMIN_PASSWORD not applied: there is no user named admin (other administrators exist)']);
    await other.close();
  });

  it('on an empty store prints a generated password or uses ADMIN_PASSWORD', async () => {
    const fresh = await openIncidentTestAppWithoutUsers();
    const lines: string[] = [];
    const made = await ensureAdmin(fresh.store, {}, (l) => lines.push(l), { scryptCost: TEST_SCRYPT });
    expect(made.created).toBe(true);
    expect(lines.join('\n')).toContain(made.generatedPassword!);
    await request(fresh.app)
      .post('/api/auth/login')
      .send({ username: 'admin', password: made.generatedPassword })
      .expect(200);
    await fresh.close();

    const second = await openIncidentTestAppWithoutUsers();
    const quiet: string[] = [];
    const given = await ensureAdmin(second.store, { ADMIN_PASSWORD: 'from-the-env-123' }, (l) => quiet.push(l), {
      scryptCost: TEST_SCRYPT,
    });
    expect(given.generatedPassword).toBeUndefined();
    expect(quiet.join('\n')).not.toContain('from-the-env-123');
    await request(second.app)
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'from-the-env-123' })
      .expect(200);
    await second.close();
  });

  it('creates one demo user per role; the crew user serves a water crew and its cells', async () => {
    const created = await ensureDemoUsers(t.store, 'fixture-city', () => undefined, { scryptCost: TEST_SCRYPT });
    expect(created).toEqual(DEMO_USERS.map((u) => u.username));
    expect(await ensureDemoUsers(t.store, 'fixture-city', () => undefined, { scryptCost: TEST_SCRYPT })).toEqual([]);
    for (const demo of DEMO_USERS) {
      const res = await request(t.app)
        .post('/api/auth/login')
        .send({ username: demo.username, password: demo.password })
        .expect(200);
      expect(res.body.user.role).toBe(demo.role);
      // Both names travel: the viewer picks the one of the reader's language.
      expect(res.body.user).toMatchObject({ displayName: demo.displayName, nameEn: demo.nameEn });
      expect(res.body.user.nameEn).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \(/);
    }
    const manager = await request(t.app)
      .post('/api/auth/login')
      .send({ username: 'wang.manager', password: 'manager-demo-2026' })
      .expect(200);
    const listed = await request(t.app)
      .get('/api/users')
      .set('authorization', `Bearer ${manager.body.token}`)
      .expect(200);
    expect(listed.body.items.find((u: { username: string }) => u.username === 'wang.manager')).toMatchObject({
      displayName: '王敏 (城市管理员)',
      nameEn: 'Wang Min (city manager)',
    });
    const crew = (
      await request(t.app).post('/api/auth/login').send({ username: 'li.crew', password: 'crew-demo-2026' })
    ).body.user;
    expect(crew).toMatchObject({ crewId: 'crew-water', utility: 'water' });
    expect([...crew.gridIds].sort()).toEqual(['g-cell-e', 'g-cell-w']);
  });
});

describe('server/auth/demo-users on a store made before English names', () => {
  it('gives an older demo account its English name, leaves a renamed one and other accounts alone', async () => {
    const old = await openIncidentTestAppWithoutUsers();
    const users = userStoreOf(old.store);
    const hash = await hashPassword(PASSWORD, TEST_SCRYPT);
    const base = { crewId: null, utility: null, gridIds: [] };
    // Rows as an older GridTwin stored them: no nameEn in the JSONB record.
    await users.create(
      { ...base, id: 'u-wang', username: 'wang.manager', displayName: '王敏 (城市管理员)', role: 'manager' },
      hash,
      0,
    );
    await users.create(
      { ...base, id: 'u-zhang', username: 'zhang.planner', displayName: '张岚 总工', role: 'planner' },
      hash,
      0,
    );
    await users.create({ ...base, id: 'u-other', username: 'other', displayName: '别人', role: 'viewer' }, hash, 0);
    const created = await ensureDemoUsers(old.store, 'x', () => undefined, { scryptCost: TEST_SCRYPT });
    expect(created).toEqual(['li.crew', 'chen.viewer']);
    expect((await users.getById('u-wang'))?.nameEn).toBe('Wang Min (city manager)');
    // Renamed by an admin: the name is theirs, no English one is guessed.
    expect((await users.getById('u-zhang'))?.nameEn).toBeUndefined();
    expect((await users.getById('u-other'))?.nameEn).toBeUndefined();
    const res = await request(old.app)
      .post('/api/auth/login')
      .send({ username: 'other', password: PASSWORD })
      .expect(200);
    expect(res.body.user.displayName).toBe('别人');
    expect(res.body.user).not.toHaveProperty('nameEn');
    await old.close();
  });
});

/** An app over a fresh store without accounts. */
async function openIncidentTestAppWithoutUsers() {
  const { SqlCityStore } = await import('../../../store/sql-city-store.js');
  const { createApp } = await import('../../../server/http/create-app.js');
  const store = new SqlCityStore(await openPgliteClient());
  await store.migrate();
  const app = createApp({ store, config: { CITY: 'x' } });
  return { store, app, close: () => store.close() };
}
