/**
 * The thread that owns an embedded PGlite database for {@link openPgliteWorkerClient}: it opens PGlite (in
 * `workerData.dbDir`, or in memory) and runs what the main thread sends, so PGlite's WebAssembly never runs on the
 * thread that serves the API and takes the MQTT ingest. It holds nothing else: the directory's lock stays with the
 * main thread.
 *
 * Protocol (see pglite-worker-protocol.ts): `query` and `exec` run at once (PGlite queues them behind an open
 * transaction, as it does in-process); `begin` enters `db.transaction`, answers once PGlite is in it, and keeps it open
 * until `commit` or `rollback` for that transaction id, running every request tagged with the id inside it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { WorkerReply, WorkerRequest, WorkerError } from './pglite-worker-protocol.js';

const port = parentPort!;
const { dbDir } = workerData as { dbDir: string | undefined };

/** An open (or opening) transaction: requests tagged with its id wait for `tx`, then run on it. */
interface OpenTransaction {
  tx: Promise<Transaction>;
  finish(commit: boolean): void;
}

/** Thrown into PGlite's transaction callback to make it roll back; not an error for the caller. */
const ROLLBACK = Symbol('rollback');

const STRING_FIELDS = [
  'code',
  'severity',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
] as const;

/** What the main thread rebuilds an error from: message, class name and PostgreSQL's fields (code first). */
function describe(err: unknown): WorkerError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, string> = {};
  const source = err as unknown as Record<string, unknown>;
  for (const key of STRING_FIELDS) {
    const value = source[key];
    if (typeof value === 'string') fields[key] = value;
  }
  return { name: err.name, message: err.message, fields };
}

function reply(message: WorkerReply): void {
  try {
    port.postMessage(message);
  } catch (err) {
    // A value the structured clone cannot copy: the request fails instead of the thread.
    port.postMessage({ id: message.id, ok: false, error: describe(err) } satisfies WorkerReply);
  }
}

async function main(): Promise<void> {
  let db: PGlite;
  try {
    db = await PGlite.create(dbDir);
  } catch (err) {
    reply({ id: 0, ok: false, error: describe(err) });
    return;
  }
  const open = new Map<number, OpenTransaction>();

  /** The transaction a request runs in, or the database itself. */
  const target = async (txId: number | undefined): Promise<PGlite | Transaction> => {
    if (txId === undefined) return db;
    const t = open.get(txId);
    if (!t) throw new Error(`transaction ${txId} is closed`);
    return t.tx;
  };

  /** Started transactions, by id: their `db.transaction` promise answers the commit or rollback request. */
  const running = new Map<number, Promise<void>>();

  /** Enters a transaction: resolves once PGlite is in it (after the transactions before it), with its end. */
  const begin = (txId: number): Promise<Transaction> => {
    let enter!: (tx: Transaction) => void;
    let fail!: (err: unknown) => void;
    let finish!: (commit: boolean) => void;
    const tx = new Promise<Transaction>((resolve, reject) => {
      enter = resolve;
      fail = reject;
    });
    // A BEGIN that fails fails the `begin` request.
    tx.catch(() => undefined);
    const done = new Promise<void>((resolve, reject) => {
      finish = (commit) => (commit ? resolve() : reject(ROLLBACK));
    });
    open.set(txId, { tx, finish });
    const finished = db
      .transaction(async (t) => {
        enter(t);
        await done;
      })
      .catch((err: unknown) => {
        if (err !== ROLLBACK) throw err;
      })
      .catch((err: unknown) => {
        fail(err);
        throw err;
      })
      .finally(() => {
        open.delete(txId);
        running.delete(txId);
      });
    finished.catch(() => undefined);
    running.set(txId, finished);
    return tx;
  };

  const handle = async (m: WorkerRequest): Promise<unknown> => {
    switch (m.op) {
      case 'query':
        return (await (await target(m.tx)).query(m.sql, m.params as unknown[])).rows;
      case 'exec':
        await (await target(m.tx)).exec(m.sql);
        return undefined;
      case 'begin':
        await begin(m.tx);
        return undefined;
      case 'commit':
      case 'rollback': {
        const started = running.get(m.tx);
        const t = open.get(m.tx);
        if (!started) throw new Error(`transaction ${m.tx} was never begun`);
        running.delete(m.tx);
        t?.finish(m.op === 'commit');
        await started;
        return undefined;
      }
      case 'close':
        // PGlite's close waits for open transactions: one the main thread left open (it closed mid-way) rolls back.
        for (const t of open.values()) t.finish(false);
        await Promise.allSettled(running.values());
        if (!db.closed) await db.close();
        return undefined;
    }
  };

  port.on('message', (m: WorkerRequest) => {
    handle(m).then(
      (value) => reply({ id: m.id, ok: true, value }),
      (err: unknown) => reply({ id: m.id, ok: false, error: describe(err) }),
    );
  });
  reply({ id: 0, ok: true, value: 'ready' });
}

void main();
