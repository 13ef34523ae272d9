import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { seedFromTemplate } from './pglite-template.js';
import type { WorkerError, WorkerReply, WorkerRequest } from './pglite-worker-protocol.js';

const WORKER_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const WORKER_URL = new URL(`./pglite-worker${WORKER_EXT}`, import.meta.url).href;
const TSX_API = WORKER_EXT === '.ts' ? import.meta.resolve('tsx/esm/api') : null;

/**
 * Boots the worker on the TypeScript sources as the compute pool does (server/compute/compute-pool.ts): a worker does
 * not get the parent's loader, so it registers tsx before importing its entry, under tsx, vitest or
 * `node --import ./app/ts-hooks.mjs` alike. A plain CommonJS eval script, so it needs no loader to start.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(workerData.tsxApi ? import(workerData.tsxApi).then((m) => m.register()) : Promise.resolve())
  .then(() => import(workerData.url))
  .catch((e) => { setImmediate(() => { throw e; }); });
`;

/** An error of the worker rebuilt on this thread: same message and class, PostgreSQL's `code` and fields kept. */
function errorFrom(e: WorkerError): Error {
  const error =
    e.name === 'RangeError'
      ? new RangeError(e.message)
      : e.name === 'TypeError'
        ? new TypeError(e.message)
        : new Error(e.message);
  // PostgreSQL errors are named 'error' (as node-postgres names them); keep whatever the worker's error was called.
  if (error.name !== e.name) error.name = e.name;
  Object.assign(error, e.fields);
  return error;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Opens (creating when needed) the embedded PGlite database in `dbDir` on a worker thread of its own: PGlite's
 * WebAssembly runs there, so a long query or a large write never stalls this thread's event loop (the API, the MQTT
 * ingest). Same contract as {@link openPgliteClient}: the directory's lock file (`<dbDir>.lock`, held by this process)
 * keeps a second process out, `dbDir` undefined opens an in-memory database, statements outside a transaction wait
 * while one is open, errors keep their message and PostgreSQL `code`. `close()` ends the thread and releases the lock.
 */
export async function openPgliteWorkerClient(dbDir?: string): Promise<SqlClient> {
  const lock = dbDir === undefined ? null : acquireDataDirLock(dbDir);
  let worker: Worker;
  try {
    if (dbDir !== undefined) {
      fs.mkdirSync(dbDir, { recursive: true });
      await seedFromTemplate(dbDir);
    }
    worker = new Worker(BOOT, {
      eval: true,
      workerData: { url: WORKER_URL, tsxApi: TSX_API, dbDir: dbDir === undefined ? undefined : path.resolve(dbDir) },
    });
  } catch (err) {
    lock?.release();
    throw err;
  }

  const pending = new Map<number, Pending>();
  let nextId = 1;
  let nextTx = 1;
  /** Why requests are refused: set by close() and by the thread's end. */
  let refused: Error | null = null;
  let closing: Promise<void> | null = null;
  let whenIdle: (() => void) | null = null;

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    // An idle worker does not keep the process alive (as in-process PGlite does not).
    if (pending.size === 0) {
      worker.unref();
      whenIdle?.();
    }
    return p;
  };

  const failAll = (error: Error): void => {
    refused ??= error;
    for (const id of [...pending.keys()]) settle(id)!.reject(error);
  };

  let started!: (error: Error | null) => void;
  const ready = new Promise<Error | null>((resolve) => (started = resolve));
  worker.on('message', (m: WorkerReply) => {
    if (m.id === 0) {
      started(m.ok ? null : errorFrom(m.error));
      return;
    }
    const p = settle(m.id);
    if (!p) return;
    if (m.ok) p.resolve(m.value);
    else p.reject(errorFrom(m.error));
  });
  worker.on('error', (err) => {
    const error = new Error(`the embedded database thread failed: ${err.message}`, { cause: err });
    started(error);
    failAll(error);
  });
  worker.on('exit', (code) => {
    const error = new Error(`the embedded database thread stopped (exit code ${code})`);
    started(error);
    failAll(closing ? new Error('the embedded database is closed') : error);
  });

  const failure = await ready;
  if (failure) {
    await worker.terminate();
    lock?.release();
    throw failure;
  }
  worker.unref();

  function request<T>(request: WorkerRequest): Promise<T> {
    if (refused) return Promise.reject(refused);
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(request.id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        worker.postMessage(request);
      } catch (err) {
        // Parameters the structured clone cannot copy (a function, a symbol).
        settle(request.id);
        reject(err as Error);
      }
    });
  }

  const executor = (tx?: number): SqlExecutor => ({
    query: <Row>(sql: string, params: readonly unknown[] = []) =>
      request<Row[]>(
        tx === undefined ? { id: nextId++, op: 'query', sql, params } : { id: nextId++, op: 'query', sql, params, tx },
      ),
    exec: (sql: string) =>
      request<void>(tx === undefined ? { id: nextId++, op: 'exec', sql } : { id: nextId++, op: 'exec', sql, tx }),
  });

  return {
    engine: 'pglite',
    ...executor(),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const tx = nextTx++;
      // fn starts once the worker is in the transaction, after the transactions before it, as with in-process PGlite
      // (code that reads this thread's state in fn sees it after those transactions, not before).
      await request({ id: nextId++, op: 'begin', tx });
      let result: T;
      try {
        result = await fn(executor(tx));
      } catch (err) {
        await request({ id: nextId++, op: 'rollback', tx }).catch(() => undefined);
        throw err;
      }
      await request({ id: nextId++, op: 'commit', tx });
      return result;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        const alive = refused === null;
        refused = new Error('the embedded database is closed');
        try {
          // Requests already sent finish first; then PGlite closes its files.
          if (pending.size > 0) await new Promise<void>((resolve) => (whenIdle = resolve));
          if (alive) {
            worker.ref();
            const id = nextId++;
            await new Promise((resolve, reject) => {
              pending.set(id, { resolve, reject });
              worker.postMessage({ id, op: 'close' } satisfies WorkerRequest);
            });
          }
        } finally {
          await worker.terminate();
          lock?.release();
        }
      })();
      return closing;
    },
  };
}
