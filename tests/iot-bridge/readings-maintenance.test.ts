import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, leafName, listDayPartitions } from '../../store/readings/readings-partitions.js';
import { sqlClientOf } from '../../store/index.js';
import { startBridgeRig, type BridgeRig } from './bridge-fixture.js';

/** Polls `check` until it holds (or `ms` pass): the bridge runs its maintenance in the background at start. */
async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('the bridge runs the readings maintenance at start', () => {
  let rig: BridgeRig;
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  beforeAll(async () => {
    rig = await startBridgeRig({ bridge: { retentionDays: 30 } });
  });
  afterAll(() => rig?.close());

  it('makes the partitions of today and the next two days for readings and minute rollups', async () => {
    const db = sqlClientOf(rig.store);
    const ready = async () =>
      (await listDayPartitions(db, 'readings_1m_live')).some((p) => p.from === today + 2 * DAY_MS);
    expect(await waitFor(ready)).toBe(true);
    for (const parent of ['readings_live', 'readings_1m_live']) {
      expect((await listDayPartitions(db, parent)).map((p) => p.name)).toEqual(
        [0, 1, 2].map((d) => leafName(parent, today + d * DAY_MS)),
      );
    }
    // A reading of now goes to today's partition, not the default one.
    await rig.live.readings.insert(
      rig.city.city.id,
      [{ sensorId: 'sen-f-p1', ts: Date.now(), value: 1, seq: null }],
      0,
    );
    const where = await db.query<{ t: string }>(
      `SELECT tableoid::regclass::text AS t FROM readings WHERE sensor_id = 'sen-f-p1'`,
    );
    expect(where.map((r) => r.t.replace(/^.*\./, ''))).toEqual([leafName('readings_live', today)]);
  });
});
