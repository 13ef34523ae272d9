import type { CityStore } from '../city-store.js';
import type { SqlClient } from '../sql-client.js';

/**
 * The SQL connection under a city store opened by `openStore`, so the live-data stores share it (embedded PGlite is
 * one connection per process: a second one on the same directory is refused by its lock).
 * The city store keeps its client private; this reads it here, inside the store module, rather than widening the
 * CityStore interface in a change that belongs to its owner.
 */
export function sqlClientOf(store: CityStore): SqlClient {
  const db = (store as unknown as { db?: SqlClient }).db;
  if (db === undefined || typeof db.query !== 'function' || typeof db.transaction !== 'function') {
    throw new TypeError('sqlClientOf: the store was not opened by openStore (no SQL client inside)');
  }
  return db;
}
