import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../store/migrate.js';
import { MIGRATIONS } from '../../store/migrations/index.js';
import { openPgClient } from '../../store/pg-client.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { openPgliteWorkerClient } from '../../store/pglite-worker-client.js';
import { liveDataStores } from '../../store/readings/index.js';
import type { SqlClient } from '../../store/sql-client.js';
import { SqlCityStore } from '../../store/sql-city-store.js';
import { runImportCommand } from '../../tiles/commands/import.command.js';
import { makeCityFixture } from '../helpers/city-fixture.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../helpers/postgres-test-db.js';

const CITY = 'fixture-city';
const DAY = 86_400_000;
/** The twin's clock in these tests, and the bridge's retention cut at 30 days (READINGS_RETENTION_DAYS default). */
const NOW = Date.UTC(2026, 5, 1);
const CUTOFF = NOW - 30 * DAY;

/**
 * Imported history against the retention sweep: the bridge calls `readings.deleteBefore(now - days)` at start and
 * hourly; live readings past the cut go, history brought by `import --as readings` stays. Run on a fresh schema and
 * on one whose readings were stored before migration 101 (they count as live).
 */
function suite(openClient: () => Promise<SqlClient>): void {
  let dir: string;
  let store: SqlCityStore;
  const out: string[] = [];
  const live = () => liveDataStores(store);
  const range = (sensorId: string) => live().readings.list(CITY, sensorId, { from: 0, to: NOW + DAY, limit: 100 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-retention-'));
    const client = await openClient();
    // A data folder of an earlier release: migrations up to 100, one live reading stored then.
    await runMigrations(
      client,
      MIGRATIONS.filter((m) => m.version <= 100),
    );
    await client.query(
      `INSERT INTO readings (city_id, sensor_id, ts, value, seq, received_at) VALUES ($1, 'sen-f-p1', $2, 1.5, NULL, $2)`,
      [CITY, CUTOFF - 5 * DAY],
    );
    store = new SqlCityStore(client);
    await store.migrate();
    await store.saveCity(makeCityFixture({ cityId: CITY }));
  });
  afterAll(async () => {
    await store?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('import --as readings says history past the retention is kept; the sweep deletes only old live readings', async () => {
    const csv = path.join(dir, 'history.csv');
    fs.writeFileSync(
      csv,
      [
        'sensor,time,value',
        'sen-p-j2,2019-06-01T10:00:00Z,31.5',
        'sen-p-j2,2019-06-01T11:00:00Z,32',
        `sen-p-j2,${new Date(NOW - DAY).toISOString()},33`,
      ].join('\n'),
    );
    const io = { store, log: (l: string) => out.push(l), now: () => NOW, dataDir: dir, retentionDays: 30 };
    const argv = ['--city', CITY, '--as', 'readings', '--tz', 'UTC', '--no-rules', csv];
    expect(await runImportCommand(argv, io), out.join('\n')).toBe(0);
    expect(out.join('\n')).toContain(
      'kept: 2 readings are older than READINGS_RETENTION_DAYS (30 days); retention deletes live readings only',
    );
    expect(out.join('\n')).not.toMatch(/warning/);
    // Live readings as the bridge stores them: one past the cut, one within it.
    await live().readings.insert(
      CITY,
      [
        { sensorId: 'sen-p-j2', ts: CUTOFF - DAY, value: 40, seq: 7 },
        { sensorId: 'sen-p-j2', ts: NOW - 60_000, value: 41, seq: 8 },
      ],
      NOW,
    );
    expect((await range('sen-p-j2')).map((r) => r.value)).toEqual([31.5, 32, 40, 33, 41]);

    // The sweep: the old live reading and the one stored before migration 101 go; imported 2019 history stays.
    expect(await live().readings.deleteBefore(CUTOFF)).toBe(2);
    expect((await range('sen-p-j2')).map((r) => r.value)).toEqual([31.5, 32, 33, 41]);
    expect(await range('sen-f-p1')).toEqual([]);
    expect(await live().readings.range(CITY, 'sen-p-j2')).toMatchObject({ first: Date.UTC(2019, 5, 1, 10), count: 4 });
    expect(await live().readings.deleteBefore(NOW)).toBe(1);
    expect((await range('sen-p-j2')).map((r) => r.value)).toEqual([31.5, 32, 33]);
  });

  it('importing the same history again stores nothing twice and still keeps it', async () => {
    out.length = 0;
    const io = { store, log: (l: string) => out.push(l), now: () => NOW, dataDir: dir, retentionDays: 30 };
    const argv = ['--city', CITY, '--as', 'readings', '--tz', 'UTC', '--no-rules', path.join(dir, 'history.csv')];
    expect(await runImportCommand(argv, io), out.join('\n')).toBe(0);
    expect((await range('sen-p-j2')).map((r) => r.value)).toEqual([31.5, 32, 33]);
    expect(await live().readings.deleteBefore(NOW + DAY)).toBe(0);
  });
}

describe('imported history survives retention (pglite)', () => {
  suite(() => openPgliteClient());
});

describe('imported history survives retention (pglite on its worker thread)', () => {
  suite(() => openPgliteWorkerClient());
});

describePostgres('imported history survives retention (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  suite(() => openPgClient(databaseUrl, { schema }));
});
