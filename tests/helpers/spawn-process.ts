import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { forgetGroup, groupAlive, recordGroup, signalGroup, testRunDir } from './process-registry.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A free TCP port on 127.0.0.1 (bound and released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A child process (the leader of its own process group) with its output collected. */
export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the output matches `pattern`; rejects when the process exits first or after `timeoutMs`. */
  waitFor: (pattern: RegExp, timeoutMs: number) => Promise<string>;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /**
   * Stops the whole process group, whatever it started: `signal` (SIGTERM by default) to every process of the
   * group, SIGKILL to what is left after `graceMs`, and resolves with the leader's exit code once the group is gone.
   */
  stop: (signal?: NodeJS.Signals, graceMs?: number) => Promise<number | null>;
}

/** How long a stopped group may take to end on SIGTERM before it is killed (a busy 2-core machine is slow). */
export const STOP_GRACE_MS = 30_000;

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Starts `command args` from the repository root in a process group of its own, recorded for the global teardown, so
 * that `stop` (or the end of the test worker) reaches every process it starts: grandchildren too.
 */
export function spawnProcess(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  options: {
    cwd?: string;
    /**
     * Write the output to this file instead of a pipe to the test worker, and let the group outlive the worker (a
     * process shared by the run, stopped by the global teardown): a pipe would break when the worker exits.
     */
    sharedLogFile?: string;
  } = {},
): RunningProcess {
  const log = options.sharedLogFile === undefined ? null : fs.openSync(options.sharedLogFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: log === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', log, log],
    detached: true,
  });
  if (log !== null) {
    fs.closeSync(log);
    child.unref();
  }
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
  recordGroup(pgid, [command, ...args].join(' '), log !== null);
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    // Colour codes off: vite prints the port in bold (`127.0.0.1:\x1b[1m5173`) even to a pipe under CI.
    text += stripVTControlCharacters(chunk.toString('utf8'));
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  if (options.sharedLogFile !== undefined) {
    // The output goes to a file: read what is new a few times a second while anyone waits for it.
    const file = options.sharedLogFile;
    let read = 0;
    const poll = setInterval(() => {
      if (listeners.size === 0) return;
      const size = fs.statSync(file).size;
      if (size <= read) return;
      const fd = fs.openSync(file, 'r');
      const chunk = Buffer.alloc(size - read);
      fs.readSync(fd, chunk, 0, chunk.length, read);
      fs.closeSync(fd);
      read = size;
      onData(chunk);
    }, 250);
    poll.unref();
  }
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      // A process that ends on its own and leaves nothing behind needs no stop.
      if (!groupAlive(pgid)) forgetGroup(pgid);
      resolve(code);
    }),
  );
  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(text);
        if (m) {
          cleanup();
          resolve(m[0]);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${text}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      void exited.then((code) => {
        if (listeners.has(check)) {
          cleanup();
          reject(new Error(`process exited (${code}) before ${pattern}; output:\n${text}`));
        }
      });
      listeners.add(check);
      check();
    });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = STOP_GRACE_MS) => {
    const leaderDone = () => child.exitCode !== null || child.signalCode !== null;
    signalGroup(pgid, signal);
    if (!(await until(() => leaderDone() && !groupAlive(pgid), graceMs))) {
      signalGroup(pgid, 'SIGKILL');
      if (!(await until(() => leaderDone() && !groupAlive(pgid), 30_000)))
        throw new Error(`process group ${pgid} (${command} ${args.join(' ')}) is still alive after SIGKILL`);
    }
    forgetGroup(pgid);
    return exited;
  };
  return { child, output: () => text, waitFor, exited, stop };
}

/**
 * Starts a TypeScript entry point from the repository root with extra environment variables: one node process with
 * tsx as its loader (not tsx's command-line wrapper, whose child would outlive a signal sent to the wrapper).
 */
export function runTsx(
  entry: string,
  args: string[],
  env: Record<string, string>,
  options: { sharedLogFile?: string } = {},
): RunningProcess {
  return spawnProcess(process.execPath, ['--import', 'tsx', entry, ...args], env, options);
}

/** A running `npm start` (app/main.ts) on its own ports and data directory. */
export interface RunningTwin {
  process: RunningProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Port of its embedded MQTT broker on 127.0.0.1. */
  mqttPort: number;
}

/**
 * The admin password of the prepared data directory (`preparedTwinData`). A twin started from it has this admin;
 * `startTwin` with any other ADMIN_PASSWORD builds its data directory from scratch.
 */
export const TWIN_ADMIN_PASSWORD = 'gridtwin-test-admin-2026';

/** The environment of `npm start` on free ports, embedded database in `dataDir`, demo city, production viewer. */
async function twinEnv(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ port: number; env: Record<string, string> }> {
  const port = await freePort();
  const mqttPort = await freePort();
  return {
    port,
    env: {
      DATA_DIR: dataDir,
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      MQTT_URL: '',
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      CITY: '',
      // vitest sets NODE_ENV=test, which would build the viewer in development mode; run what npm start ships.
      NODE_ENV: 'production',
      // The browser tests drive the viewer through window.gridtwin: a bundle with test handles.
      VIEWER_TEST_HOOKS: '1',
      ...env,
    },
  };
}

const RUNNING = /GridTwin is running at http:\/\/localhost:\d+/;

/** Takes a lock folder shared by every test worker of the run; a lock whose owner died is taken over. */
export async function withRunLock<T>(name: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const lock = path.join(testRunDir(), `${name}.lock`);
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      // The owner writes its pid just after taking the lock: no pid yet (0) means "being taken", not "abandoned".
      let owner: number;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')) || 0;
      } catch {
        owner = 0;
      }
      let ownerAlive = owner > 0;
      try {
        if (owner > 0) process.kill(owner, 0);
      } catch {
        ownerAlive = false;
      }
      if (owner > 0 && !ownerAlive) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for the lock ${lock}`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A data directory as a first `npm start` leaves it (viewer bundle, demo city, 3D Tiles, admin with
 * TWIN_ADMIN_PASSWORD), built once per test run and shared by every test worker: a first start takes minutes on a
 * busy two-core machine, a start on a copy of it well under one. Resolves with the folder, never to be written to.
 */
export async function preparedTwinData(): Promise<string> {
  const dir = path.join(testRunDir(), 'twin-data');
  const ready = path.join(testRunDir(), 'twin-data.ready');
  if (fs.existsSync(ready)) return dir;
  return withRunLock('twin-data', 900_000, async () => {
    if (fs.existsSync(ready)) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    const { env } = await twinEnv(dir, { SIMULATE: '0', ADMIN_PASSWORD: TWIN_ADMIN_PASSWORD });
    const first = runTsx('app/main.ts', [], env);
    try {
      await first.waitFor(RUNNING, 600_000);
    } catch (err) {
      await first.stop('SIGKILL');
      throw err;
    }
    // SIGTERM: the twin closes its database cleanly, so a copy of the folder opens like after any restart.
    const code = await first.stop('SIGTERM', 120_000);
    if (code !== 0) throw new Error(`preparing the twin data failed (exit ${code}); output:\n${first.output()}`);
    fs.writeFileSync(ready, new Date().toISOString());
    return dir;
  });
}

/**
 * Starts the whole twin as `npm start` does, on free HTTP and MQTT ports (this machine may run Mosquitto on 1883),
 * the embedded database in `dataDir`, and resolves once it serves. `env` adds or overrides variables. An empty
 * `dataDir` starts as a copy of `preparedTwinData()` unless `env` names another city or admin password (or
 * `fresh` asks for a first start); the twin then has the demo city, its demo users and TWIN_ADMIN_PASSWORD.
 */
export async function startTwin(
  dataDir: string,
  env: Record<string, string> = {},
  options: { fresh?: boolean; sharedLogFile?: string } = {},
): Promise<RunningTwin> {
  const empty = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
  const sameSetup =
    (env.CITY ?? '') === '' && (env.ADMIN_PASSWORD === undefined || env.ADMIN_PASSWORD === TWIN_ADMIN_PASSWORD);
  if (empty && sameSetup && !options.fresh) {
    const prepared = await preparedTwinData();
    // The data directory lock (`<db>.lock`, beside the database) belongs to the process that made it: never copied.
    fs.cpSync(prepared, dataDir, {
      recursive: true,
      preserveTimestamps: true,
      filter: (src) => !src.endsWith('.lock'),
    });
  }
  const { port, env: full } = await twinEnv(dataDir, env);
  const child = runTsx('app/main.ts', [], full, { sharedLogFile: options.sharedLogFile });
  try {
    await child.waitFor(RUNNING, 600_000);
  } catch (err) {
    await child.stop('SIGKILL');
    throw err;
  }
  return { process: child, base: `http://127.0.0.1:${port}`, mqttPort: Number(full.MQTT_PORT) };
}
