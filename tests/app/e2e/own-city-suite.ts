import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { loadConfig, type Config } from '../../../core/config/config.js';
import { readingTopic } from '../../../core/contracts/mqtt.js';
import type { Event } from '../../../core/model/index.js';
import { openStore } from '../../../store/index.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';
import { startTwin, type RunningTwin } from '../../../app/startup/start-twin.js';
import { readSimulatorDevices } from '../../../iot-bridge/simulator/simulator-devices.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const registry = (name: string) => path.join(fixtures, 'registry', name);
const CITY = 'modena';
const ADMIN_PASSWORD = 'own-city-admin-2026';
const MANAGER = { username: 'rossi.manager', password: 'modena-manager-2026' }; // from modena-users.csv

/** A device's credential as the import's file hands it to the field. */
interface FieldCredential {
  sensorId: string;
  username: string;
  password: string;
  topic: string;
}

function readCredentialsCsv(file: string): FieldCredential[] {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(header).toBe('sensor_id,mqtt_username,mqtt_password,topic');
  return rows.map((row) => {
    const [sensorId, username, password, topic] = row.split(',');
    return { sensorId: sensorId!, username: username!, password: password!, topic: topic! };
  });
}

/** Polls `check` (an API round trip, so not in a tight loop) until it holds; `what` names it on timeout. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The one file in `dir` whose name matches. */
function onlyFile(dir: string, pattern: RegExp): string {
  const files = fs.readdirSync(dir).filter((f) => pattern.test(f));
  expect(files, `files matching ${pattern} in ${dir}`).toHaveLength(1);
  return path.join(dir, files[0]!);
}

/**
 * Where a suite keeps its city: PGlite under the data folder, or a PostgreSQL schema of its own (DATABASE_URL with
 * the schema on its search path, as an operator would point GridTwin at a database of its own).
 */
export interface OwnCityDatabase {
  /** DATABASE_URL for the twin and the imports; '' for the embedded PGlite. */
  databaseUrl(): Promise<string>;
  drop(): Promise<void>;
}

/**
 * A city's own data, end to end, from an empty data folder: the real Modena EPANET network in its projected CRS, a
 * grid file made over it (cells with workers), crews, sensors bound to network nodes and accounts are imported as
 * `npm run tiles -- import` does; the twin is started in-process as `npm start` starts it; a plain MQTT client
 * publishes with the credentials the import wrote; the event, its crew, the manager's close and the KPIs are checked
 * through the HTTP API. Then admin API edits reach the running bridge, and restarts keep every device credential.
 */
export function ownCitySuite(db: OwnCityDatabase): void {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-own-city-'));
  let config: Config;
  let twin: RunningTwin | undefined;
  const clients: mqtt.MqttClient[] = [];
  let base = '';
  const tokens = new Map<string, string>();
  let credentials: FieldCredential[] = [];
  let crewPasswords = new Map<string, string>();

  /** `npm run tiles -- import ARGS` in-process: its own store opened and closed as the CLI does. */
  async function tiles(...argv: string[]): Promise<string> {
    const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
    const lines: string[] = [];
    try {
      const code = await runImportCommand(argv, {
        store,
        log: (l) => lines.push(l),
        now: Date.now,
        dataDir: config.dataDir,
      });
      expect(code, lines.join('\n')).toBe(0);
    } finally {
      await store.close();
    }
    return lines.join('\n');
  }

  async function start(simulate: '0' | '1'): Promise<RunningTwin> {
    const lines: string[] = [];
    config = { ...config, SIMULATE: simulate };
    try {
      twin = await startTwin(config, { log: (l) => lines.push(l), env: { ADMIN_PASSWORD } });
    } catch (err) {
      throw new Error(`the twin did not start: ${(err as Error).message}\n${lines.join('\n')}`, { cause: err });
    }
    base = `http://127.0.0.1:${twin.port}`;
    tokens.clear();
    return twin;
  }

  async function token(username: string, password: string): Promise<string> {
    const known = tokens.get(username);
    if (known) return known;
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(res.status, `login of ${username}`).toBe(200);
    const t = ((await res.json()) as { token: string }).token;
    tokens.set(username, t);
    return t;
  }

  async function api<T>(
    method: string,
    url: string,
    as: { username: string; password: string },
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(as.username, as.password)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  const admin = { username: 'admin', password: ADMIN_PASSWORD };

  /** A plain mqtt.js device (MQTT 3.1.1, as a field device speaks to the embedded broker). */
  async function device(username: string, password: string): Promise<mqtt.MqttClient> {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${twin!.mqttPort}`, {
      username,
      password,
      clientId: `${username}-${Math.random().toString(36).slice(2, 8)}`,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    clients.push(c);
    return c;
  }

  async function publish(c: mqtt.MqttClient, sensorId: string, value: number, ts = Date.now()): Promise<number> {
    await c.publishAsync(readingTopic(sensorId), JSON.stringify({ ts, value }), { qos: 1 });
    return ts;
  }

  async function readingsOf(sensorId: string): Promise<{ ts: number; value: number }[]> {
    const res = await api<{ items: { ts: number; value: number }[] }>(
      'GET',
      `/api/sensors/${sensorId}/readings?city=${CITY}&from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`,
      admin,
    );
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function eventsOfSensor(sensorId: string): Promise<Event[]> {
    const res = await api<{ items: Event[] }>('GET', `/api/events?city=${CITY}&limit=500`, admin);
    expect(res.status).toBe(200);
    return res.body.items.filter((e) => e.source.kind === 'alert' && e.source.sensorId === sensorId);
  }

  beforeAll(async () => {
    const databaseUrl = await db.databaseUrl();
    config = loadConfig({
      DATA_DIR: dataDir,
      CITY,
      PORT: '0',
      MQTT_PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
    });
    // The README's order: network, grids, crews, sensors, accounts.
    await tiles('--city', CITY, '--name', 'Modena', '--crs', 'EPSG:3003', path.join(fixtures, 'epanet', 'Modena.inp'));
    const grids = await tiles(
      '--city',
      CITY,
      '--as',
      'grids',
      '--map',
      'code=GRID_ID,name=NOME,worker=FZR,phone=TEL',
      registry('modena-cells.geojson'),
    );
    expect(grids).toMatch(/saved 12 grids/);
    await tiles('--city', CITY, '--as', 'crews', registry('modena-crews.csv'), registry('modena-crews-area.geojson'));
    const sensors = await tiles('--city', CITY, '--as', 'sensors', registry('modena-sensors.csv'));
    expect(sensors).toMatch(/4 device credentials written once/);
    credentials = readCredentialsCsv(onlyFile(path.join(dataDir, 'credentials'), /^modena-devices-.*\.csv$/));
    await tiles('--city', CITY, '--as', 'users', registry('modena-users.csv'));
    const passwords = fs.readFileSync(onlyFile(path.join(dataDir, 'credentials'), /^modena-users-.*\.csv$/), 'utf8');
    crewPasswords = new Map(
      passwords
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',') as [string, string]),
    );
    await start('0');
  }, 600_000);

  afterAll(async () => {
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    await twin?.stop();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Shared between the steps below (they run in order).
  let sensorId = '';
  let cell: { id: string; code: string; worker: { name: string } | null; crews: { id: string; utility: string }[] };
  let eventId = '';
  let kpisBefore: { found: number; closed: number; foundBySource: { alert: number } };

  it(
    'an out-of-range reading from a plain MQTT client with the imported credentials makes exactly one event, in the ' +
      "sensor's cell, for that cell's worker and a crew of its utility",
    { timeout: 180_000 },
    async () => {
      // The pressure sensor of the cell a crew member of the file serves (so the crew step below has someone).
      const crewUser = 'bianchi.crew';
      const crewOfUser = 'MO-W1'; // modena-users.csv
      const candidates = credentials.filter((c) => c.sensorId.startsWith('MO-P-'));
      expect(candidates.length).toBeGreaterThan(0);
      for (const c of candidates) {
        const s = await api<{ position: [number, number]; utility: string }>(
          'GET',
          `/api/sensors/${c.sensorId}?city=${CITY}`,
          admin,
        );
        expect(s.status).toBe(200);
        const located = await api<{
          cell: { id: string; code: string };
          worker: { name: string } | null;
          crews: { id: string; utility: string }[];
        }>('GET', `/api/grids/locate?city=${CITY}&lon=${s.body.position[0]}&lat=${s.body.position[1]}`, admin);
        expect(located.status).toBe(200);
        if (located.body.crews.some((cr) => cr.id === crewOfUser)) {
          sensorId = c.sensorId;
          cell = { ...located.body.cell, worker: located.body.worker, crews: located.body.crews };
          break;
        }
      }
      expect(sensorId, `a pressure sensor in a cell of crew ${crewOfUser}`).not.toBe('');
      expect(crewPasswords.has(crewUser)).toBe(true);
      kpisBefore = (await api<typeof kpisBefore>('GET', `/api/kpis?city=${CITY}`, admin)).body;

      const sensor = (await api<{ thresholds: { hi: number | null; hihi: number | null } }>(
        'GET',
        `/api/sensors/${sensorId}?city=${CITY}`,
        admin,
      ))!.body;
      const { hi, hihi } = sensor.thresholds;
      expect(hi).not.toBeNull();
      expect(hihi).not.toBeNull();
      const cred = credentials.find((c) => c.sensorId === sensorId)!;
      expect(cred.topic).toBe(readingTopic(sensorId));
      const c = await device(cred.username, cred.password);
      // Above hi, then above hihi: the second rule attaches to the first's event (one incident, one event).
      const t1 = await publish(c, sensorId, (hi! + hihi!) / 2);
      await waitUntil(async () => (await eventsOfSensor(sensorId)).length > 0, 60_000, 'the event of the reading');
      const t2 = await publish(c, sensorId, hihi! * 1.2, t1 + 1000);
      await waitUntil(
        async () => (await eventsOfSensor(sensorId))[0]?.severity === 'critical',
        60_000,
        'the hihi alert on the same event',
      );
      expect((await readingsOf(sensorId)).map((r) => r.ts)).toEqual(expect.arrayContaining([t1, t2]));
      const events = await eventsOfSensor(sensorId);
      expect(events).toHaveLength(1);
      const event = events[0]!;
      eventId = event.id;
      expect(event.gridId).toBe(cell.id);
      // The worker the grid file named for the cell (its FZR column).
      expect(cell.worker?.name).toBeTruthy();
      expect(event.assignedWorker).toBe(cell.worker!.name);
      const crew = cell.crews.find((cr) => cr.id === event.assignedCrewId);
      expect(crew?.utility).toBe('water');
      expect(event.state).toBe('assigned');
    },
  );

  it(
    'a crew of that utility handles it, a manager closes it, and the KPIs count it',
    { timeout: 120_000 },
    async () => {
      expect(eventId).not.toBe('');
      const crew = { username: 'bianchi.crew', password: crewPasswords.get('bianchi.crew')! };
      const move = (as: typeof crew, body: unknown) =>
        api<Event>('POST', `/api/events/${eventId}/transitions`, as, body);
      // The crew sees the event among its own.
      const mine = await api<{ items: Event[] }>('GET', `/api/events?city=${CITY}&state=open`, crew);
      expect(mine.body.items.map((e) => e.id)).toContain(eventId);
      expect((await move(crew, { action: 'start' })).status).toBe(200);
      const resolved = await move(crew, { action: 'resolve', note: 'pressure reducing valve re-set' });
      expect(resolved.status).toBe(200);
      expect(resolved.body.state).toBe('resolved');
      // A crew member may not close; the manager does.
      expect((await move(crew, { action: 'close' })).status).toBe(403);
      const closed = await move(MANAGER, { action: 'close', note: 'checked on site' });
      expect(closed.status).toBe(200);
      expect(closed.body.state).toBe('closed');

      const kpis = (
        await api<
          typeof kpisBefore & {
            resolved: number;
            grids: { gridId: string; found: number; closed: number }[];
          }
        >('GET', `/api/kpis?city=${CITY}`, admin)
      ).body;
      expect(kpis.found).toBe(kpisBefore.found + 1);
      expect(kpis.foundBySource.alert).toBe(kpisBefore.foundBySource.alert + 1);
      expect(kpis.closed).toBe(kpisBefore.closed + 1);
      const line = kpis.grids.find((g) => g.gridId === cell.id);
      expect(line).toMatchObject({ found: 1, closed: 1 });
    },
  );

  it(
    'sensor and threshold edits through the admin API change what the running bridge accepts and the rules it applies',
    { timeout: 180_000 },
    async () => {
      // A new sensor, registered and given a credential through the API, bound to a node of the network.
      const id = 'MO-P-API';
      const created = await api<{ id: string; gridId: string | null }>('POST', `/api/sensors?city=${CITY}`, admin, {
        id,
        kind: 'pressure',
        unit: 'm',
        name: 'Registered through the API',
        node: '10',
        hi: 80,
        reportingIntervalS: 60,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const cred = await api<{ username: string; password: string }>(
        'POST',
        `/api/devices/${id}/credentials?city=${CITY}`,
        admin,
      );
      expect(cred.status).toBe(200);
      const c = await device(cred.body.username, cred.body.password);
      const ts1 = await publish(c, id, 50);
      await waitUntil(async () => (await readingsOf(id)).some((r) => r.ts === ts1), 30_000, 'the new sensor stored');
      expect(await eventsOfSensor(id)).toHaveLength(0);

      // Lower its hi limit: the next reading of the same value is out of range without a restart.
      const th = await api('PUT', `/api/sensors/${id}/thresholds?city=${CITY}`, MANAGER, { hi: 40 });
      expect(th.status, JSON.stringify(th.body)).toBe(200);
      await publish(c, id, 50, ts1 + 1000);
      await waitUntil(async () => (await eventsOfSensor(id)).length === 1, 30_000, 'the event under the new limit');

      // Deleted: its device is disconnected, and its readings are no longer accepted.
      const closedBy = new Promise<void>((resolve) => c.once('close', () => resolve()));
      expect((await api('DELETE', `/api/sensors/${id}?city=${CITY}`, admin)).status).toBe(200);
      await closedBy;
      expect(c.connected).toBe(false);
      // A device with the old secret cannot connect again.
      await expect(device(cred.body.username, cred.body.password)).rejects.toThrow();
    },
  );

  it(
    'restarts keep every device credential (imported, API and simulator ones) and a device still connects',
    { timeout: 600_000 },
    async () => {
      // A sensor without any credential: the simulator provisions it on the next start.
      const simId = 'MO-P-SIM';
      const created = await api('POST', `/api/sensors?city=${CITY}`, admin, {
        id: simId,
        kind: 'pressure',
        unit: 'm',
        node: '120',
        reportingIntervalS: 60,
      });
      expect(created.status).toBe(200);
      await twin!.stop();
      twin = undefined;
      await start('1');
      const simFile = readSimulatorDevices(dataDir);
      expect(simFile?.devices.map((d) => d.sensor.id)).toEqual([simId]);
      const hashes = async () => {
        const devices = liveDataStores(twin!.store).devices;
        const out = new Map<string, string>();
        for (const id of [...credentials.map((c) => c.sensorId), simId])
          out.set(id, (await devices.get(CITY, id))?.hash ?? 'none');
        return out;
      };
      const before = await hashes();
      expect([...before.values()]).not.toContain('none');
      await twin!.stop();
      twin = undefined;

      await start('1');
      expect(await hashes()).toEqual(before);
      expect(readSimulatorDevices(dataDir)!.devices.map((d) => [d.sensor.id, d.secret])).toEqual(
        simFile!.devices.map((d) => [d.sensor.id, d.secret]),
      );
      // The imported device connects with the secret of the file the import wrote, and its reading is stored.
      const cred = credentials.find((c) => c.sensorId.startsWith('MO-P-'))!;
      const c = await device(cred.username, cred.password);
      const ts = await publish(c, cred.sensorId, 1, Date.now());
      await waitUntil(
        async () => (await readingsOf(cred.sensorId)).some((r) => r.ts === ts),
        30_000,
        'a reading after the restart',
      );
      // The simulator's own device too.
      const sim = simFile!.devices[0]!;
      await (await device(simId, sim.secret)).endAsync();
    },
  );
}
