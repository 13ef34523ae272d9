/**
 * Helpers shared by the ingest and soak benchmarks: bench worker threads (tsx-loaded TypeScript), machine load and
 * CPU figures, percentiles.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

const TSX_API = import.meta.resolve('tsx/esm/api');

/** A started bench worker: `go()` starts its work, `result` resolves with its answer (the thread then ends). */
export interface BenchThread<R> {
  go(): void;
  /** Any later message (e.g. 'stop' for a worker that runs until told). */
  send(message: unknown): void;
  result: Promise<R>;
}

/**
 * Starts `moduleUrl` (a TypeScript module that answers `{ready}` once set up, waits for a message, then answers
 * `{result}` or `{error}`) as a worker thread with `task` as its workerData; resolves when it is ready.
 */
export async function startBenchThread<R>(moduleUrl: string, task: unknown): Promise<BenchThread<R>> {
  // Workers do not inherit tsx's loader: the worker registers it, then imports the TypeScript module.
  const boot = `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })`;
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
  return {
    go: () => worker.postMessage('go'),
    send: (m) => worker.postMessage(m),
    result: result.finally(() => void worker.terminate()),
  };
}

/** Busy share of all CPUs of the machine (every process, other sessions' included) since the call, from /proc/stat. */
export function machineCpu(): () => number {
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

/** The 1, 5 and 15 minute load averages (the machine is shared: figures mean little without them). */
export const loadavg = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The p-th percentile of `xs` (NaN when empty). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Resolves once `cond` holds or `timeoutMs` passed; answers whether it held. */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Resolves once `done()` holds, or `progress()` has not changed for `quietMs` (nothing more is coming), or after
 * `timeoutMs`; answers whether `done()` held.
 */
export async function waitSettled(
  done: () => boolean,
  progress: () => number,
  quietMs: number,
  timeoutMs: number,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  let last = progress();
  let lastChange = Date.now();
  for (;;) {
    if (done()) return true;
    const now = Date.now();
    const p = progress();
    if (p !== last) {
      last = p;
      lastChange = now;
    } else if (now - lastChange >= quietMs || now > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
