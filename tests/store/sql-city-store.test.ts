import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import { openPgliteClient } from '../../store/pglite-client.js';
import { openPgClient } from '../../store/pg-client.js';
import { openPgliteWorkerClient } from '../../store/pglite-worker-client.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../helpers/postgres-test-db.js';
import { cityStoreSuite } from './city-store-suite.js';

describe('store/sql-city-store (pglite)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-store-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  cityStoreSuite(() => openPgliteClient(path.join(dir, 'db')));
});

describe('store/sql-city-store (pglite on its worker thread)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-store-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  cityStoreSuite(() => openPgliteWorkerClient(path.join(dir, 'db')));
});

describePostgres('store/sql-city-store (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  cityStoreSuite(() => openPgClient(databaseUrl, { schema }));
});
