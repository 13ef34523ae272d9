import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../../server/http/create-app.js';
import type { CityStore } from '../../../store/index.js';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { openPgClient } from '../../../store/pg-client.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { readApiSuite } from './read-api-suite.js';

describe('server/http/create-app (pglite)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-app-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  readApiSuite(() => openPgliteClient(path.join(dir, 'db')));
});

describePostgres('server/http/create-app (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  readApiSuite(() => openPgClient(databaseUrl, { schema }));
});

describe('server/http/create-app (failing store)', () => {
  /** A store whose every method rejects, as when the database went away. */
  const broken = new Proxy({ engine: 'pglite' } as CityStore, {
    get: (target, key) =>
      key === 'engine' ? target.engine : () => Promise.reject(new Error('connection refused at 10.0.0.9:5432')),
  });

  it('answers 500 JSON without the stack or internals, and logs the error with a reference', async () => {
    const logged: string[] = [];
    const app = createApp({ store: broken, config: { CITY: 'x' }, logError: (message) => logged.push(message) });
    const res = await request(app)
      .get('/api/buildings')
      .expect(500)
      .expect('content-type', /application\/json/);
    expect(res.body.error.code).toBe('GT_ERR_INTERNAL');
    expect(res.text).not.toContain('10.0.0.9');
    expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
    const reference = /reference ([0-9a-f]{8})/.exec(res.body.error.message)?.[1];
    expect(reference).toBeDefined();
    // The request id (X-Request-Id) ties the log line to the answer a user reports.
    expect(logged).toEqual([`[${reference}] GET /api/buildings failed (request ${res.headers['x-request-id']})`]);
  });

  it('answers 503 on /api/health when the database does not answer', async () => {
    const app = createApp({ store: broken, config: { CITY: 'x' }, logError: () => undefined });
    const res = await request(app).get('/api/health').expect(503);
    expect(res.body.error.code).toBe('GT_ERR_STORE_UNAVAILABLE');
  });
});
