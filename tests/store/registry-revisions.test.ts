import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../store/index.js';
import { liveDataStores } from '../../store/readings/index.js';
import { makeCityFixture } from '../helpers/city-fixture.js';

/** Migration 410: the revision a bridge in another process polls moves with sensors and credentials, per city. */
describe('registry revisions (PGlite)', () => {
  let dir: string;
  let store: CityStore;
  const live = () => liveDataStores(store);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-revisions-'));
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves once per saving statement of sensors or credentials, for that city only; readings do not move it', async () => {
    const a = makeCityFixture({ cityId: 'rev-a' });
    const b = makeCityFixture({ cityId: 'rev-b' });
    expect(a.sensors.length).toBeGreaterThan(1);
    expect(await live().revisions.of('rev-a')).toBe(0);
    await store.saveCity(a);
    await store.saveCity(b);
    const a1 = await live().revisions.of('rev-a');
    const b1 = await live().revisions.of('rev-b');
    expect(a1).toBeGreaterThan(0);
    expect(b1).toBeGreaterThan(0);
    // Thresholds of one sensor of city A: A moves, B does not.
    const s = a.sensors[0]!;
    await store.saveCity({ ...a, sensors: [{ ...s, thresholds: { ...s.thresholds, hi: 42 } }] }, 'merge');
    const a2 = await live().revisions.of('rev-a');
    expect(a2).toBeGreaterThan(a1);
    expect(await live().revisions.of('rev-b')).toBe(b1);
    // A credential saved, then deleted.
    await live().devices.save('rev-a', { sensorId: s.id, salt: 'x', hash: 'y', createdAt: 1 });
    const a3 = await live().revisions.of('rev-a');
    expect(a3).toBeGreaterThan(a2);
    expect(await live().devices.delete('rev-a', s.id)).toBe(true);
    const a4 = await live().revisions.of('rev-a');
    expect(a4).toBeGreaterThan(a3);
    // Readings, however many, leave it alone.
    await live().readings.insert('rev-a', [{ sensorId: s.id, ts: 1, value: 1, seq: 1 }], 2);
    expect(await live().revisions.of('rev-a')).toBe(a4);
    // A sensor deleted moves it.
    expect(await store.deleteRecords('rev-a', 'sensors', [s.id])).toBe(1);
    expect(await live().revisions.of('rev-a')).toBeGreaterThan(a4);
    expect(await live().revisions.of('rev-b')).toBe(b1);
  });
});
