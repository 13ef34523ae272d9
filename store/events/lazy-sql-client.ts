import type { CityStore } from '../city-store.js';
import { sqlClientOf } from '../readings/sql-client-of.js';
import type { SqlClient } from '../sql-client.js';

/**
 * The SQL connection of a city store, looked up on first use rather than at construction: an app built over a
 * stand-in store (tests) still starts, and its event and user requests fail like any other store call would.
 */
export function lazySqlClient(store: CityStore): SqlClient {
  let client: SqlClient | null = null;
  const get = () => (client ??= sqlClientOf(store));
  return {
    engine: store.engine,
    query: (sql, params) => get().query(sql, params),
    exec: (sql) => get().exec(sql),
    transaction: (fn) => get().transaction(fn),
    close: () => get().close(),
  };
}
