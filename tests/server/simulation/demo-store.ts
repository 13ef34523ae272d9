import type { CityBundle } from '../../../core/model/index.js';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { SqlCityStore } from '../../../store/sql-city-store.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { buildDemo } from '../../tiles/demo/demo-fixture.js';

/** The demo city of `seed` saved in a fresh, migrated in-memory PGlite store (the simulation API tests' ground). */
export async function openDemoStore(
  seed = 42,
): Promise<{ bundle: CityBundle; client: SqlClient; store: SqlCityStore }> {
  const bundle = await buildDemo(seed);
  const client = await openPgliteClient();
  const store = new SqlCityStore(client);
  await store.migrate();
  await store.saveCity(bundle);
  return { bundle, client, store };
}
