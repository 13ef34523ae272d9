/**
 * End-to-end ingest against the raw broker, in the same run: for each broker (bench-brokers.ts) and QoS 0 and 1,
 * first a raw counting subscriber (an mqtt.js client that only counts), then the bridge (MQTT in -> validated ->
 * stored in PGlite, in memory, on its worker thread as in the twin or in-process -> rules -> live WebSocket out), both fed by the same load generator: ONE reading a
 * message by default (BENCH_INGEST_BATCH packs more, which hides the per-message cost), 4 device connections, each
 * with its own seq. Then, per broker, the bridge at the alert rate with a threshold crossing every 200 ms, timed from
 * the device's publish to the alert on the live WebSocket.
 *
 * Figures per phase: readings/s taken within the send window (raw: received; bridge: stored), the ratio bridge/raw,
 * readings lost (QoS 1: seqs the broker acknowledged to the device that were never received / stored; QoS 0, where
 * nothing is acknowledged: sent - received / stored), the load average. Generator, WebSocket client and the raw or
 * bridge side share the bench process (worker threads) and the machine's cores; the broker is in-process (aedes) or
 * its own process (Mosquitto).
 *
 * Environment: BENCH_INGEST_SECONDS (5) per phase, BENCH_INGEST_RATE (20000) offered readings/s, BENCH_ALERT_RATE
 * (10000; 0 skips the alert phases), BENCH_INGEST_BATCH (1), BENCH_INGEST_QOS (0,1), BENCH_INGEST_BROKERS (all:
 * embedded,mosquitto-default,mosquitto-reference), BENCH_INGEST_PGLITE (worker; in-process; worker,in-process runs
 * each bridge phase both ways in the same run).
 */
import type { AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { WebSocketServer } from 'ws';
import { CityBundleSchema, type CityBundle, type SensorInput } from '../../core/model/index.js';
import { readingTopic } from '../../core/contracts/mqtt.js';
import { Bridge } from '../../iot-bridge/bridge.js';
import { LiveHub } from '../../iot-bridge/live/live-hub.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { openPgliteWorkerClient } from '../../store/pglite-worker-client.js';
import { SqlCityStore } from '../../store/sql-city-store.js';
import { liveDataStores, type LiveDataStores } from '../../store/readings/index.js';
import type { SqlClient } from '../../store/sql-client.js';
import { makeCityFixture } from '../../tests/helpers/city-fixture.js';
import { benchBrokers, type BenchBroker, type PhaseBroker } from './bench-brokers.js';
import { loadavg, machineCpu, percentile, startBenchThread, waitSettled } from './bench-threads.js';
import type { GeneratorResult, GeneratorTask, ProbeResult, ProbeTask } from './bench-worker.js';

const SENSORS = 200;
const CLIENTS = 4;
const CITY = 'bench-city';
const WORKER_URL = new URL('./bench-worker.ts', import.meta.url).href;

/** Where the bridge's PGlite runs: on a worker thread of its own (as in the twin) or on the bridge's thread. */
type PgliteMode = 'worker' | 'in-process';

interface Settings {
  seconds: number;
  rate: number;
  alertRate: number;
  batch: number;
  qos: (0 | 1)[];
  pglite: PgliteMode[];
}

const openPglite = (mode: PgliteMode): Promise<SqlClient> =>
  mode === 'worker' ? openPgliteWorkerClient() : openPgliteClient();

/** The bench city: SENSORS level sensors named `<prefix>-<i>` (a prefix per phase: no phase sees another's topics). */
function benchCity(prefix: string): CityBundle {
  const base = makeCityFixture({ cityId: CITY });
  const sensors: SensorInput[] = Array.from({ length: SENSORS }, (_, i) => ({
    id: `${prefix}-${i}`,
    kind: 'level',
    unit: 'm',
    position: base.city.center,
    reportingIntervalS: 1,
    thresholds: { hi: 100, deadband: 1 },
    gridId: null,
  }));
  return CityBundleSchema.parse({ ...base, sensors });
}

/** Everything one phase runs on: a fresh in-memory store, the broker, the generator (not started yet). */
interface Phase {
  city: CityBundle;
  client: SqlClient;
  store: SqlCityStore;
  live: LiveDataStores;
  broker: PhaseBroker;
  loadIds: string[];
  alertId: string;
  close(): Promise<void>;
}

let phaseNo = 0;

async function openPhase(kind: BenchBroker, mode: PgliteMode = 'in-process'): Promise<Phase> {
  const prefix = `bp${process.pid.toString(36)}x${phaseNo++}`;
  const city = benchCity(prefix);
  const client = await openPglite(mode);
  const store = new SqlCityStore(client);
  await store.migrate();
  await store.saveCity(city);
  const live = liveDataStores(store);
  const broker = await kind.phase(CITY, live.devices);
  const ids = city.sensors.map((s) => s.id);
  return {
    city,
    client,
    store,
    live,
    broker,
    loadIds: ids.slice(0, CLIENTS),
    alertId: ids[SENSORS - 1]!,
    async close() {
      await broker.close();
      await store.close();
    },
  };
}

async function startGenerator(p: Phase, s: Settings, qos: 0 | 1, rate: number) {
  const devices = [];
  for (const id of p.loadIds) devices.push(await p.broker.device(id));
  const task: GeneratorTask = {
    role: 'generator',
    url: p.broker.url,
    devices,
    alertDevice: await p.broker.device(p.alertId),
    protocolVersion: p.broker.protocolVersion,
    qos,
    rate,
    seconds: s.seconds,
    batch: s.batch,
    ackWaitMs: 60_000,
  };
  return startBenchThread<GeneratorResult>(WORKER_URL, task);
}

/** Readings counted within the send window: sampled when the window ends, by this thread's clock. */
function windowSampler(seconds: number, sample: () => number): { start(): void; result: Promise<number> } {
  let resolve!: (rate: number) => void;
  const result = new Promise<number>((r) => (resolve = r));
  return {
    start() {
      const t0 = performance.now();
      setTimeout(() => resolve(sample() / ((performance.now() - t0) / 1000)), seconds * 1000);
    },
    result,
  };
}

interface PhaseFigures {
  rate: number;
  sent: number;
  acked: number;
  taken: number;
  lost: number;
  load: string;
  machineCpu: number;
  /** CPU time of this (the main) thread per reading taken, us: what the raw or bridge side costs, whatever the load. */
  cpuUsPerReading: number;
  extra: Record<string, number | string>;
}

/** A raw mqtt.js subscriber that only counts the bench's messages. */
async function rawPhase(kind: BenchBroker, s: Settings, qos: 0 | 1): Promise<PhaseFigures> {
  const p = await openPhase(kind);
  try {
    const sub = await mqtt.connectAsync(p.broker.url, {
      protocolVersion: p.broker.protocolVersion,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      clean: true,
      ...(p.broker.reader.username ? { username: p.broker.reader.username, password: p.broker.reader.password } : {}),
    });
    let received = 0;
    sub.on('message', () => received++);
    await sub.subscribeAsync(
      [...p.loadIds, p.alertId].map((id) => readingTopic(id)),
      { qos },
    );
    const gen = await startGenerator(p, s, qos, s.rate);
    const load0 = loadavg();
    const cpu = machineCpu();
    const window = windowSampler(s.seconds, () => received);
    const thread0 = threadCpuMs();
    gen.go();
    window.start();
    const rate = await window.result;
    const busy = cpu();
    const g = await gen.result;
    const expected = qos === 1 ? g.acked : g.sent;
    // Drain: what the broker still holds for the subscriber arrives (or stops arriving).
    await waitSettled(
      () => received >= expected,
      () => received,
      2000,
      60_000,
    );
    const threadMs = threadCpuMs() - thread0;
    await sub.endAsync(true);
    return {
      rate,
      sent: g.sent,
      acked: g.acked,
      taken: received,
      lost: Math.max(0, expected - received),
      load: `${load0} / ${loadavg()}`,
      machineCpu: busy,
      cpuUsPerReading: (threadMs * 1000) / Math.max(1, received),
      extra: {},
    };
  } finally {
    await p.close();
  }
}

/** Stored seqs of the phase's sensors, and how many acknowledged seqs are missing from them. */
async function ackedNotStored(p: Phase, g: GeneratorResult): Promise<number> {
  const rows = await p.client.query<{ sensor_id: string; seq: string | number }>(
    'SELECT sensor_id, seq FROM readings WHERE city_id = $1',
    [CITY],
  );
  const stored = new Map<string, Set<number>>();
  for (const r of rows) {
    let set = stored.get(r.sensor_id);
    if (!set) stored.set(r.sensor_id, (set = new Set()));
    set.add(Number(r.seq));
  }
  let missing = 0;
  for (const [id, seqs] of Object.entries(g.ackedSeqs)) {
    const set = stored.get(id);
    for (const seq of seqs) if (!set?.has(seq)) missing++;
  }
  return missing;
}

/** The bridge on the phase's broker, with a live WebSocket client timing values and alerts. */
async function bridgePhase(
  kind: BenchBroker,
  s: Settings,
  qos: 0 | 1,
  rate: number,
  mode: PgliteMode,
): Promise<PhaseFigures> {
  const p = await openPhase(kind, mode);
  const hub = new LiveHub({ tickMs: 50 });
  // The live WebSocket, served as server/routes/live.routes.ts does (the hub writes to the ws socket).
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => hub.connect(ws));
  const bridge = new Bridge({
    cityId: CITY,
    sensors: p.city.sensors,
    transport: p.broker.transport(),
    readings: p.live.readings,
    alerts: p.live.alerts,
    hub,
    retentionDays: 0,
    staleCheckMs: 60_000,
  });
  try {
    await bridge.start();
    const gen = await startGenerator(p, s, qos, rate);
    const probeTask: ProbeTask = {
      role: 'probe',
      wsUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    };
    const probe = await startBenchThread<ProbeResult>(WORKER_URL, probeTask);
    const load0 = loadavg();
    const cpu = machineCpu();
    let maxQueue = 0;
    const sampler = setInterval(() => (maxQueue = Math.max(maxQueue, bridge.writer.depth)), 50);
    const window = windowSampler(s.seconds, () => bridge.stats.readingsStored);
    const thread0 = threadCpuMs();
    gen.go();
    window.start();
    const taken = await window.result;
    const busy = cpu();
    const g = await gen.result;
    clearInterval(sampler);
    // Drain: everything the broker passed on is written and acknowledged (or nothing moves any more).
    const drain0 = Date.now();
    await waitSettled(
      () => {
        const st = bridge.statsSnapshot();
        return st.readingsAccepted >= (qos === 1 ? g.acked : g.sent) && st.queueDepth === 0 && st.acksPending === 0;
      },
      () => bridge.stats.messages + bridge.stats.readingsStored,
      2000,
      60_000,
    );
    await bridge.writer.flush();
    const threadMs = threadCpuMs() - thread0;
    const drainS = (Date.now() - drain0) / 1000;
    await new Promise((r) => setTimeout(r, 200)); // the last deltas reach the probe
    probe.go();
    const seen = await probe.result;
    const stored = await p.live.readings.count(CITY);
    const lost = qos === 1 ? await ackedNotStored(p, g) : Math.max(0, g.sent - stored);
    const st = bridge.statsSnapshot();
    return {
      rate: taken,
      sent: g.sent,
      acked: g.acked,
      taken: stored,
      lost,
      load: `${load0} / ${loadavg()}`,
      machineCpu: busy,
      cpuUsPerReading: (threadMs * 1000) / Math.max(1, stored),
      extra: {
        'drain after the window, s': drainS,
        'write transactions': st.writeBatches,
        'largest write queue': maxQueue,
        'seq gaps seen': st.gaps?.missingReadings ?? 'n/a',
        'broker dropped ($SYS, broker-wide)': st.brokerDropped ?? 'n/a',
        [`live value p50/p99 ms (${seen.values.length} values)`]: `${percentile(seen.values, 50)} / ${percentile(seen.values, 99)}`,
        [`alert p50/p99 ms (${seen.alerts.length} of ${g.crossings} crossings)`]: `${percentile(seen.alerts, 50)} / ${percentile(seen.alerts, 99)}`,
        alertP99: percentile(seen.alerts, 99),
        alertsSeen: seen.alerts.length,
        crossings: g.crossings,
        'RSS MB (in-memory PGlite and its thread included)': Math.round(process.memoryUsage().rss / 1e6),
      },
    };
  } finally {
    await bridge.stop().catch(() => undefined);
    hub.close();
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    await p.close();
  }
}

const round = (x: number) => Math.round(x);

/** Bounds a phase (a broker that stops answering must not hang the whole run), naming it when it fails. */
async function bounded<T>(name: string, work: Promise<T>, ms = 300_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`phase ${name} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** CPU time of the calling thread, ms (the raw subscriber and the bridge run on the main thread). */
const threadCpuMs = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Storage alone: CPU of this thread per reading for ReadingsStore.insert in batches of 1000 (what the bridge's writer
 * sends) into a fresh in-memory PGlite: the share of the bridge's per-reading cost that is the database's. With PGlite
 * on its worker, what remains here is sending the batch and taking the answer; `wallUs` is the wall time per reading.
 */
async function storageCost(mode: PgliteMode): Promise<{ cpuUs: number; wallUs: number }> {
  const client = await openPglite(mode);
  const store = new SqlCityStore(client);
  try {
    await store.migrate();
    const city = benchCity('st');
    await store.saveCity(city);
    const live = liveDataStores(store);
    const ids = city.sensors.slice(0, CLIENTS).map((x) => x.id);
    let seq = 0;
    const batch = () =>
      Array.from({ length: 1000 }, (_, i) => ({ sensorId: ids[i % CLIENTS]!, ts: Date.now(), value: 50, seq: seq++ }));
    for (let b = 0; b < 5; b++) await live.readings.insert(CITY, batch(), Date.now()); // warm-up
    const c0 = threadCpuMs();
    const t0 = performance.now();
    let n = 0;
    for (let b = 0; b < 30; b++) n += await live.readings.insert(CITY, batch(), Date.now());
    return { cpuUs: ((threadCpuMs() - c0) * 1000) / n, wallUs: ((performance.now() - t0) * 1000) / n };
  } finally {
    await store.close();
  }
}

/** The ingest benchmark: raw subscriber vs bridge on each broker, QoS 0 and 1, then alert latency at the alert rate. */
export async function runIngestBench(): Promise<Record<string, number | string>> {
  const s: Settings = {
    seconds: Number(process.env.BENCH_INGEST_SECONDS ?? 5),
    rate: Number(process.env.BENCH_INGEST_RATE ?? 20_000),
    alertRate: Number(process.env.BENCH_ALERT_RATE ?? 10_000),
    batch: Number(process.env.BENCH_INGEST_BATCH ?? 1),
    qos: (process.env.BENCH_INGEST_QOS ?? '0,1').split(',').map((q) => (q.trim() === '1' ? 1 : 0)),
    pglite: (process.env.BENCH_INGEST_PGLITE ?? 'worker')
      .split(',')
      .map((m): PgliteMode => (m.trim() === 'in-process' ? 'in-process' : 'worker')),
  };
  const brokers = await benchBrokers();
  console.log(
    `  ${CLIENTS} device connections, ${s.batch} reading(s) a message, ${s.rate}/s offered, ${s.seconds} s a phase, ` +
      `PGlite in memory (fresh each phase; bridge runs with it ${s.pglite.map((m) => (m === 'worker' ? 'on its worker thread' : 'in-process')).join(', then ')}), ` +
      `generator and WebSocket client as worker threads of this process`,
  );
  for (const b of brokers) console.log(`  broker ${b.name}: ${b.description}`);
  const figures: Record<string, number | string> = {};
  const verdicts: string[] = [];
  /** A bridge phase that fails (or outlasts its bound) is a verdict of its own; the other phases still run. */
  const failed = async <T>(label: string, work: Promise<T>): Promise<T | null> => {
    try {
      return await work;
    } catch (err) {
      verdicts.push(`${label}: FAILED (${(err as Error).message}; load ${loadavg()})`);
      console.log(`  .. ${verdicts.at(-1)}`);
      return null;
    }
  };
  for (const mode of s.pglite) {
    const cost = await storageCost(mode);
    figures[`storage alone, PGlite ${mode}: main-thread CPU / wall us per reading (in memory, 1000 a transaction)`] =
      `${cost.cpuUs.toFixed(1)} / ${cost.wallUs.toFixed(1)}`;
  }
  try {
    for (const b of brokers) {
      for (const qos of s.qos) {
        const label = `${b.name} QoS ${qos}`;
        const raw = await bounded(`${label} raw`, rawPhase(b, s, qos));
        figures[`${label} raw subscriber readings/s (sent ${raw.sent}, received ${raw.taken})`] = round(raw.rate);
        const lostWhat = qos === 1 ? 'acknowledged, not' : 'sent (not acknowledged at QoS 0), not';
        figures[`${label} raw: ${lostWhat} received`] = raw.lost;
        figures[`${label} raw: main-thread CPU us per reading`] = raw.cpuUsPerReading.toFixed(1);
        figures[`${label} raw: load average (1, 5, 15 min, before / after)`] = raw.load;
        figures[`${label} raw: machine CPU busy % (both cores)`] = raw.machineCpu;
        for (const mode of s.pglite) {
          const bl = `${label} bridge (PGlite ${mode})`;
          const br = await failed(bl, bounded(bl, bridgePhase(b, s, qos, s.rate, mode)));
          if (br === null) continue;
          const ratio = br.rate / raw.rate;
          figures[`${bl} readings/s stored (sent ${br.sent}, stored ${br.taken})`] = round(br.rate);
          figures[`${bl} ratio bridge / raw`] = ratio.toFixed(2);
          figures[`${bl} main-thread CPU us per reading (raw ${raw.cpuUsPerReading.toFixed(1)})`] =
            br.cpuUsPerReading.toFixed(1);
          figures[`${bl}: ${lostWhat} stored`] = br.lost;
          if (qos === 1) figures[`${bl} acknowledged by the broker (raw / bridge)`] = `${raw.acked} / ${br.acked}`;
          for (const [k, v] of Object.entries(br.extra))
            if (k !== 'alertP99' && k !== 'alertsSeen' && k !== 'crossings') figures[`${bl} ${k}`] = v;
          figures[`${bl} load average (1, 5, 15 min, before / after)`] = br.load;
          figures[`${bl} machine CPU busy % (both cores)`] = br.machineCpu;
          verdicts.push(
            `${bl}: ratio ${ratio.toFixed(2)} ${ratio >= 0.8 ? 'ok' : 'BELOW 0.8'}` +
              (qos === 1 ? `, acknowledged lost ${br.lost} ${br.lost === 0 ? 'ok' : 'LOST'}` : ''),
          );
          console.log(`  .. ${verdicts.at(-1)}`);
        }
      }
      for (const qos of s.alertRate > 0 ? s.qos : []) {
        for (const mode of s.pglite) {
          const label = `${b.name} QoS ${qos} @${s.alertRate}/s (PGlite ${mode})`;
          const al = await failed(label, bounded(label, bridgePhase(b, s, qos, s.alertRate, mode)));
          if (al === null) continue;
          const p99 = al.extra.alertP99 as number;
          const alertKey = Object.keys(al.extra).find((k) => k.startsWith('alert p50'))!;
          figures[`${label} bridge readings/s stored`] = round(al.rate);
          figures[`${label} bridge ${alertKey}`] = al.extra[alertKey]!;
          figures[`${label} bridge main-thread CPU us per reading`] = al.cpuUsPerReading.toFixed(1);
          figures[`${label} lost (${qos === 1 ? 'acknowledged' : 'sent'}, not stored)`] = al.lost;
          figures[`${label} load average (before / after)`] = al.load;
          const allSeen = al.extra.alertsSeen === al.extra.crossings;
          verdicts.push(
            `${label}: alert p99 ${p99} ms ${p99 <= 50 ? 'ok' : 'ABOVE 50 ms'}${allSeen ? '' : ` (${al.extra.alertsSeen} of ${al.extra.crossings} alerts seen)`}`,
          );
          console.log(`  .. ${verdicts.at(-1)}`);
        }
      }
    }
  } finally {
    for (const b of brokers) await b.close();
  }
  figures['targets (ratio >= 0.8, 0 acknowledged lost, alert p99 <= 50 ms)'] = `\n    ${verdicts.join('\n    ')}`;
  return figures;
}
