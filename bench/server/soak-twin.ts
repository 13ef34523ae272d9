/**
 * The twin of the soak benchmark, in its own process (so its memory figures are its own, not the load generator's):
 * a city of SOAK_SENSORS sensors saved into DATA_DIR, then `startTwin` as `npm start` runs it (embedded PGlite in
 * DATA_DIR, embedded broker, bridge, HTTP server with the live socket; no simulator, no viewer bundle). Talks to the
 * bench over the IPC channel:
 * - sends `{ ready, port, mqttPort, devices }` once serving (devices: provisioned credentials of the load sensors);
 * - answers `{ memory }` to 'memory' (after a full GC when run with --expose-gc, so the heap figure is what is live);
 * - answers `{ stored }` to `{ stored: sensorIds }`: per sensor, a bitmap of the seqs stored (bit i = seq i);
 * - stops on 'stop' (SIGTERM's path: the twin closes its store).
 */
import { loadConfig } from '../../core/config/config.js';
import { CityBundleSchema, type SensorInput } from '../../core/model/index.js';
import { startTwin } from '../../app/startup/start-twin.js';
import { openStore } from '../../store/index.js';
import { sqlClientOf } from '../../store/readings/sql-client-of.js';
import { makeCityFixture } from '../../tests/helpers/city-fixture.js';

const CITY = process.env.CITY!;
const SENSORS = Number(process.env.SOAK_SENSORS ?? 200);
const LOAD_DEVICES = Number(process.env.SOAK_DEVICES ?? 20);

/** Sensor ids of the soak city; the first LOAD_DEVICES carry the load. */
const sensorId = (i: number) => `soak-${i}`;

async function main(): Promise<void> {
  const config = loadConfig();
  const base = makeCityFixture({ cityId: CITY });
  const sensors: SensorInput[] = Array.from({ length: SENSORS }, (_, i) => ({
    id: sensorId(i),
    kind: 'level',
    unit: 'm',
    position: base.city.center,
    reportingIntervalS: 1,
    thresholds: { hi: 100, deadband: 1 },
    gridId: null,
  }));
  const seed = await openStore({ dataDir: config.dataDir });
  await seed.saveCity(CityBundleSchema.parse({ ...base, sensors }));
  await seed.close();
  const twin = await startTwin(config, { log: () => undefined });
  const iot = twin.iot!;
  const devices = [];
  for (let i = 0; i < LOAD_DEVICES + 1; i++) {
    const id = sensorId(i);
    devices.push({ id, username: id, password: await iot.devices.provision(id) });
  }
  const send = (m: unknown) => process.send!(m);
  process.on('message', (m: unknown) => {
    if (m === 'memory') {
      (globalThis as { gc?: () => void }).gc?.();
      const u = process.memoryUsage();
      send({ memory: { rss: u.rss, heapUsed: u.heapUsed, at: Date.now() } });
    } else if (m === 'stop') {
      void twin.stop().then(() => process.exit(0));
    } else if (typeof m === 'object' && m !== null && 'stored' in m) {
      void storedSeqs(twin.store, (m as { stored: string[] }).stored).then((stored) => send({ stored }));
    }
  });
  send({ ready: true, port: twin.port, mqttPort: twin.mqttPort, devices });
}

/** Per sensor, the stored seqs as a bitmap (base64): seqs are 0..n-1 per device, so a bitmap is compact. */
async function storedSeqs(store: Parameters<typeof sqlClientOf>[0], ids: string[]): Promise<Record<string, string>> {
  const db = sqlClientOf(store);
  const out: Record<string, string> = {};
  for (const id of ids) {
    const rows = await db.query<{ seq: string | number }>(
      'SELECT seq FROM readings WHERE city_id = $1 AND sensor_id = $2 AND seq IS NOT NULL',
      [CITY, id],
    );
    let max = -1;
    for (const r of rows) max = Math.max(max, Number(r.seq));
    const bits = Buffer.alloc(Math.ceil((max + 1) / 8));
    for (const r of rows) {
      const s = Number(r.seq);
      bits[s >> 3] = (bits[s >> 3] ?? 0) | (1 << (s & 7));
    }
    out[id] = bits.toString('base64');
  }
  return out;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
