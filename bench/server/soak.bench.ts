/**
 * Soak: the twin (its own process, soak-twin.ts: embedded PGlite on disk, embedded broker, bridge, HTTP server and
 * live socket) under 2x the rated ingest for BENCH_SOAK_SECONDS, with BENCH_SOAK_CLIENTS live WebSocket clients
 * logged in with a token and API load (readings, events, KPIs) at BENCH_SOAK_API_RATE requests a second, all from
 * worker threads of this process. Devices publish ONE reading a message at QoS 1 with their own credentials, so every
 * reading the broker acknowledged is one the twin says it stored: each is looked up by seq afterwards.
 *
 * Prints memory (RSS and live heap after a full GC) once warmed up and at the end of the window (target: flat within
 * 10 %), errors (WebSocket, API, publish, write, rejected; target 0) and acknowledged readings not stored (target 0).
 *
 * Environment: BENCH_SOAK_SECONDS (600), BENCH_SOAK_RATE (2 x RATED_INGEST), BENCH_SOAK_CLIENTS (200),
 * BENCH_SOAK_API_RATE (5), BENCH_SOAK_DEVICES (20).
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestStatsAnswer } from '../../core/contracts/ingest-stats.js';
import { loadavg, machineCpu, percentile, startBenchThread } from '../iot-bridge/bench-threads.js';
import type { BenchDevice, GeneratorResult, GeneratorTask } from '../iot-bridge/bench-worker.js';
import type { SoakClientsResult, SoakClientsTask } from './soak-clients.js';

/**
 * The ingest one twin on PGlite is rated for, readings a second, one reading a message at QoS 1: what
 * `npm run bench -- ingest` has the embedded bridge store on this 2-core machine while it is shared (about 3,500-
 * 6,000/s at a load average of 10-20), with room left for the API and the live clients.
 */
export const RATED_INGEST = 2500;

const MB = 1e6;
const TWIN_URL = fileURLToPath(new URL('./soak-twin.ts', import.meta.url));
const GENERATOR_URL = new URL('../iot-bridge/bench-worker.ts', import.meta.url).href;
const CLIENTS_URL = new URL('./soak-clients.ts', import.meta.url).href;

interface Memory {
  rss: number;
  heapUsed: number;
  at: number;
}

/** The twin's child process and its IPC answers. */
class SoakTwin {
  private readonly waiting: ((m: Record<string, unknown>) => boolean)[] = [];

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: Record<string, unknown>) => {
      const i = this.waiting.findIndex((w) => w(m));
      if (i >= 0) this.waiting.splice(i, 1);
    });
  }

  /** The next message that has `key` (the whole message), within `timeoutMs`; `ask` is sent first. */
  next<T>(key: string, timeoutMs: number, ask?: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the soak twin did not answer ${key} in time`)), timeoutMs);
      const exited = () => reject(new Error(`the soak twin exited (${this.child.exitCode}) before answering ${key}`));
      this.child.once('exit', exited);
      this.waiting.push((m) => {
        if (!(key in m)) return false;
        clearTimeout(timer);
        this.child.off('exit', exited);
        resolve(m as T);
        return true;
      });
      if (ask !== undefined) this.child.send(ask as string | object);
    });
  }

  memory(): Promise<Memory> {
    return this.next<{ memory: Memory }>('memory', 60_000, 'memory').then((m) => m.memory);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send('stop');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

const mb = (m: Memory) => `rss ${(m.rss / MB).toFixed(1)} MB, heap ${(m.heapUsed / MB).toFixed(1)} MB`;
const change = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`;

/** The soak benchmark. */
export async function runSoakBench(): Promise<Record<string, number | string>> {
  const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
  const rate = Number(process.env.BENCH_SOAK_RATE ?? 2 * RATED_INGEST);
  const clients = Number(process.env.BENCH_SOAK_CLIENTS ?? 200);
  const apiRate = Number(process.env.BENCH_SOAK_API_RATE ?? 5);
  const devicesN = Number(process.env.BENCH_SOAK_DEVICES ?? 20);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-soak-'));
  const adminPassword = crypto.randomBytes(12).toString('hex');
  console.log(
    `  ${seconds} s at ${rate} readings/s (2 x ${RATED_INGEST} rated unless BENCH_SOAK_RATE), one reading a message, ` +
      `QoS 1, ${devicesN} devices; ${clients} live clients; API ${apiRate} req/s; twin in its own process, PGlite on disk`,
  );
  const twin = new SoakTwin(
    fork(TWIN_URL, [], {
      // BENCH_SOAK_PROFILE=DIR: a CPU profile of the twin (node --cpu-prof), written when it stops.
      execArgv: [
        '--import',
        'tsx',
        '--expose-gc',
        ...(process.env.BENCH_SOAK_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SOAK_PROFILE}`] : []),
      ],
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        MQTT_PORT: '0',
        HOST: '127.0.0.1',
        CITY: 'soak-city',
        SIMULATE: '0',
        MQTT_URL: '',
        DATABASE_URL: '',
        ADMIN_PASSWORD: adminPassword,
        LOG_LEVEL: 'warn',
        SOAK_DEVICES: String(devicesN),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  try {
    const ready = await twin.next<TwinReady>('ready', 600_000);
    return await soak(twin, ready, { seconds, rate, clients, apiRate, adminPassword });
  } finally {
    await twin.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface SoakSettings {
  seconds: number;
  rate: number;
  clients: number;
  apiRate: number;
  adminPassword: string;
}

/** What soak-twin.ts says once it serves. */
interface TwinReady {
  port: number;
  mqttPort: number;
  /** Provisioned devices: the load devices, then the alert device. */
  devices: BenchDevice[];
}

async function soak(twin: SoakTwin, info: TwinReady, s: SoakSettings): Promise<Record<string, number | string>> {
  const base = `http://127.0.0.1:${info.port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: s.adminPassword }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const loadDevices = info.devices.slice(0, -1);
  const clientsTask: SoakClientsTask = {
    base,
    token,
    clients: s.clients,
    apiRate: s.apiRate,
    sensorIds: loadDevices.map((d) => d.id),
  };
  const users = await startBenchThread<SoakClientsResult>(CLIENTS_URL, clientsTask);
  const genTask: GeneratorTask = {
    role: 'generator',
    url: `mqtt://127.0.0.1:${info.mqttPort}`,
    devices: loadDevices,
    alertDevice: info.devices.at(-1)!,
    protocolVersion: 4,
    qos: 1,
    rate: s.rate,
    seconds: s.seconds,
    batch: 1,
    ackWaitMs: 120_000,
  };
  const gen = await startBenchThread<GeneratorResult>(GENERATOR_URL, genTask);
  const load0 = loadavg();
  const cpu = machineCpu();
  const t0 = Date.now();
  gen.go();
  users.go();
  // Start figure once warmed up (JIT, pools, the first batches), end figure just before the window closes.
  const warmS = Math.min(30, s.seconds * 0.1);
  await new Promise((r) => setTimeout(r, warmS * 1000));
  const memStart = await twin.memory();
  const trace: string[] = [];
  const traceTimer = setInterval(
    () =>
      void twin.memory().then(
        (m) => trace.push(`${Math.round((m.at - t0) / 1000)} s: ${mb(m)}`),
        () => undefined,
      ),
    Math.max(10_000, (s.seconds * 1000) / 10),
  );
  await new Promise((r) => setTimeout(r, Math.max(0, t0 + (s.seconds - 2) * 1000 - Date.now())));
  clearInterval(traceTimer);
  const memEnd = await twin.memory();
  const busy = cpu();
  const g = await gen.result;
  users.send('stop');
  const u = await users.result;
  const stats = (await (
    await fetch(`${base}/api/ingest/stats`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as IngestStatsAnswer;
  const { stored } = await twin.next<{ stored: Record<string, string> }>('stored', 300_000, {
    stored: Object.keys(g.ackedSeqs),
  });
  let lost = 0;
  for (const [id, seqs] of Object.entries(g.ackedSeqs)) {
    const bits = Buffer.from(stored[id] ?? '', 'base64');
    for (const seq of seqs) if (((bits[seq >> 3] ?? 0) & (1 << (seq & 7))) === 0) lost++;
  }
  const ingestErrors =
    stats.bridge === 'in-process' ? stats.writeErrors + stats.rejectedTotal : 'bridge not in the twin process';
  const errors =
    u.wsErrors.length + u.apiErrors.length + g.errors + (typeof ingestErrors === 'number' ? ingestErrors : 0);
  const examples = [...u.wsErrors, ...u.apiErrors].slice(0, 5);
  return {
    'load average before / after (1, 5, 15 min)': `${load0} / ${loadavg()}`,
    'machine CPU busy % (both cores, every process)': busy,
    'readings sent / acknowledged': `${g.sent} / ${g.acked}`,
    'readings/s acknowledged (stored) over the window': Math.round(g.acked / g.elapsedS),
    'acknowledged readings not stored (lost)': lost,
    [`memory once warm (${warmS.toFixed(0)} s)`]: mb(memStart),
    [`memory at the end (${s.seconds - 2} s)`]: mb(memEnd),
    'memory change start -> end (RSS, heap)': `${change(memStart.rss, memEnd.rss)}, ${change(memStart.heapUsed, memEnd.heapUsed)}`,
    'memory trace': trace.length > 0 ? `\n    ${trace.join('\n    ')}` : 'none',
    'live clients opened / open at the end': `${u.wsOpened} / ${u.wsOpenAtEnd}`,
    'live messages received (all clients)': u.wsMessages,
    'API requests': u.apiRequests,
    'API latency p50 / p99 ms': `${percentile(u.apiLatenciesMs, 50).toFixed(0)} / ${percentile(u.apiLatenciesMs, 99).toFixed(0)}`,
    'errors (WebSocket, API, publish, write + rejected)': `${errors} (${u.wsErrors.length}, ${u.apiErrors.length}, ${g.errors}, ${ingestErrors})`,
    ...(examples.length > 0 ? { 'first errors': examples.join(' | ') } : {}),
    'targets (memory flat within 10 %, 0 errors, 0 lost)': [
      Math.abs(memEnd.rss - memStart.rss) / memStart.rss <= 0.1 &&
      Math.abs(memEnd.heapUsed - memStart.heapUsed) / memStart.heapUsed <= 0.1
        ? 'memory ok'
        : 'memory NOT FLAT',
      errors === 0 ? 'errors ok' : 'ERRORS',
      lost === 0 ? 'lost ok' : 'LOST',
    ].join(', '),
  };
}
