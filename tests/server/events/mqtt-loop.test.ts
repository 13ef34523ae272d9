import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/http/create-app.js';
import { createIncidentServices, type IncidentServices } from '../../../server/services/incident-services.js';
import { alertToEventHook } from '../../../server/services/event-intake.service.js';
import { startBridgeRig, waitUntil, type BridgeRig } from '../../iot-bridge/bridge-fixture.js';
import { PASSWORD, TEST_SCRYPT } from './incident-test-app.js';

describe('server/events closed loop over MQTT (real broker, real bridge, real app)', () => {
  let rig: BridgeRig;
  let services: IncidentServices;
  let app: ReturnType<typeof createApp>;
  const tokens: Record<string, string> = {};
  const hook: { fn: Parameters<typeof alertToEventHook>[0] | null } = { fn: null };

  beforeAll(async () => {
    // The bridge needs the hook at start; the services need the rig's store: a forwarder joins the two.
    rig = await startBridgeRig({
      bridge: { onAlert: (alert, tr) => alertToEventHook(hook.fn!, 'fixture-city')(alert, tr) },
    });
    services = createIncidentServices({ store: rig.store, defaultCityId: 'fixture-city', scryptCost: TEST_SCRYPT });
    hook.fn = services.intake;
    app = createApp({ store: rig.store, config: { CITY: 'fixture-city' }, incidents: services });
    for (const [username, role, crewId] of [
      ['crew.water', 'crew', 'crew-water'],
      ['manager', 'manager', null],
    ] as const) {
      await services.auth.createUser({
        username,
        password: PASSWORD,
        role,
        crewId,
        gridIds: crewId ? ['g-cell-w'] : [],
      });
      tokens[username] = (
        await request(app).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200)
      ).body.token;
    }
  });
  afterAll(async () => {
    await rig?.close();
  });

  const auth = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });

  it('reading over threshold -> alert -> one event at the right worker and crew -> handled, resolved, closed -> KPIs', async () => {
    const kpisBefore = (await request(app).get('/api/kpis').set(auth('manager')).expect(200)).body;
    const device = await rig.device('sen-p-j2');
    const t0 = Date.now() - 600_000;
    // hi is 600 kPa; rising slowly (0.37 kPa/s) keeps the rate rule quiet, so only `hi` fires.
    for (const [dt, value, seq] of [
      [0, 590, 1],
      [300, 700, 2],
      [360, 720, 3],
    ] as const) {
      await device.publishAsync(
        'gridtwin/v1/sensors/sen-p-j2/reading',
        JSON.stringify({ ts: t0 + dt * 1000, value, seq }),
        { qos: 1 },
      );
    }
    await rig.bridge.alerts.settled();
    let events: { id: string }[] = [];
    await waitUntil(
      async () => {
        events = (await request(app).get('/api/events?source=alert').set(auth('manager'))).body.items ?? [];
        return events.length > 0;
      },
      5000,
      'an event from the alert',
    );
    expect(events).toHaveLength(1);
    const e = (await request(app).get(`/api/events/${events[0]!.id}`).set(auth('crew.water')).expect(200)).body;
    expect(e).toMatchObject({
      state: 'assigned',
      gridId: 'g-cell-w',
      assignedWorker: '王芳',
      assignedCrewId: 'crew-water',
      severity: 'major',
      source: { kind: 'alert', sensorId: 'sen-p-j2', rule: 'hi' },
    });

    const post = (u: string, body: object) =>
      request(app).post(`/api/events/${e.id}/transitions`).set(auth(u)).send(body);
    await post('crew.water', { action: 'start' }).expect(200);
    await post('crew.water', { action: 'resolve', note: 'pressure reducing valve re-set' }).expect(200);
    const closed = (await post('manager', { action: 'close' }).expect(200)).body;
    expect(closed.transitions.map((x: { to: string }) => x.to)).toEqual([
      'discovered',
      'warned',
      'assigned',
      'handling',
      'resolved',
      'closed',
    ]);

    const kpis = (await request(app).get('/api/kpis').set(auth('manager')).expect(200)).body;
    expect(kpis.foundBySource.alert).toBe(kpisBefore.foundBySource.alert + 1);
    expect(kpis.closed).toBe(kpisBefore.closed + 1);
    expect(kpis.grids.find((g: { gridId: string }) => g.gridId === 'g-cell-w')).toMatchObject({
      found: 1,
      closed: 1,
      resolutionRate: 1,
    });
    await device.endAsync();
  });
});
