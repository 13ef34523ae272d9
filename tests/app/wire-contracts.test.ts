import http from 'node:http';
import type { AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as contracts from '../../core/contracts/index.js';
import * as model from '../../core/model/index.js';
import type { CityBundle, Sensor } from '../../core/model/index.js';
import { iotRoutes } from '../../app/startup/iot-wiring.js';
import { followLiveEvents, type LiveEvents } from '../../app/startup/live-events.js';
import { startIot, type IotRuntime } from '../../iot-bridge/start-iot.js';
import { ensureAdmin } from '../../server/auth/ensure-admin.js';
import { authorizeRoles } from '../../server/auth/auth-middleware.js';
import type { Endpoint } from '../../server/http/endpoint.js';
import { createApp } from '../../server/http/create-app.js';
import { READ_API_ENDPOINTS } from '../../server/routes/api-endpoints.js';
import { authEndpoints } from '../../server/routes/auth.routes.js';
import { eventEndpoints } from '../../server/routes/events.routes.js';
import { kpiEndpoints } from '../../server/routes/kpis.routes.js';
import { attachLiveSocket } from '../../server/routes/live.routes.js';
import { simulationEndpoints } from '../../server/routes/simulations.routes.js';
import { userEndpoints } from '../../server/routes/users.routes.js';
import { alertToEventHook } from '../../server/services/event-intake.service.js';
import { createIncidentServices } from '../../server/services/incident-services.js';
import { SqlSimulationResultStore } from '../../server/simulation/simulation-store.js';
import { writeInp } from '../../tiles/export/epanet-inp-writer.js';
import { freePort } from '../helpers/spawn-process.js';
import { openDemoStore } from '../server/simulation/demo-store.js';
import { waitUntil } from '../iot-bridge/bridge-fixture.js';

/**
 * The wire contracts (core/contracts) against the real thing: the demo city in a real store, composed as `npm start`
 * composes it (incident services, the bridge with its embedded broker and live hub, the IoT routes, the live socket),
 * driven over real HTTP, a real WebSocket and real MQTT. Every answer must parse with its contract and come out of
 * the parse unchanged: a key the contract does not know is stripped by zod and fails the comparison, so a route or
 * a live message that changes shape without its schema fails here.
 */

const PASSWORD = 'wire-contracts-test';

/** Parses `body` with `schema` and demands the parse changed nothing (no unknown key, no missing default). */
function expectExact(schema: z.ZodType, body: unknown, what: string): void {
  const parsed = schema.safeParse(body);
  expect(parsed.success, `${what}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues).slice(0, 600)}`).toBe(
    true,
  );
  expect(parsed.data, `${what}: keys the contract does not declare (or defaults the server left out)`).toStrictEqual(
    body,
  );
}

let bundle: CityBundle;
let closeStore: () => Promise<void>;
let iot: IotRuntime;
let liveEvents: LiveEvents;
let server: http.Server;
let closeLive: () => void;
let base = '';
let adminToken = '';
let endpoints: Endpoint[] = [];
const anySensorWithHihi = (): Sensor & { thresholds: { hihi: number } } =>
  bundle.sensors.find((s) => s.thresholds.hihi !== undefined) as Sensor & { thresholds: { hihi: number } };

async function call(
  method: string,
  path: string,
  body?: unknown,
  token = adminToken,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  const demo = await openDemoStore(42);
  bundle = demo.bundle;
  const store = demo.store;
  closeStore = () => store.close();
  const cityId = bundle.city.id;
  await ensureAdmin(store, { ADMIN_PASSWORD: PASSWORD }, () => undefined, { scryptCost: { N: 1024, r: 8, p: 1 } });
  const incidents = createIncidentServices({ store, defaultCityId: cityId, scryptCost: { N: 1024, r: 8, p: 1 } });
  liveEvents = await followLiveEvents(incidents.eventStore, cityId);
  iot = await startIot({
    cityId,
    store,
    mqttPort: await freePort(),
    host: '127.0.0.1',
    allowAnonymous: true,
    publishValuesMs: 100,
    onAlert: alertToEventHook(incidents.intake, cityId),
    openEvents: liveEvents.openEvents,
  });
  liveEvents.attach(iot.hub);
  const config = { CITY: cityId };
  const extraRoutes = iotRoutes(config as Parameters<typeof iotRoutes>[0], store, iot);
  const app = createApp({
    store,
    config,
    incidents,
    extraRoutes,
    logError: () => undefined,
    simulation: {
      writeInp,
      results: new SqlSimulationResultStore(demo.client),
      authorize: authorizeRoles(incidents.auth, 'admin', 'manager', 'planner'),
      intake: incidents.intake,
      eventStore: incidents.eventStore,
    },
  });
  endpoints = [
    ...READ_API_ENDPOINTS,
    ...Object.values(simulationEndpoints),
    ...[authEndpoints, userEndpoints, eventEndpoints, kpiEndpoints].flatMap((g) => Object.values(g) as Endpoint[]),
    ...extraRoutes.flatMap((r) => r.endpoints ?? []),
  ];
  server = http.createServer(app);
  closeLive = attachLiveSocket(server, iot.hub, { userOfToken: (token) => incidents.auth.userOfToken(token) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await call('POST', '/api/auth/login', { username: 'admin', password: PASSWORD }, '');
  expect(login.status).toBe(200);
  expectExact(contracts.LoginAnswerSchema, login.json, 'POST /api/auth/login');
  adminToken = (login.json as { token: string }).token;
}, 180_000);

afterAll(async () => {
  closeLive?.();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  liveEvents?.stop();
  await iot?.close();
  await closeStore?.();
});

describe('core/contracts against the running twin', () => {
  it('every route answers a schema exported by core/contracts or core/model', () => {
    const published = new Set<unknown>([...Object.values(contracts), ...Object.values(model)]);
    const strays = endpoints.filter((e) => !published.has(e.response)).map((e) => e.operationId);
    expect(strays, 'route specs must take their response schema from core/contracts').toEqual([]);
  });

  /** Events and alerts made through the API and MQTT, so the GETs and the live stream have something to carry. */
  const made = { eventId: '', simulationId: '', alertId: '' };
  const live: unknown[] = [];
  let socket: WebSocket;
  const outPayloads: { topic: string; payload: unknown }[] = [];
  let out: mqtt.MqttClient;

  it('live: a snapshot, then deltas of readings, alerts and events (WebSocket), and MQTT out payloads', async () => {
    socket = new WebSocket(`${base.replace('http', 'ws')}/api/live?token=${adminToken}`);
    socket.on('message', (data) => live.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    out = await mqtt.connectAsync(`mqtt://127.0.0.1:${iot.broker!.port}`, { clientId: 'wire-contracts-out' });
    out.on('message', (topic, payload) => outPayloads.push({ topic, payload: JSON.parse(String(payload)) }));
    await out.subscribeAsync(contracts.OUT_TOPIC_FILTER, { qos: 1 });
    await waitUntil(() => live.length >= 1, 10_000, 'snapshot');

    // A device (anonymous is allowed here) sends normal values, then values over the hihi threshold: an alert.
    const sensor = anySensorWithHihi();
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${iot.broker!.port}`, { clientId: 'wire-dev' });
    // Over the threshold for longer than the rule's minimum duration (readings in the recent past, 1 per step).
    const holdMs = Math.max(60, 2 * (sensor.thresholds.minDurationS ?? 0)) * 1000;
    const steps = 12;
    const t0 = Date.now() - holdMs - 5_000;
    for (let i = 0; i < steps; i++) {
      const value = i < 2 ? sensor.thresholds.hihi * 0.5 : sensor.thresholds.hihi * 2 + 1;
      const ts = Math.round(t0 + (i * holdMs) / (steps - 1));
      await device.publishAsync(contracts.readingTopic(sensor.id), JSON.stringify({ ts, value, seq: i }), { qos: 1 });
    }
    await device.endAsync();
    // A report through the API: an event delta.
    const [lon, lat] = bundle.city.center;
    const report = await call('POST', '/api/events', {
      lon,
      lat,
      category: 'water-leak',
      description: 'contract test',
    });
    expect(report.status, JSON.stringify(report.json).slice(0, 300)).toBe(200);
    expectExact(model.EventSchema, report.json, 'POST /api/events');
    made.eventId = (report.json as { id: string }).id;

    const deltas = () => live.filter((m) => (m as { type: string }).type === 'delta') as contracts.LiveDelta[];
    await waitUntil(
      () =>
        deltas().some((d) => d.alerts.length > 0) &&
        deltas().some((d) => d.events.length > 0) &&
        deltas().some((d) => d.sensors.length > 0),
      20_000,
      'deltas with sensors, alerts and events',
    );
    await waitUntil(
      () =>
        outPayloads.some((p) => p.topic === contracts.VALUES_OUT_TOPIC) &&
        outPayloads.some((p) => p.topic.startsWith(`${contracts.OUT_TOPIC_PREFIX}alerts/`)),
      10_000,
      'values and alerts on the out topics',
    );
    const latest = new Map(deltas().flatMap((d) => d.alerts.map((a) => [a.id, a] as const)));
    const open = [...latest.values()].find((a) => a.state !== 'cleared');
    expect(open, 'an alert still open').toBeDefined();
    made.alertId = open!.id;
    for (const [i, message] of live.entries()) expectExact(contracts.LiveMessageSchema, message, `live message ${i}`);

    // Resuming from the first delta's predecessor replays the kept deltas: the same contract.
    const since = deltas()[0]!.seq - 1;
    const replay: unknown[] = [];
    const again = new WebSocket(`${base.replace('http', 'ws')}/api/live?since=${since}&token=${adminToken}`);
    again.on('message', (data) => replay.push(JSON.parse(String(data))));
    await waitUntil(() => replay.length >= deltas().length, 10_000, 'replayed deltas');
    again.close();
    for (const [i, message] of replay.entries()) expectExact(contracts.LiveMessageSchema, message, `replayed ${i}`);
    expect((replay[0] as { type: string }).type).toBe('delta');

    // A new client's snapshot now carries the open alert and event.
    const fresh: unknown[] = [];
    const third = new WebSocket(`${base.replace('http', 'ws')}/api/live?token=${adminToken}`);
    third.on('message', (data) => fresh.push(JSON.parse(String(data))));
    await waitUntil(() => fresh.length >= 1, 10_000, 'second snapshot');
    third.close();
    const snapshot = fresh[0] as contracts.LiveSnapshot;
    expect(snapshot.type).toBe('snapshot');
    expect(snapshot.alerts.length).toBeGreaterThan(0);
    expect(snapshot.events.length).toBeGreaterThan(0);
    expect(snapshot.sensors.length).toBeGreaterThan(0);
    expectExact(contracts.LiveSnapshotSchema, snapshot, 'snapshot with alerts and events');

    for (const { topic, payload } of outPayloads) {
      const schema =
        topic === contracts.VALUES_OUT_TOPIC ? contracts.ValuesOutPayloadSchema : contracts.AlertOutPayloadSchema;
      expectExact(schema, payload, `MQTT ${topic}`);
    }
    socket.close();
    await out.endAsync();
  }, 60_000);

  it('POSTs answer their contracts: users, devices, simulations, transitions, acknowledgements', async () => {
    const user = await call('POST', '/api/users', { username: 'planner1', password: PASSWORD, role: 'planner' });
    expect(user.status, JSON.stringify(user.json)).toBe(200);
    expectExact(model.UserSchema, user.json, 'POST /api/users');

    const sensor = anySensorWithHihi();
    const creds = await call('POST', `/api/devices/${sensor.id}/credentials`);
    expect(creds.status, JSON.stringify(creds.json)).toBe(200);
    expectExact(contracts.DeviceCredentialsSchema, creds.json, 'POST /api/devices/:id/credentials');

    const main = bundle.links.find((l) => l.utility === 'water' && l.kind === 'pipe')!;
    const run = await call('POST', '/api/simulations', { kind: 'burst', linkId: main.id });
    expect(run.status, JSON.stringify(run.json).slice(0, 300)).toBe(200);
    expectExact(contracts.SimulationRunSchema, run.json, 'POST /api/simulations');
    made.simulationId = (run.json as { id: string }).id;
    const events = await call('POST', `/api/simulations/${made.simulationId}/events`);
    expect(events.status, JSON.stringify(events.json).slice(0, 300)).toBe(200);
    expectExact(contracts.SimulationEventsSchema, events.json, 'POST /api/simulations/:id/events');

    const moved = await call('POST', `/api/events/${made.eventId}/transitions`, { action: 'start' });
    expect(moved.status, JSON.stringify(moved.json).slice(0, 300)).toBe(200);
    expectExact(model.EventSchema, moved.json, 'POST /api/events/:id/transitions');

    const ack = await call('POST', `/api/alerts/${made.alertId}/acknowledge`);
    expect(ack.status, JSON.stringify(ack.json)).toBe(200);
    expectExact(model.AlertSchema, ack.json, 'POST /api/alerts/:id/acknowledge');

    const bad = await call('GET', '/api/buildings?limit=0');
    expect(bad.status).toBe(400);
    expectExact(contracts.ErrorBodySchema, bad.json, 'a 400');
  }, 120_000);

  it('every GET of /api/openapi.json answers its contract exactly', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const byOperation = new Map(endpoints.map((e) => [e.operationId, e]));
    const [lon, lat] = bundle.city.center;
    const sensor = anySensorWithHihi();
    const t = Date.now();
    /** Example path ids and required queries per operation; `null`: not JSON (checked elsewhere or not at all). */
    const examples: Record<string, string[] | null> = {
      getBuilding: [`/api/buildings/${bundle.buildings[0]!.id}`],
      getNode: [`/api/network/nodes/${bundle.nodes[0]!.id}`],
      getLink: [`/api/network/links/${bundle.links[0]!.id}`],
      getSensor: [`/api/sensors/${sensor.id}`],
      getGrid: [`/api/grids/${bundle.grids[0]!.id}`],
      locateGrid: [`/api/grids/locate?lon=${lon}&lat=${lat}`],
      search: [`/api/search?q=${encodeURIComponent(bundle.buildings[0]!.id)}`],
      getEvent: [`/api/events/${made.eventId}`],
      listEventAssignees: [`/api/events/${made.eventId}/assignees`],
      getSimulation: [`/api/simulations/${made.simulationId}`],
      getSensorReadings: [
        `/api/sensors/${sensor.id}/readings?from=${t - 3_600_000}&to=${t + 60_000}`,
        `/api/sensors/${sensor.id}/readings?from=${t - 3_600_000}&to=${t + 60_000}&step=1s`,
      ],
      getSensorReadingsRange: [`/api/sensors/${sensor.id}/readings/range`],
      getEventPhoto: null,
    };
    let checked = 0;
    const gets = Object.entries(doc.paths).flatMap(([path, ops]) =>
      ops.get ? [{ path, operationId: ops.get.operationId }] : [],
    );
    expect(gets.length).toBeGreaterThan(20);
    for (const { path, operationId } of gets) {
      const endpoint = byOperation.get(operationId);
      expect(endpoint, `${operationId} has a route spec`).toBeDefined();
      const urls = operationId in examples ? (examples[operationId] ?? null) : [path];
      if (urls === null) continue;
      expect(
        urls.every((u) => !u.includes('{')),
        `${operationId} needs an example id in this test`,
      ).toBe(true);
      for (const url of urls) {
        const answer = await call('GET', url);
        expect(answer.status, `${url}: ${JSON.stringify(answer.json).slice(0, 300)}`).toBe(200);
        const items = (answer.json as { items?: unknown[] }).items;
        if (Array.isArray(items) && /^list|search|getSensorReadings/.test(operationId) && operationId !== 'listUsers')
          expect(items.length, `${url} answers something to check`).toBeGreaterThan(0);
        expectExact(endpoint!.response, answer.json, `GET ${url}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(gets.length);
  }, 120_000);
});
