/**
 * End-to-end ingest: MQTT in -> validated -> stored (PGlite, in memory) -> rules -> live WebSocket out. The load
 * generator and the WebSocket client ("browser") run as worker threads of the bench process, so everything shares
 * the machine's 2 cores as the target says (bench-worker.ts). Sizes: 200 sensors, batches of 50 readings per
 * message, QoS 0, a threshold crossing every 200 ms (flipping every 100 ms) to time alerts. Stored rows are counted
 * in the store after the run. Durations and rates: BENCH_INGEST_SECONDS (default 20),
 * BENCH_INGEST_RATE (default 20000), BENCH_ALERT_RATE (default 10000). With TEST_MQTT_URL, repeated against that broker.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { CityBundleSchema, type CityBundle, type SensorInput } from '../../core/model/index.js';
import { Bridge } from '../../iot-bridge/bridge.js';
import { DeviceRegistry } from '../../iot-bridge/broker/device-auth.js';
import { startEmbeddedBroker } from '../../iot-bridge/broker/embedded-broker.js';
import { EmbeddedTransport } from '../../iot-bridge/embedded-transport.js';
import { LiveHub } from '../../iot-bridge/live/live-hub.js';
import { MqttTransport } from '../../iot-bridge/mqtt-client.js';
import type { BridgeTransport } from '../../iot-bridge/bridge-transport.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { SqlCityStore } from '../../store/sql-city-store.js';
import { liveDataStores } from '../../store/readings/index.js';
import { makeCityFixture } from '../../tests/helpers/city-fixture.js';
import type { GeneratorResult, GeneratorTask, ProbeResult, ProbeTask } from './bench-worker.js';

const SENSORS = 200;
const BATCH = 50;
const CLIENTS = 4;

function benchCity(): CityBundle {
  const base = makeCityFixture({ cityId: 'bench-city' });
  const sensors: SensorInput[] = Array.from({ length: SENSORS }, (_, i) => ({
    id: `b-${i}`,
    kind: 'level',
    unit: 'm',
    position: base.city.center,
    reportingIntervalS: 1,
    thresholds: { hi: 100, deadband: 1 },
    gridId: null,
  }));
  return CityBundleSchema.parse({ ...base, sensors });
}

const TSX_API = import.meta.resolve('tsx/esm/api');
const WORKER_URL = new URL('./bench-worker.ts', import.meta.url).href;

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** Starts a bench worker thread (tsx loads its TypeScript); resolves when it is connected and ready. */
async function startWorker<R>(task: GeneratorTask | ProbeTask): Promise<{ go(): void; result: Promise<R> }> {
  // Node 20 workers do not inherit tsx's loader: the worker registers it, then imports the TypeScript module.
  const boot = `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: task });
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  let done = false;
  const result = new Promise<R>((resolve, reject) => {
    worker.on('message', (m: { ready?: true; result?: R; error?: string }) => {
      if (m.ready) ready();
      else if (m.error) reject(new Error(m.error));
      else if (m.result) {
        done = true;
        resolve(m.result);
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => done || reject(new Error(`bench worker exited (${code})`)));
  });
  await Promise.race([readyP, result]);
  return { go: () => worker.postMessage('go'), result: result.finally(() => void worker.terminate()) };
}

/** Busy share of all CPUs of the machine (every process, other helpers' included), from /proc/stat. */
function machineCpu(): () => number {
  const read = () => {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3]! + f[4]!, total: f.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  return () => {
    const b = read();
    return Math.round((1 - (b.idle - a.idle) / (b.total - a.total)) * 100);
  };
}

const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function runOnce(
  label: string,
  rate: number,
  seconds: number,
  externalUrl?: string,
): Promise<Record<string, number | string>> {
  const city = benchCity();
  const store = new SqlCityStore(await openPgliteClient());
  await store.migrate();
  await store.saveCity(city);
  const live = liveDataStores(store);
  const devices = new DeviceRegistry('bench-city', live.devices);
  let transport: BridgeTransport;
  let url: string;
  let closeBroker: () => Promise<void> = async () => undefined;
  if (externalUrl) {
    transport = new MqttTransport({
      url: externalUrl,
      clientId: `bench-bridge-${process.pid}`,
      shared: true,
      group: `bench-${process.pid}`,
      sessionExpiryS: 0,
    });
    url = externalUrl;
  } else {
    // Port 0: the embedded broker never collides with a broker already on 1883.
    const broker = await startEmbeddedBroker({
      port: 0,
      host: '127.0.0.1',
      auth: { allowAnonymous: false, services: new Map(), verifyDevice: (id, s) => devices.verify(id, s) },
    });
    transport = new EmbeddedTransport(broker);
    url = `mqtt://127.0.0.1:${broker.port}`;
    closeBroker = () => broker.close();
  }
  const hub = new LiveHub({ tickMs: 50 });
  // The live WebSocket, served as server/routes/live.routes.ts does (the hub writes to the ws socket).
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => hub.connect(ws));
  const bridge = new Bridge({
    cityId: 'bench-city',
    sensors: city.sensors,
    transport,
    readings: live.readings,
    alerts: live.alerts,
    hub,
    retentionDays: 0,
    staleCheckMs: 60_000,
  });
  await bridge.start();
  // Each device publishes its own topic with its own credentials (embedded broker); CLIENTS carry the load, the
  // last sensor only flips over and under its limit.
  const device = async (id: string) =>
    externalUrl ? { id } : { id, username: id, password: await devices.provision(id) };
  const loadDevices = [];
  for (let i = 0; i < CLIENTS; i++) loadDevices.push(await device(`b-${i}`));
  const generator = await startWorker<GeneratorResult>({
    role: 'generator',
    url,
    devices: loadDevices,
    alertDevice: await device(`b-${SENSORS - 1}`),
    protocolVersion: externalUrl ? 5 : 4,
    rate,
    seconds,
    batch: BATCH,
  });
  const wsPort = (wss.address() as { port: number }).port;
  const probe = await startWorker<ProbeResult>({ role: 'probe', wsUrl: `ws://127.0.0.1:${wsPort}` });
  const loadBefore = loadavg();
  const machine = machineCpu();
  const cpu0 = process.cpuUsage();
  let maxQueue = 0;
  const sampler = setInterval(() => (maxQueue = Math.max(maxQueue, bridge.writer.depth)), 50);
  generator.go();
  const gen = await generator.result;
  clearInterval(sampler);
  const storedInWindow = bridge.stats.readingsStored;
  const cpu = process.cpuUsage(cpu0);
  const machineBusy = machine();
  const rss = process.memoryUsage().rss;
  const loadAfter = loadavg();
  // Drain: wait until everything sent is accepted and written.
  const drainStart = Date.now();
  while (Date.now() - drainStart < 30_000) {
    const s = bridge.statsSnapshot();
    if (s.readingsAccepted >= gen.sent && s.queueDepth === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await bridge.writer.flush();
  const drainS = (Date.now() - drainStart) / 1000;
  await new Promise((r) => setTimeout(r, 200)); // the last deltas reach the probe
  probe.go();
  const seen = await probe.result;
  const stored = await live.readings.count('bench-city');
  const stats = bridge.statsSnapshot();
  await bridge.stop();
  hub.close();
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));
  await closeBroker();
  await store.close();
  return {
    [`${label} load average before / after (1, 5, 15 min)`]: `${loadBefore} / ${loadAfter}`,
    [`${label} offered readings/s`]: rate,
    [`${label} sent`]: gen.sent,
    [`${label} stored`]: stored,
    [`${label} lost (sent - stored)`]: gen.sent - stored,
    [`${label} sustained readings/s (stored within the send window)`]: Math.round(storedInWindow / gen.elapsedS),
    [`${label} drain after send, s`]: drainS,
    [`${label} write transactions`]: stats.writeBatches,
    [`${label} largest write queue`]: maxQueue,
    [`${label} live value p50/p99 ms (${seen.values.length} values in ${seen.deltas} deltas)`]: `${pct(seen.values, 50)} / ${pct(seen.values, 99)}`,
    [`${label} alert p50/p99 ms (${seen.alerts.length} of ${gen.crossings} crossings seen)`]: `${pct(seen.alerts, 50)} / ${pct(seen.alerts, 99)}`,
    [`${label} bench process CPU % of one core (bridge + generator + browser threads)`]: Math.round(
      ((cpu.user + cpu.system) / 1e6 / gen.elapsedS) * 100,
    ),
    [`${label} machine CPU busy % (both cores, every process)`]: machineBusy,
    [`${label} RSS MB (in-memory PGlite included)`]: Math.round(rss / 1e6),
  };
}

/** The ingest benchmark: embedded broker (and TEST_MQTT_URL's broker when set) at the ingest and alert rates. */
export async function runIngestBench(): Promise<Record<string, number | string>> {
  const seconds = Number(process.env.BENCH_INGEST_SECONDS ?? 20);
  const rate = Number(process.env.BENCH_INGEST_RATE ?? 20_000);
  const alertRate = Number(process.env.BENCH_ALERT_RATE ?? 10_000);
  console.log(
    `  ${SENSORS} sensors, ${CLIENTS} device connections, batches of ${BATCH}, QoS 0, ${seconds} s per run, PGlite in memory, load generator and WebSocket client as worker threads`,
  );
  const figures: Record<string, number | string> = {};
  Object.assign(figures, await runOnce(`embedded@${rate}`, rate, seconds));
  Object.assign(figures, await runOnce(`embedded@${alertRate}`, alertRate, seconds));
  const external = process.env.TEST_MQTT_URL;
  if (external) {
    Object.assign(figures, await runOnce(`mosquitto@${rate}`, rate, seconds, external));
    Object.assign(figures, await runOnce(`mosquitto@${alertRate}`, alertRate, seconds, external));
  }
  return figures;
}

if (process.argv[1]?.endsWith('ingest.bench.ts')) {
  runIngestBench().then(
    (f) => {
      for (const [k, v] of Object.entries(f)) console.log(`  ${k}: ${v}`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
