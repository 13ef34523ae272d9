import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, embeddedDbDir, openStore, sqlClientOf } from '../../store/index.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../helpers/postgres-test-db.js';
import { makeCityFixture } from '../helpers/city-fixture.js';

describe.each([
  ['on its worker thread (default)', undefined],
  ['in-process', false],
] as const)('store/index (pglite %s)', (_, pgliteInWorker) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-open-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const open = () => openStore(pgliteInWorker === undefined ? { dataDir } : { dataDir, pgliteInWorker });

  it('opens the embedded database in <dataDir>/db, locks it, keeps data across reopening', async () => {
    const store = await open();
    expect(store.engine).toBe('pglite');
    expect(fs.existsSync(path.join(embeddedDbDir(dataDir), 'PG_VERSION'))).toBe(true);
    await expect(openStore({ dataDir })).rejects.toThrow(DataDirInUseError);
    await expect(openStore({ dataDir, pgliteInWorker: false })).rejects.toThrow(DataDirInUseError);
    await store.saveCity(makeCityFixture({ cityId: 'kept' }));
    await store.close();
    expect(fs.existsSync(`${embeddedDbDir(dataDir)}.lock`)).toBe(false);

    const again = await open();
    try {
      expect((await again.countCity('kept')).buildings).toBe(6);
    } finally {
      await again.close();
    }
  }, 60_000);
});

describe('store/index (pglite in-process, a one-shot command)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-open-buffers-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const sharedBuffers = async (store: Awaited<ReturnType<typeof openStore>>) => {
    const rows = await sqlClientOf(store).query<{ shared_buffers: string }>('SHOW shared_buffers');
    return rows[0]?.shared_buffers;
  };

  it('starts with the shared_buffers asked for, without changing the data directory for the next opening', async () => {
    const small = await openStore({ dataDir, pgliteInWorker: false, pgliteSharedBuffers: '32MB' });
    try {
      expect(await sharedBuffers(small)).toBe('32MB');
      await small.saveCity(makeCityFixture({ cityId: 'small' }));
    } finally {
      await small.close();
    }
    const usual = await openStore({ dataDir, pgliteInWorker: false });
    try {
      expect(await sharedBuffers(usual)).toBe('128MB');
      expect((await usual.countCity('small')).buildings).toBe(6);
    } finally {
      await usual.close();
    }
  }, 60_000);
});

describePostgres('store/index (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));

  it('opens PostgreSQL when a URL is given and migrates the schema', async () => {
    const store = await openStore({ dataDir: '/nonexistent', databaseUrl, schema });
    try {
      expect(store.engine).toBe('postgres');
      expect(await store.listCities()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('names the server when it cannot connect', async () => {
    await expect(
      openStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://nobody:secret@127.0.0.1:1/none' }),
    ).rejects.toThrow(/cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
  });
});
