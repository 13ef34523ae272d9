import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

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

/** A child process running a TypeScript entry point with tsx, with its output collected. */
export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the output matches `pattern`; rejects when the process exits first or after `timeoutMs`. */
  waitFor: (pattern: RegExp, timeoutMs: number) => Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts `tsx <entry> ...args` from the repository root with extra environment variables. */
export function runTsx(entry: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), entry, ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
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
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return { child, output: () => text, waitFor, exited, stop };
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
