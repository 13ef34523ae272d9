import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What one SWMM run leaves behind: the binary results, the text report and SWMM's error code (0 = none). */
export interface SwmmRunFiles {
  readonly out: Uint8Array;
  readonly report: string;
  readonly errorCode: number;
  readonly elapsedMs: number;
}

interface SwmmModule {
  FS: {
    writeFile(path: string, data: string): void;
    readFile(path: string, opts?: { encoding: 'binary' }): Uint8Array;
    readFile(path: string, opts: { encoding: 'utf8' }): string;
  };
  cwrap(name: string, ret: string, args: string[]): (...a: string[]) => number;
}
type CreateModule = (opts: { print: (s: string) => void; printErr: (s: string) => void }) => Promise<SwmmModule>;

const require = createRequire(import.meta.url);

/**
 * Creates a fresh EPA SWMM 5.2 engine (npm `@fileops/swmm-wasm-web`, about 60 ms). The package is a browser build:
 * it decides its environment from `window`/`document` when the module is created, so both are shimmed for that
 * moment only and removed again, leaving the server's globals as they were. A fresh module per run keeps SWMM's
 * C globals from leaking between runs.
 */
async function createEngine(): Promise<SwmmModule> {
  const g = globalThis as Record<string, unknown>;
  const hadWindow = 'window' in g,
    hadDocument = 'document' in g;
  if (!hadWindow) g.window = globalThis;
  if (!hadDocument) g.document = { currentScript: undefined, title: '' };
  try {
    const create = require('@fileops/swmm-wasm-web') as CreateModule;
    return await create({ print: () => {}, printErr: () => {} });
  } finally {
    if (!hadWindow) delete g.window;
    if (!hadDocument) delete g.document;
  }
}

/**
 * Runs a SWMM input file (its text) to the end in the WebAssembly engine, offline, and returns the .out and .rpt
 * files. SWMM reports input errors in the report and in its return code; both are passed back, never thrown, so a
 * caller can show the report's error lines. Runs on the calling thread: a server should use
 * {@link runSwmmInWorker}, since a city-sized run takes seconds of CPU.
 */
export async function runSwmm(inpText: string): Promise<SwmmRunFiles> {
  const m = await createEngine();
  m.FS.writeFile('/model.inp', inpText);
  const run = m.cwrap('swmm_run', 'number', ['string', 'string', 'string']);
  const t0 = performance.now();
  const errorCode = run('/model.inp', '/model.rpt', '/model.out');
  const elapsedMs = performance.now() - t0;
  const report = m.FS.readFile('/model.rpt', { encoding: 'utf8' });
  let out: Uint8Array = new Uint8Array(0);
  try {
    out = m.FS.readFile('/model.out');
  } catch {
    /* no .out when the input had errors */
  }
  return { out, report, errorCode, elapsedMs };
}

/**
 * The worker's code, plain CommonJS (an eval worker needs no TypeScript loader, so it runs the same under tsx, vitest
 * and a build): shim, create the engine, run, post the files back.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
globalThis.window = globalThis; globalThis.document = { currentScript: undefined, title: '' };
const create = require(workerData.modulePath);
create({ print: () => {}, printErr: () => {} }).then((m) => {
  m.FS.writeFile('/model.inp', workerData.inp);
  const t0 = performance.now();
  const errorCode = m.cwrap('swmm_run', 'number', ['string', 'string', 'string'])('/model.inp', '/model.rpt', '/model.out');
  const elapsedMs = performance.now() - t0;
  const report = m.FS.readFile('/model.rpt', { encoding: 'utf8' });
  let out = new Uint8Array(0);
  try { out = m.FS.readFile('/model.out'); } catch (e) { /* input errors: no .out */ }
  parentPort.postMessage({ out, report, errorCode, elapsedMs }, [out.buffer]);
}).catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

/**
 * {@link runSwmm} on a worker thread, so the server's event loop (API, MQTT ingest) keeps running while SWMM
 * computes. Rejects when the worker fails or runs longer than `timeoutMs`.
 */
export function runSwmmInWorker(inpText: string, timeoutMs = 120_000): Promise<SwmmRunFiles> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: { inp: inpText, modulePath: require.resolve('@fileops/swmm-wasm-web') },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`SWMM run exceeded ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once('message', (m: SwmmRunFiles | { error: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if ('error' in m) reject(new Error(`SWMM worker: ${m.error}`));
      else resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
