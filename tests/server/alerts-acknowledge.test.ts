import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../core/model/index.js';
import { createApp } from '../../server/http/create-app.js';
import { alertRoutes } from '../../server/routes/alerts.routes.js';
import { AlertsService } from '../../server/services/alerts.service.js';
import { CityService } from '../../server/services/city.service.js';
import { createIncidentServices } from '../../server/services/incident-services.js';
import { authorize } from '../../app/startup/iot-wiring.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { liveDataStores, type AlertsStore } from '../../store/readings/index.js';
import { SqlCityStore } from '../../store/sql-city-store.js';
import { makeCityFixture } from '../helpers/city-fixture.js';
import { ACCOUNTS, PASSWORD, TEST_SCRYPT } from './events/incident-test-app.js';

/**
 * POST /api/alerts/:id/acknowledge per role, as the viewer's alerts list uses it: admin, manager and crew may
 * acknowledge; planner and viewer get 403 with the reason; strangers 401; cleared or unknown alerts 404. Without a
 * bridge in the process, the acknowledgement is stored (AlertsService.acknowledgeStored).
 */
describe('server/routes/alerts.routes acknowledge (roles, pglite)', () => {
  let store: SqlCityStore;
  let alerts: AlertsStore;
  let app: ReturnType<typeof createApp>;
  const tokens: Record<string, string> = {};
  let n = 0;
  /** One open alert per sensor and rule is allowed: each test alert takes the next rule. */
  const RULES: Alert['rule'][] = ['hi', 'hihi', 'lo', 'lolo', 'rate', 'flatline', 'stale', 'offline'];

  const raise = async (state: Alert['state'] = 'active'): Promise<Alert> => {
    const alert: Alert = {
      id: `al-test-${++n}`,
      sensorId: 'sen-p-j2',
      simulationId: null,
      rule: RULES[n % RULES.length]!,
      severity: 'major',
      state,
      value: 700,
      threshold: 600,
      message: '700 above hi 600',
      gridId: 'g-cell-w',
      raisedAt: 1_750_000_000_000 + n,
      updatedAt: 1_750_000_000_000 + n,
      clearedAt: state === 'cleared' ? 1_750_000_000_000 + n : null,
    };
    await alerts.save('fixture-city', alert);
    return alert;
  };
  const acknowledge = (id: string, username: string | null) => {
    const r = request(app).post(`/api/alerts/${id}/acknowledge`);
    return username === null ? r : r.set('Authorization', `Bearer ${tokens[username]}`);
  };

  beforeAll(async () => {
    store = new SqlCityStore(await openPgliteClient());
    await store.migrate();
    await store.saveCity(makeCityFixture({ cityId: 'fixture-city' }));
    alerts = liveDataStores(store).alerts;
    const incidents = createIncidentServices({ store, defaultCityId: 'fixture-city', scryptCost: TEST_SCRYPT });
    const cities = new CityService(store, 'fixture-city');
    app = createApp({
      store,
      config: { CITY: 'fixture-city' },
      incidents,
      extraRoutes: [alertRoutes(new AlertsService(cities, alerts, null), authorize)],
    });
    for (const [username, a] of Object.entries(ACCOUNTS)) {
      await incidents.auth.createUser({
        username,
        password: PASSWORD,
        role: a.role,
        crewId: a.crewId,
        gridIds: a.gridIds,
      });
      tokens[username] = (await request(app).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200))
        .body.token as string;
    }
  });
  afterAll(async () => {
    await store?.close();
  });

  it('lets admin, manager and crew acknowledge an active alert; the list then shows it acknowledged and still open', async () => {
    for (const username of ['admin', 'manager', 'crew.water']) {
      const alert = await raise();
      const res = await acknowledge(alert.id, username).expect(200);
      expect(res.body).toMatchObject({ id: alert.id, state: 'acknowledged' });
      expect(res.body.updatedAt).toBeGreaterThanOrEqual(alert.updatedAt);
      const open = (
        await request(app)
          .get('/api/alerts?state=open&limit=500')
          .set('Authorization', `Bearer ${tokens[username]}`)
          .expect(200)
      ).body.items as Alert[];
      expect(open.find((a) => a.id === alert.id)?.state).toBe('acknowledged');
    }
  });

  it('refuses planner and viewer with 403 and a reason, strangers with 401, and leaves the alert active', async () => {
    const alert = await raise();
    for (const username of ['planner', 'viewer']) {
      const res = await acknowledge(alert.id, username).expect(403);
      expect(res.body.error.code).toBe('GT_ERR_FORBIDDEN');
      expect(res.body.error.message).toMatch(new RegExp(ACCOUNTS[username]!.role));
    }
    await acknowledge(alert.id, null).expect(401);
    expect((await alerts.get('fixture-city', alert.id))?.state).toBe('active');
  });

  it('answers 404 for a cleared or unknown alert', async () => {
    const cleared = await raise('cleared');
    expect((await acknowledge(cleared.id, 'manager').expect(404)).body.error.code).toBe('GT_ERR_ALERT_NOT_FOUND');
    await acknowledge('al-nope', 'manager').expect(404);
  });
});
