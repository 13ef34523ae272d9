import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryTemplate, seedFromTemplate } from '../../store/pglite-template.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { SqlCityStore } from '../../store/sql-city-store.js';
import { makeCityFixture } from '../helpers/city-fixture.js';

describe('store/pglite-template', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-template-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('seeds an empty directory with a database that opens, migrates and keeps its data apart', async () => {
    const a = path.join(root, 'a');
    const b = path.join(root, 'b');
    fs.mkdirSync(a);
    expect(await seedFromTemplate(a)).toBe(true);
    expect(await seedFromTemplate(b)).toBe(true);
    for (const dir of [a, b]) expect(fs.readFileSync(path.join(dir, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);

    const storeA = new SqlCityStore(await openPgliteClient(a));
    try {
      await storeA.migrate();
      await storeA.saveCity(makeCityFixture({ cityId: 'in-a' }));
      expect((await storeA.countCity('in-a')).buildings).toBe(6);
    } finally {
      await storeA.close();
    }
    // b was copied from the same template, not from a: it has the schema to come, none of a's rows.
    const storeB = new SqlCityStore(await openPgliteClient(b));
    try {
      await storeB.migrate();
      expect(await storeB.listCities()).toEqual([]);
    } finally {
      await storeB.close();
    }
    // A directory that holds a database (or anything else) is left alone.
    expect(await seedFromTemplate(a)).toBe(false);
    const other = path.join(root, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'notes.txt'), 'not a database');
    expect(await seedFromTemplate(other)).toBe(false);
    expect(fs.readdirSync(other)).toEqual(['notes.txt']);
  }, 120_000);

  it('starts in-memory databases from the empty dump, each its own', async () => {
    const dump = await memoryTemplate();
    expect(dump).not.toBeNull();
    expect(dump!.size).toBeGreaterThan(1_000_000); // a whole cluster, not an empty file
    const a = new SqlCityStore(await openPgliteClient());
    const b = new SqlCityStore(await openPgliteClient());
    try {
      await a.migrate();
      await b.migrate();
      await a.saveCity(makeCityFixture({ cityId: 'in-memory-a' }));
      expect((await a.countCity('in-memory-a')).buildings).toBe(6);
      // b loaded the same dump: the schema its migrations made, none of a's rows.
      expect(await b.listCities()).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);
});
