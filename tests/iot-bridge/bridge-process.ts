import { spawn } from 'node:child_process';
import { openStore } from '../../store/index.js';
import { liveDataStores } from '../../store/readings/index.js';
import { REPO_ROOT } from '../helpers/spawn-process.js';

/** A bridge process: one node process (tsx as a loader, not tsx's wrapper), so SIGKILL kills the bridge itself. */
export interface BridgeProcess {
  child: ReturnType<typeof spawn>;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  stop(signal: NodeJS.Signals): Promise<void>;
}

export function spawnBridge(env: Record<string, string>): BridgeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/bridge-cli.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => text,
    async waitFor(pattern, timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (child.exitCode !== null || Date.now() > end) throw new Error(`bridge: no ${pattern}; output:\n${text}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Stored readings of a sensor and distinct seqs (the test reopens the store once the bridge has exited). */
export async function countStored(dataDir: string, sensorId: string): Promise<{ rows: number; seqs: Set<number> }> {
  const store = await openStore({ dataDir });
  try {
    const rows = await liveDataStores(store).readings.list('fixture-city', sensorId, {
      from: 0,
      to: Number.MAX_SAFE_INTEGER,
      limit: 1_000_000,
    });
    return { rows: rows.length, seqs: new Set(rows.map((r) => r.seq!)) };
  } finally {
    await store.close();
  }
}

/** The bridge's `memory:` lines, MB, oldest first. */
export function memoryFigures(output: string): { rss: number; heap: number }[] {
  return [...output.matchAll(/memory: rss ([\d.]+) MB, heap ([\d.]+) MB/g)].map((m) => ({
    rss: Number(m[1]),
    heap: Number(m[2]),
  }));
}

/** Waits until the bridge's "readings stored" figure stops moving for `quietMs`. */
export async function settle(bridge: BridgeProcess, quietMs = 2000, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '',
    since = Date.now();
  while (Date.now() < end) {
    const lines = bridge.output().match(/ingest: .*/g) ?? [];
    const now = lines.at(-1) ?? '';
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since > quietMs && /queue 0/.test(now)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`bridge did not settle; output:\n${bridge.output()}`);
}
