import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../store/migrate.js';
import { MIGRATIONS } from '../../store/migrations/index.js';
import { openPgClient } from '../../store/pg-client.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { openPgliteWorkerClient } from '../../store/pglite-worker-client.js';
import { DAY_MS, DAYS_AHEAD, leafName, listDayPartitions } from '../../store/readings/readings-partitions.js';
import { ReadingsStore, type ReadingBucket, type StoredReading } from '../../store/readings/readings-store.js';
import type { SqlClient } from '../../store/sql-client.js';
import { expectClose } from '../helpers/expect-close.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../helpers/postgres-test-db.js';

const CITY = 'c1';
/** The twin's clock: a day start, so "today" is the UTC day [NOW, NOW + DAY). */
const NOW = Date.UTC(2026, 10, 22);
const day = (d: number) => NOW + d * DAY_MS;

/** A seeded generator (LCG), so a failure replays. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Readings of two sensors at irregular times over [from, to), values with decimals (sums are not exact). */
function series(from: number, to: number, seed: number, firstSeq: number): StoredReading[] {
  const next = random(seed);
  const out: StoredReading[] = [];
  let seq = firstSeq;
  for (let t = from; t < to; t += 1000 + Math.floor(next() * 120_000)) {
    for (const sensorId of ['s-a', 's-b']) out.push({ sensorId, ts: t, value: next() * 100 - 20, seq: seq++ });
  }
  return out;
}

/** The reference: buckets of `stepMs` computed in JavaScript from raw readings, as the API defines them. */
function aggregate(readings: readonly StoredReading[], stepMs: number): ReadingBucket[] {
  const by = new Map<number, ReadingBucket & { sum: number }>();
  for (const r of readings) {
    const t = Math.floor(r.ts / stepMs) * stepMs;
    const b = by.get(t);
    if (b === undefined) by.set(t, { ts: t, min: r.value, max: r.value, mean: 0, count: 1, sum: r.value });
    else {
      b.min = Math.min(b.min, r.value);
      b.max = Math.max(b.max, r.value);
      b.count++;
      b.sum += r.value;
    }
  }
  return [...by.values()].sort((a, b) => a.ts - b.ts).map(({ sum, ...b }) => ({ ...b, mean: sum / b.count }));
}

function expectSameBuckets(actual: readonly ReadingBucket[], expected: readonly ReadingBucket[], what: string): void {
  expect(
    actual.map((b) => [b.ts, b.count, b.min, b.max]),
    what,
  ).toEqual(expected.map((b) => [b.ts, b.count, b.min, b.max]));
  actual.forEach((b, i) => expectClose(b.mean, expected[i]!.mean, 1e-9, `${what} mean at ${b.ts}`));
}

/** Which table each stored reading of the city sits in, by day partition name. */
async function placement(db: SqlClient): Promise<Record<string, number>> {
  const rows = await db.query<{ t: string; n: number }>(
    `SELECT tableoid::regclass::text AS t, count(*)::int AS n FROM readings WHERE city_id = $1 GROUP BY 1`,
    [CITY],
  );
  return Object.fromEntries(rows.map((r) => [r.t.replace(/^.*\./, ''), r.n]));
}

/** Every minute and hour rollup of `sensors` in [from, to) equals a JavaScript aggregate of their raw readings. */
async function expectRollupsMatchRaw(
  db: SqlClient,
  readings: ReadingsStore,
  sensors: readonly string[],
  from: number,
  to: number,
): Promise<void> {
  for (const [table, width] of [
    ['readings_1m', 60_000],
    ['readings_1h', 3_600_000],
  ] as const) {
    const rolled = await db.query<{ s: string; t: number; n: number; sum: number; min: number; max: number }>(
      `SELECT sensor_id AS s, bucket::float8 AS t, sum(n)::float8 AS n, sum(sum) AS sum, min(min) AS min, max(max) AS max
       FROM ${table} WHERE city_id = $1 AND bucket >= $2 AND bucket < $3 GROUP BY 1, 2 ORDER BY 1, 2`,
      [CITY, from, to],
    );
    for (const sensorId of sensors) {
      const raw = await readings.list(CITY, sensorId, { from, to, limit: 100_000 });
      const expected = aggregate(raw, width);
      const got = rolled.filter((r) => r.s === sensorId);
      expect(
        got.map((r) => [r.t, r.n, r.min, r.max]),
        `${table} ${sensorId}`,
      ).toEqual(expected.map((b) => [b.ts, b.count, b.min, b.max]));
      got.forEach((r, i) => expectClose(r.sum / r.n, expected[i]!.mean, 1e-9, `${table} ${sensorId} mean`));
    }
  }
}

function suite(openClient: () => Promise<SqlClient>): void {
  let db: SqlClient;
  let readings: ReadingsStore;
  const all = () => readings.list(CITY, 's-a', { from: 0, to: day(10), limit: 100_000 });

  beforeAll(async () => {
    db = await openClient();
    // A database of an earlier release: readings stored before migration 102, live ones over three days and one
    // imported reading from 2019.
    await runMigrations(
      db,
      MIGRATIONS.filter((m) => m.version < 102),
    );
    await db.query(
      `INSERT INTO readings (city_id, sensor_id, ts, value, seq, received_at, imported)
       SELECT $1, 's-a', $2::bigint + g * 3600000, g, g, 0, false FROM generate_series(0, 71) AS g`,
      [CITY, day(-3)],
    );
    await db.query(
      `INSERT INTO readings (city_id, sensor_id, ts, value, seq, received_at, imported) VALUES ($1, 's-a', $2, 7.5, $2, 0, true)`,
      [CITY, Date.UTC(2019, 5, 1)],
    );
    await runMigrations(db);
    readings = new ReadingsStore(db);
  });
  afterAll(() => db?.close());

  it('the migration keeps every reading, and maintenance moves them into day partitions made ahead', async () => {
    expect(await readings.count(CITY)).toBe(73);
    expect(await placement(db)).toEqual({ readings_live_default: 72, readings_history: 1 });

    const done = await readings.maintain({ now: NOW + 3_600_000, retentionDays: 0 });
    const days = (await listDayPartitions(db, 'readings_live')).map((p) => p.from);
    // The three days of the old rows, today and DAYS_AHEAD more.
    expect(days).toEqual([-3, -2, -1, 0, 1, 2].map(day));
    expect(DAYS_AHEAD).toBe(2);
    expect(done.created).toContain(leafName('readings_live', day(-3)));
    expect(done.created).toContain(leafName('readings_1m_live', day(2)));
    expect(await placement(db)).toEqual({
      [leafName('readings_live', day(-3))]: 24,
      [leafName('readings_live', day(-2))]: 24,
      [leafName('readings_live', day(-1))]: 24,
      readings_history: 1,
    });
    // Nothing to do a second time.
    expect((await readings.maintain({ now: NOW + 7_200_000, retentionDays: 0 })).created).toEqual([]);
    expect((await all()).map((r) => r.value)).toEqual([7.5, ...Array.from({ length: 72 }, (_, i) => i)]);
  });

  it('stores a batch across partitions and the default one, and drops a repeated seq within a day', async () => {
    const batch: StoredReading[] = [
      { sensorId: 's-c', ts: day(0) + 5, value: 1, seq: 1 },
      { sensorId: 's-c', ts: day(1) + 5, value: 2, seq: 2 },
      { sensorId: 's-c', ts: day(-20), value: 3, seq: 3 }, // no partition for that day: the default one takes it
      { sensorId: 's-c', ts: day(1) + 9, value: 4, seq: 2 }, // the same seq again that day: a duplicate
    ];
    expect(await readings.insert(CITY, batch, NOW)).toBe(3);
    const where = await db.query<{ t: string; ts: number }>(
      `SELECT tableoid::regclass::text AS t, ts::float8 AS ts FROM readings WHERE sensor_id = 's-c' ORDER BY ts`,
    );
    expect(where.map((r) => r.t.replace(/^.*\./, ''))).toEqual([
      'readings_live_default',
      leafName('readings_live', day(0)),
      leafName('readings_live', day(1)),
    ]);
    expect(await readings.insert(CITY, batch, NOW)).toBe(0);
  });

  it('keeps minute and hour rollups equal to an independent aggregate of the raw readings', async () => {
    // Two inserts over the same buckets (the second one later, out of order), live and imported. The second one
    // repeats the first one's readings among its new ones: duplicates and new readings in the same batch.
    const live = series(day(0) + 1234, day(2) - 777, 7, 1_000);
    const half = Math.floor(live.length / 2);
    expect(await readings.insert(CITY, live.slice(half), NOW)).toBe(live.length - half);
    expect(await readings.insert(CITY, live, NOW)).toBe(half);
    await readings.insert(CITY, series(Date.UTC(2019, 5, 1, 3), Date.UTC(2019, 5, 1, 9), 8, 1), NOW, {
      imported: true,
    });
    await expectRollupsMatchRaw(db, readings, ['s-a', 's-b', 's-c'], -1, day(10));
  });

  it('answers bucketed reads from the rollups exactly as from the raw readings, ragged window edges included', async () => {
    const from = day(0) + 1_234_567,
      to = day(2) - 98_765;
    const raw = await readings.list(CITY, 's-b', { from, to, limit: 100_000 });
    expect(raw.length).toBeGreaterThan(1000);
    for (const stepMs of [60_000, 300_000, 3_600_000, 6 * 3_600_000, DAY_MS, 45_000]) {
      const got = await readings.buckets(CITY, 's-b', { from, to, stepMs, limit: 100_000 });
      expectSameBuckets(got, aggregate(raw, stepMs), `step ${stepMs}`);
    }
    // Imported history through the rollups too.
    const history = await readings.list(CITY, 's-a', { from: 0, to: Date.UTC(2020, 0, 1), limit: 100_000 });
    const got = await readings.buckets(CITY, 's-a', { from: 0, to: Date.UTC(2020, 0, 1), stepMs: DAY_MS, limit: 10 });
    expectSameBuckets(got, aggregate(history, DAY_MS), 'imported history by day');
  });

  it('reads whole hours from the hour rollups: a day at 1 h still answers once its raw minutes are gone', async () => {
    // Bypass the store to prove where the answer comes from: empty the raw day partition, leave the rollups.
    const before = await readings.buckets(CITY, 's-b', { from: day(1), to: day(2), stepMs: 3_600_000, limit: 100 });
    expect(before.length).toBe(24);
    const leaf = leafName('readings_live', day(1));
    await db.exec(`CREATE TABLE saved_day AS SELECT * FROM ${leaf}; TRUNCATE ${leaf}`);
    try {
      expect(await readings.list(CITY, 's-b', { from: day(1), to: day(2), limit: 10 })).toEqual([]);
      expect(await readings.buckets(CITY, 's-b', { from: day(1), to: day(2), stepMs: 3_600_000, limit: 100 })).toEqual(
        before,
      );
      // A step of 45 s is no multiple of a minute: raw readings only, and they are gone.
      expect(await readings.buckets(CITY, 's-b', { from: day(1), to: day(2), stepMs: 45_000, limit: 100 })).toEqual([]);
    } finally {
      await db.exec(`INSERT INTO ${leaf} SELECT * FROM saved_day; DROP TABLE saved_day`);
    }
  });

  it('retention drops whole day partitions, readings and minute rollups, and keeps imported history', async () => {
    const liveBefore = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM readings WHERE NOT imported AND ts < $1`,
      [day(1)],
    );
    const historyOf = async (sensor: string) =>
      (
        await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM readings WHERE imported AND sensor_id = $1`, [
          sensor,
        ])
      )[0]!.n;
    const historyBefore = [await historyOf('s-a'), await historyOf('s-b')];
    expect(historyBefore[0]).toBeGreaterThan(1);
    expect(liveBefore[0]!.n).toBeGreaterThan(72);

    // 30 days at day 31 + 1 h: every live day before day 1 goes (days -3..0 and the stray from day -20).
    const done = await readings.maintain({ now: day(31) + 3_600_000, retentionDays: 30 });
    expect(done.deleted).toBe(liveBefore[0]!.n);
    const days = (await listDayPartitions(db, 'readings_live')).map((p) => p.from);
    expect(days[0]).toBe(day(1));
    expect((await listDayPartitions(db, 'readings_1m_live')).map((p) => p.from)[0]).toBe(day(1));
    expect(await db.query(`SELECT 1 FROM readings WHERE NOT imported AND ts < $1`, [day(1)])).toEqual([]);
    expect(await db.query(`SELECT 1 FROM readings_1m WHERE NOT imported AND bucket < $1`, [day(1)])).toEqual([]);
    expect(await db.query(`SELECT 1 FROM readings_1h WHERE NOT imported AND bucket < $1`, [day(1)])).toEqual([]);
    expect([await historyOf('s-a'), await historyOf('s-b')]).toEqual(historyBefore);
    const history = await readings.buckets(CITY, 's-a', {
      from: 0,
      to: Date.UTC(2020, 0, 1),
      stepMs: DAY_MS,
      limit: 10,
    });
    expect(history.reduce((n, b) => n + b.count, 0)).toBe(historyBefore[0]);
    // Day 1 is kept whole and still rolled up right; the partitions ahead of day 31 were made.
    const raw = await readings.list(CITY, 's-a', { from: day(1), to: day(2), limit: 100_000 });
    expectSameBuckets(
      await readings.buckets(CITY, 's-a', { from: day(1), to: day(2), stepMs: 3_600_000, limit: 100 }),
      aggregate(raw, 3_600_000),
      'day 1 after retention',
    );
    expect(days.slice(-3)).toEqual([day(31), day(32), day(33)]);
  });

  it('stores every reading while maintenance makes and fills partitions at the same time (no deadlock, none lost)', async () => {
    // Days 50-56 have no partitions yet: readings for them go to the default partition until maintenance makes one.
    // Twelve overlapping day-long batches, each of its own seq range.
    const batches = Array.from({ length: 12 }, (_, i) =>
      series(day(50) + i * (DAY_MS / 2), day(51) + i * (DAY_MS / 2), 100 + i, 1e6 * (i + 1)),
    );
    const expected = batches.reduce((n, b) => n + b.length, 0);
    const results = await Promise.all([
      ...batches.slice(0, 6).map((b) => readings.insert(CITY, b, NOW)),
      readings.maintain({ now: day(54) + 1000, retentionDays: 0 }),
      ...batches.slice(6).map((b) => readings.insert(CITY, b, NOW)),
    ]);
    expect(results.filter((r) => typeof r === 'number').reduce<number>((n, r) => n + (r as number), 0)).toBe(expected);
    await readings.maintain({ now: day(56) + 1000, retentionDays: 0 });
    const stored = await db.query<{ n: number; strays: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE tableoid = 'readings_live_default'::regclass)::int AS strays
       FROM readings WHERE ts >= $1 AND ts < $2`,
      [day(50), day(57)],
    );
    expect(stored[0]).toEqual({ n: expected, strays: 0 });
    const raw = await readings.list(CITY, 's-a', { from: day(50), to: day(57), limit: 100_000 });
    expectSameBuckets(
      await readings.buckets(CITY, 's-a', { from: day(50), to: day(57), stepMs: 3_600_000, limit: 1000 }),
      aggregate(raw, 3_600_000),
      'days 50-56 after concurrent maintenance',
    );
  });

  it('a deliberate delete (readings delete) leaves the rollups equal to the readings left, cut buckets included', async () => {
    const sel = { sensorId: 's-b', from: day(52) + 1_234_567, to: day(53) + 7_654_321, source: 'live' as const };
    const before = await readings.tally(CITY, sel);
    expect(before.live).toBeGreaterThan(100);
    expect(await readings.deleteSelected(CITY, sel)).toEqual(before);
    expect(await readings.tally(CITY, sel)).toEqual({ imported: 0, live: 0 });
    await expectRollupsMatchRaw(db, readings, ['s-a', 's-b'], day(50), day(57));
    // And imported history of one sensor, every time.
    const history = { sensorId: 's-a', source: 'imported' as const };
    expect((await readings.deleteSelected(CITY, history)).imported).toBeGreaterThan(1);
    expect(await readings.buckets(CITY, 's-a', { from: 0, to: day(-30), stepMs: DAY_MS, limit: 10 })).toEqual([]);
    await expectRollupsMatchRaw(db, readings, ['s-a', 's-b'], -1, day(60));
  });
}

describe('readings partitions and rollups (pglite)', () => {
  suite(() => openPgliteClient());
});

describe('readings partitions and rollups (pglite on its worker thread)', () => {
  suite(() => openPgliteWorkerClient());
});

describePostgres('readings partitions and rollups (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName('gt_parts');
  afterAll(() => dropSchema(databaseUrl, schema));
  suite(() => openPgClient(databaseUrl, { schema }));
});
