import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOsmSources } from '../../../tiles/demo/osm-source.js';
import { buildOsmBuildings } from '../../../tiles/demo/osm-buildings.js';
import { applyLandmarks } from '../../../tiles/demo/landmarks.js';
import { SqlCityStore } from '../../../store/sql-city-store.js';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { openPgClient } from '../../../store/pg-client.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { makeCityFixture } from '../../helpers/city-fixture.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { SOURCE_DIR } from './demo-fixture.js';

/** The search box finds the landmarks by their Chinese and English names, the tower before its podium. */
function landmarkSearchSuite(openClient: () => Promise<SqlClient>) {
  let store: SqlCityStore;
  beforeAll(async () => {
    const { buildings } = buildOsmBuildings((await readOsmSources(SOURCE_DIR)).buildings, []);
    const named = applyLandmarks(buildings);
    const podium = buildings.find((b) => b.id === 'osm-b-165591946')!;
    store = new SqlCityStore(await openClient());
    await store.migrate();
    const bundle = makeCityFixture({ cityId: 'landmarks' });
    bundle.buildings.push(...named, podium);
    await store.saveCity(bundle);
  });
  afterAll(async () => {
    await store?.close();
  });
  it.each([
    ['金茂', 'Jin Mao Tower'],
    ['Jin Mao', 'Jin Mao Tower'],
    ['东方明珠', 'Oriental Pearl Tower'],
    ['Oriental Pearl', 'Oriental Pearl Tower'],
    ['上海中心', 'Shanghai Tower'],
    ['Shanghai Tower', 'Shanghai Tower'],
    ['环球金融', 'Shanghai World Financial Center'],
    ['World Financial', 'Shanghai World Financial Center'],
  ])('finds %s', async (query, en) => {
    const hits = await store.search('landmarks', query);
    const building = (await store.listBuildings('landmarks', {})).items.find((b) => b.nameEn === en)!;
    expect(hits.map((h) => h.id)).toContain(building.id);
  });
}

describe('tiles/demo/landmarks: search (pglite)', () => {
  landmarkSearchSuite(() => openPgliteClient());
});

describePostgres('tiles/demo/landmarks: search (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  landmarkSearchSuite(() => openPgClient(databaseUrl, { schema }));
});
