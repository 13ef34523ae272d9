import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { memoryTemplate, seedFromTemplate } from './pglite-template.js';

interface PgliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

function executor(db: PgliteLike): SqlExecutor {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      return (await db.query<Row>(sql, [...params])).rows;
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}

/** How the embedded database is started. */
export interface PgliteClientOptions {
  /**
   * PostgreSQL's `shared_buffers` (such as `16MB`; default the data directory's own setting, 128MB). PostgreSQL clears
   * all of it at start: 128MB is about 0.8 s of CPU, which a one-shot command pays for a cache it barely fills.
   */
  sharedBuffers?: string;
}

/**
 * Opens (creating when needed, as a copy of an empty template: `seedFromTemplate`) the embedded PGlite database in
 * `dbDir`. PGlite is single-process: the directory is guarded by a lock file beside it (`<dbDir>.lock`), so a second
 * process fails with a clear message instead of corrupting the data. `dbDir` undefined opens an in-memory database (no
 * lock), loaded from the empty template's dump (`memoryTemplate`).
 */
export async function openPgliteClient(dbDir?: string, options: PgliteClientOptions = {}): Promise<SqlClient> {
  const lock = dbDir === undefined ? null : acquireDataDirLock(dbDir);
  let db: PGlite;
  try {
    if (dbDir !== undefined) {
      fs.mkdirSync(dbDir, { recursive: true });
      await seedFromTemplate(dbDir);
    }
    const startParams =
      options.sharedBuffers === undefined
        ? undefined
        : [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`];
    // In memory: a copy of the empty template's dump, not a fresh initdb.
    const dump = dbDir === undefined ? await memoryTemplate() : null;
    db = await PGlite.create(dbDir, {
      ...(startParams ? { startParams } : {}),
      ...(dump ? { loadDataDir: dump } : {}),
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const base = executor(db);
  return {
    engine: 'pglite',
    blocksThisThread: true,
    ...base,
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    async close(): Promise<void> {
      try {
        if (!db.closed) await db.close();
      } finally {
        lock?.release();
      }
    },
  };
}
