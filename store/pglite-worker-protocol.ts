/** The messages between {@link openPgliteWorkerClient} and the PGlite worker thread (store/pglite-worker.ts). */

/**
 * A request from the main thread. `tx` tags a statement of an open transaction; `begin` is answered once PGlite is in
 * the transaction, `commit` or `rollback` once it has ended.
 */
export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: readonly unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin' | 'commit' | 'rollback'; tx: number }
  | { id: number; op: 'close' };

/** An error as it crosses the thread boundary: PostgreSQL's fields (`code`, `constraint`, ...) kept as strings. */
export interface WorkerError {
  name: string;
  message: string;
  fields: Record<string, string>;
}

/** The answer to request `id`; id 0 is the worker's start (`value` 'ready', or the error that stopped it). */
export type WorkerReply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: WorkerError };
