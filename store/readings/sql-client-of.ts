import type { CityStore } from '../city-store.js';
import type { SqlClient } from '../sql-client.js';
import { SqlCityStore } from '../sql-city-store.js';

/**
 * The SQL connection under a city store opened by `openStore`, so the live-data stores (readings, events,
 * simulations) share it: embedded PGlite is one connection per process, and a second one on the same directory is
 * refused by its lock.
 */
export function sqlClientOf(store: CityStore): SqlClient {
  if (!(store instanceof SqlCityStore))
    throw new TypeError('sqlClientOf: the store was not opened by openStore (no SQL client inside)');
  return store.sql;
}
