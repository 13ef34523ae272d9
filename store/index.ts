/**
 * The store's public interface: what tiles/ (CLI), iot-bridge/ and the server import. Everything else in this folder
 * is internal.
 */
import path from 'node:path';
import type { CityStore } from './city-store.js';
import { SqlCityStore } from './sql-city-store.js';

export type {
  CityStore,
  ListOptions,
  NetworkListOptions,
  Page,
  RegistryRecordKind,
  SaveMode,
  SaveOptions,
  SearchHit,
  SpatialListOptions,
} from './city-store.js';
export { DataDirInUseError } from './data-dir-lock.js';
export { InvalidBundleError } from './save-city.js';
export { CorruptRecordError } from './sql-city-store.js';
export { sqlClientOf } from './readings/sql-client-of.js';
export type { SqlClient } from './sql-client.js';

/** Where a store lives. */
export interface StoreConfig {
  /** GridTwin's data directory; the embedded database is `<dataDir>/db`. */
  dataDir: string;
  /** A PostgreSQL connection string; when set, PostgreSQL is used instead of the embedded PGlite. */
  databaseUrl?: string;
  /** PostgreSQL only: a schema to create and use instead of `public` (tests, several twins in one database). */
  schema?: string;
  /**
   * Embedded PGlite only: run the database on a worker thread of its own (default), so its queries never stall the
   * caller's event loop; false runs it on the calling thread (one-shot commands, measuring).
   */
  pgliteInWorker?: boolean;
  /**
   * Embedded PGlite on the calling thread only: its `shared_buffers` (such as `16MB`), for a one-shot command whose
   * start would otherwise clear a 128MB cache it never fills.
   */
  pgliteSharedBuffers?: string;
}

/** The embedded database directory of a data directory. */
export function embeddedDbDir(dataDir: string): string {
  return path.join(dataDir, 'db');
}

/**
 * Opens the city store: PostgreSQL when `databaseUrl` is set, else embedded PGlite in `<dataDir>/db` (created on
 * first use, guarded by a lock file against a second process; on a worker thread unless `pgliteInWorker` is false).
 * Pending migrations are applied before it answers.
 *
 * @example
 * const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
 */
export async function openStore(config: StoreConfig): Promise<CityStore> {
  // Each engine's driver loads only when used (a CLI command on the embedded store never loads pg, and the reverse).
  const client = config.databaseUrl
    ? await (
        await import('./pg-client.js')
      ).openPgClient(config.databaseUrl, config.schema === undefined ? {} : { schema: config.schema })
    : config.pgliteInWorker === false
      ? await (
          await import('./pglite-client.js')
        ).openPgliteClient(
          embeddedDbDir(config.dataDir),
          config.pgliteSharedBuffers === undefined ? {} : { sharedBuffers: config.pgliteSharedBuffers },
        )
      : await (await import('./pglite-worker-client.js')).openPgliteWorkerClient(embeddedDbDir(config.dataDir));
  const store = new SqlCityStore(client);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
