import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../core/config/config.js';
import { readingTopic } from '../../../core/contracts/mqtt.js';
import { openStore, type CityStore } from '../../../store/index.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';
import { startTwin, type RunningTwin } from '../../../app/startup/start-twin.js';
import { describePostgres, dropSchema, schemaDatabaseUrl, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { describeMqtt } from '../../helpers/mqtt-test-broker.js';
import { freePort, runTsx, type RunningProcess } from '../../helpers/spawn-process.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const CITY = 'modena';
const ADMIN_PASSWORD = 'split-deployment-admin-2026';
/** Sensor ids of this run only: the external broker is shared with other test runs. */
const RUN = Math.random().toString(36).slice(2, 8).toUpperCase();

/** Polls `check` until it holds; answers the ms it took. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (await check()) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * The split deployment of DESIGN §1: `npm run server` (in-process, --server-only) and `npm run bridge` (a real child
 * process) on one PostgreSQL database. What an admin changes through the server's API reaches the running bridge
 * without a restart: a new sensor's readings are stored, new thresholds raise alerts, and on the bridge's own
 * embedded broker a device whose credential the server revoked is disconnected. The server also provisions and
 * revokes device credentials with no bridge in its process.
 */
describePostgres('split deployment: npm run server + npm run bridge', (testDatabaseUrl) => {
  const schema = uniqueSchemaName('gt_split');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-split-'));
  let databaseUrl = '';
  let config: Config;
  let server: RunningTwin | undefined;
  let store: CityStore;
  let base = '';
  let token = '';
  const bridges: RunningProcess[] = [];
  const clients: mqtt.MqttClient[] = [];

  async function api<T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** `npm run bridge` on the shared database, its own data folder, with `env` (broker choice). */
  async function startBridge(env: Record<string, string>): Promise<RunningProcess> {
    const bridge = runTsx('app/bridge-cli.ts', [], {
      DATA_DIR: fs.mkdtempSync(path.join(dataDir, 'bridge-')),
      DATABASE_URL: databaseUrl,
      CITY,
      HOST: '127.0.0.1',
      LOG_FORMAT: 'text',
      MQTT_URL: '',
      ...env,
    });
    bridges.push(bridge);
    await bridge.waitFor(/registry: watched every 2000 ms/, 60_000);
    return bridge;
  }

  /** Registers a pressure sensor through the admin API (as the admin screens do). */
  async function createSensor(id: string, extra: Record<string, number> = {}): Promise<void> {
    const res = await api('POST', `/api/sensors?city=${CITY}`, {
      id,
      kind: 'pressure',
      unit: 'm',
      lon: 10.92,
      lat: 44.64,
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  const live = () => liveDataStores(store);
  const stored = (sensorId: string) => live().readings.count(CITY, sensorId);

  beforeAll(async () => {
    databaseUrl = await schemaDatabaseUrl(testDatabaseUrl, schema);
    config = loadConfig({
      DATA_DIR: dataDir,
      CITY,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
    });
    store = await openStore({ dataDir, databaseUrl });
    const lines: string[] = [];
    const code = await runImportCommand(
      ['--city', CITY, '--name', 'Modena', '--crs', 'EPSG:3003', path.join(fixtures, 'epanet', 'Modena.inp')],
      { store, log: (l) => lines.push(l), now: Date.now, dataDir },
    );
    expect(code, lines.join('\n')).toBe(0);
    const out: string[] = [];
    try {
      server = await startTwin(config, { log: (l) => out.push(l), serverOnly: true, env: { ADMIN_PASSWORD } });
    } catch (err) {
      throw new Error(`the server did not start: ${(err as Error).message}\n${out.join('\n')}`, { cause: err });
    }
    expect(server.iot).toBeNull();
    base = `http://127.0.0.1:${server.port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { token: string }).token;
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) c.end(true);
    for (const b of bridges) await b.stop();
    await server?.stop();
    await store?.close();
    await dropSchema(testDatabaseUrl, schema);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the server alone provisions and revokes device credentials (no bridge in its process)', async () => {
    const id = `SPLIT-${RUN}-P0`;
    await createSensor(id);
    const cred = await api<{ username: string; password: string; topics: { reading: string } }>(
      'POST',
      `/api/devices/${id}/credentials?city=${CITY}`,
    );
    expect(cred.status, JSON.stringify(cred.body)).toBe(200);
    expect(cred.body).toMatchObject({ username: id, topics: { reading: readingTopic(id) } });
    expect(cred.body.password.length).toBeGreaterThanOrEqual(24);
    expect(await live().devices.fingerprints(CITY)).toHaveProperty('size', 1);
    const revoked = await api<{ revoked: boolean }>('DELETE', `/api/devices/${id}/credentials?city=${CITY}`);
    expect(revoked).toMatchObject({ status: 200, body: { sensorId: id, revoked: true } });
    expect((await live().devices.fingerprints(CITY)).has(id)).toBe(false);
    const unknown = await api('POST', `/api/devices/SPLIT-${RUN}-NONE/credentials?city=${CITY}`);
    expect(unknown.status).toBe(404);
    const anonymous = await fetch(`${base}/api/devices/${id}/credentials?city=${CITY}`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });

  describeMqtt('against an external broker', (mqttUrl) => {
    it('a sensor created and its thresholds changed through the server apply in the running bridge', async () => {
      const bridge = await startBridge({ MQTT_URL: mqttUrl, BRIDGE_ID: `gridtwin-split-${RUN}` });
      const device = await mqtt.connectAsync(mqttUrl, { clientId: `split-device-${RUN}`, reconnectPeriod: 0 });
      clients.push(device);
      const id = `SPLIT-${RUN}-P1`;
      let seq = 0;
      const publish = (value: number) =>
        device.publishAsync(readingTopic(id), JSON.stringify({ ts: Date.now(), value, seq: ++seq }), { qos: 1 });

      // Unknown to the bridge at first: refused, not stored.
      await publish(10);
      await bridge.waitFor(/ingest: .* [1-9]\d* rejected/, 10_000);
      expect(await stored(id)).toBe(0);
      await createSensor(id, { hi: 50 });
      const tookNew = await waitUntil(
        async () => {
          await publish(10);
          return (await stored(id)) > 0;
        },
        15_000,
        `a reading of the new sensor ${id} stored by the bridge`,
      );
      expect(bridge.output()).toMatch(/registry: revision \d+: \d+ sensors reloaded/);
      // 10 m is under hi = 50: no alert.
      expect((await live().alerts.list(CITY, { sensorId: id, limit: 10, offset: 0 })).items).toEqual([]);

      const changed = await api('PUT', `/api/sensors/${id}/thresholds?city=${CITY}`, { hi: 5 });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      const tookRules = await waitUntil(
        async () => {
          await publish(10);
          const alerts = (await live().alerts.list(CITY, { sensorId: id, limit: 10, offset: 0 })).items;
          return alerts.some((a) => a.rule === 'hi');
        },
        15_000,
        `a hi alert of ${id} after its threshold went from 50 to 5`,
      );
      // The bridge opened the alert's event; the server (no bridge of its own) lists it.
      const tookEvent = await waitUntil(
        async () => {
          const res = await api<{ items: { source: { kind: string; sensorId?: string } }[] }>(
            'GET',
            `/api/events?city=${CITY}&limit=100`,
          );
          return res.body.items.some((e) => e.source.kind === 'alert' && e.source.sensorId === id);
        },
        15_000,
        `an event of the hi alert of ${id} through the server`,
      );
      expect(tookEvent).toBeLessThan(15_000);
      console.log(
        `split deployment (external broker): new sensor stored after ${tookNew} ms, new threshold applied after ` +
          `${tookRules} ms (registry polled every 2 s)`,
      );
      await bridge.stop();
    }, 120_000);
  });

  it('on the bridge own embedded broker, a device whose credential the server revokes is disconnected', async () => {
    const mqttPort = await freePort();
    const bridge = await startBridge({ MQTT_PORT: String(mqttPort) });
    const id = `SPLIT-${RUN}-P2`;
    await createSensor(id);
    const cred = await api<{ username: string; password: string }>(
      'POST',
      `/api/devices/${id}/credentials?city=${CITY}`,
    );
    expect(cred.status).toBe(200);
    // The bridge reloads its sensors within a poll; until then its readings are refused, so publish until stored.
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      username: cred.body.username,
      password: cred.body.password,
      clientId: `split-device2-${RUN}`,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    clients.push(device);
    let closed = false;
    device.on('close', () => (closed = true));
    let seq = 0;
    await waitUntil(
      async () => {
        await device.publishAsync(readingTopic(id), JSON.stringify({ ts: Date.now(), value: 3, seq: ++seq }), {
          qos: 1,
        });
        return (await stored(id)) > 0;
      },
      15_000,
      `a reading of ${id} over the embedded broker`,
    );
    expect(closed).toBe(false);
    const revoked = await api('DELETE', `/api/devices/${id}/credentials?city=${CITY}`);
    expect(revoked.status).toBe(200);
    const tookRevoke = await waitUntil(async () => closed, 15_000, `the bridge to disconnect ${id} after revocation`);
    expect(bridge.output()).toMatch(/1 device connection\(s\) with a revoked or rotated credential closed/);
    // The old secret no longer connects.
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
        username: cred.body.username,
        password: cred.body.password,
        clientId: `split-device3-${RUN}`,
        protocolVersion: 4,
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow(/Not authorized|Bad username or password/i);
    console.log(`split deployment (embedded broker): revoked device disconnected after ${tookRevoke} ms`);
  }, 120_000);
});
