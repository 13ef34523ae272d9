import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { forgetGroup, groupAlive, recordGroup, signalGroup } from './process-registry.js';

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
  options: { cwd?: string } = {},
): RunningProcess {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
  recordGroup(pgid, [command, ...args].join(' '));
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
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
export function runTsx(entry: string, args: string[], env: Record<string, string>): RunningProcess {
  return spawnProcess(process.execPath, ['--import', 'tsx', entry, ...args], env);
}

/** A running `npm start` (app/main.ts) on its own ports and data directory. */
export interface RunningTwin {
  process: RunningProcess;
  /** http://127.0.0.1:<port> */
  base: string;
}

/**
 * Starts the whole twin as `npm start` does, on free HTTP and MQTT ports (this machine may run Mosquitto on 1883),
 * the embedded database in `dataDir`, and resolves once it serves. `env` adds or overrides variables.
 */
export async function startTwin(dataDir: string, env: Record<string, string> = {}): Promise<RunningTwin> {
  const port = await freePort();
  const mqttPort = await freePort();
  const child = runTsx('app/main.ts', [], {
    DATA_DIR: dataDir,
    PORT: String(port),
    MQTT_PORT: String(mqttPort),
    MQTT_URL: '',
    HOST: '127.0.0.1',
    DATABASE_URL: '',
    CITY: '',
    // vitest sets NODE_ENV=test, which would build the viewer in development mode; run what npm start ships.
    NODE_ENV: 'production',
    ...env,
  });
  await child.waitFor(/GridTwin is running at http:\/\/localhost:\d+/, 300_000);
  return { process: child, base: `http://127.0.0.1:${port}` };
}
