/**
 * Readings at scale, before and after migration 102 (ADR 0010), on PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL,
 * else TEST_DATABASE_URL; without one, embedded PGlite in memory with a tenth of the rows). Each side gets its own
 * schema: "before" stops at migration 101 (one unpartitioned table, no rollups, the insert and bucket SQL of that
 * release, copied here), "after" runs every migration and the store as it is. Both store the same BENCH_READINGS
 * readings (default 2,000,000): BENCH_SENSORS sensors (16) every BENCH_INTERVAL_S seconds (5), in time order, in the bridge's batches of
 * 5,000. Figures: insert rate, a week-long chart of one sensor at 1 h and at 5 min steps (median of 7), and retention
 * of one day (row DELETE before, partition drop after).
 */
import pg from 'pg';
import { runMigrations } from '../../store/migrate.js';
import { MIGRATIONS } from '../../store/migrations/index.js';
import { openPgClient } from '../../store/pg-client.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { DAY_MS, DAY_PARTITIONED, dayStart, ensureDayPartitions } from '../../store/readings/readings-partitions.js';
import { ReadingsStore, type StoredReading } from '../../store/readings/readings-store.js';
import type { SqlClient } from '../../store/sql-client.js';

const CITY = 'bench-city';
const BATCH = 5000;

/** The insert of the release before migration 102 (store/readings/readings-store.ts then). */
const INSERT_BEFORE = `WITH ins AS (
  INSERT INTO readings (city_id, sensor_id, ts, value, seq, received_at, imported)
  SELECT $1::text, u.sensor_id, u.ts, u.value, u.seq, $6::bigint, $7::boolean
  FROM unnest($2::text[], $3::bigint[], $4::float8[], $5::bigint[]) AS u(sensor_id, ts, value, seq)
  ON CONFLICT DO NOTHING RETURNING 1)
  SELECT count(*)::int AS n FROM ins`;

/** Its bucketed read: every raw reading of the window grouped by step. */
const BUCKETS_BEFORE = `SELECT (ts - (ts % $5::bigint))::float8 AS t, min(value) AS min, max(value) AS max, avg(value) AS mean,
  count(*)::int AS n FROM readings WHERE city_id = $1 AND sensor_id = $2 AND ts >= $3 AND ts < $4
  GROUP BY 1 ORDER BY 1 LIMIT $6`;

interface Side {
  insert(batch: readonly StoredReading[]): Promise<number>;
  chart(sensorId: string, from: number, to: number, stepMs: number): Promise<number>;
  retain(beforeMs: number): Promise<number>;
}

function beforeSide(db: SqlClient): Side {
  return {
    insert: (batch) =>
      db.transaction(async (tx) => {
        const rows = await tx.query<{ n: number }>(INSERT_BEFORE, [
          CITY,
          batch.map((r) => r.sensorId),
          batch.map((r) => r.ts),
          batch.map((r) => r.value),
          batch.map((r) => r.seq),
          Date.now(),
          false,
        ]);
        return rows[0]?.n ?? 0;
      }),
    chart: async (sensorId, from, to, stepMs) =>
      (await db.query(BUCKETS_BEFORE, [CITY, sensorId, from, to, stepMs, 100_000])).length,
    retain: async (beforeMs) =>
      (
        await db.query<{ n: number }>(
          'WITH del AS (DELETE FROM readings WHERE ts < $1 AND NOT imported RETURNING 1) SELECT count(*)::int AS n FROM del',
          [beforeMs],
        )
      )[0]?.n ?? 0,
  };
}

function afterSide(db: SqlClient): Side {
  const store = new ReadingsStore(db);
  return {
    insert: (batch) => store.insert(CITY, batch, Date.now()),
    chart: async (sensorId, from, to, stepMs) =>
      (await store.buckets(CITY, sensorId, { from, to, stepMs, limit: 100_000 })).length,
    retain: (beforeMs) => store.deleteBefore(beforeMs),
  };
}

async function median(times: number, run: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

/** Stores the readings in time order, batch after batch; answers readings a second. */
async function load(side: Side, sensors: number, total: number, t0: number, intervalMs: number): Promise<number> {
  const started = performance.now();
  let stored = 0;
  for (let tick = 0; stored < total;) {
    const batch: StoredReading[] = [];
    while (batch.length < BATCH && stored + batch.length < total) {
      for (let s = 0; s < sensors && batch.length < BATCH; s++) {
        const ts = t0 + tick * intervalMs;
        batch.push({ sensorId: `s${s}`, ts, value: 10 + Math.sin(tick / 500 + s) * 5 + (tick % 7) / 10, seq: tick });
      }
      tick++;
    }
    const n = await side.insert(batch);
    if (n !== batch.length) throw new Error(`stored ${n} of ${batch.length}`);
    stored += n;
  }
  return stored / ((performance.now() - started) / 1000);
}

async function openSide(url: string | undefined, schema: string): Promise<SqlClient> {
  if (url === undefined) return openPgliteClient();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  return openPgClient(url, { schema });
}

async function dropSchema(url: string | undefined, schema: string): Promise<void> {
  if (url === undefined) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}

export async function runReadingsBench(): Promise<Record<string, number | string>> {
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
  const total = Number(process.env.BENCH_READINGS ?? (url === undefined ? 200_000 : 2_000_000));
  const sensors = Number(process.env.BENCH_SENSORS ?? 16);
  const intervalMs = Number(process.env.BENCH_INTERVAL_S ?? 5) * 1000;
  const spanMs = Math.ceil(total / sensors) * intervalMs;
  // The data ends now; day boundaries fall inside it.
  const t0 = Date.now() - spanMs;
  const end = t0 + spanMs;
  const week = { from: end - 7 * DAY_MS + 123_457, to: end - 54_321 };
  const figures: Record<string, number | string> = {
    engine: url === undefined ? 'PGlite (in memory)' : 'PostgreSQL',
    readings: total,
    sensors,
    'interval, s': intervalMs / 1000,
    'span, days': spanMs / DAY_MS,
  };
  for (const name of ['before', 'after'] as const) {
    const schema = `gt_bench_readings_${name}`;
    const db = await openSide(url, schema);
    try {
      await runMigrations(db, name === 'before' ? MIGRATIONS.filter((m) => m.version < 102) : MIGRATIONS);
      if (name === 'after') {
        const days: number[] = [];
        for (let d = dayStart(t0); d < end + DAY_MS; d += DAY_MS) days.push(d);
        for (const table of DAY_PARTITIONED) await ensureDayPartitions(db, table, days);
      }
      const side = name === 'before' ? beforeSide(db) : afterSide(db);
      figures[`${name}: insert, readings/s`] = Math.round(await load(side, sensors, total, t0, intervalMs));
      if (url !== undefined) await db.exec('ANALYZE');
      const buckets = await side.chart('s3', week.from, week.to, 3_600_000);
      figures[`${name}: week chart at 1 h (${buckets} buckets), ms`] = await median(7, () =>
        side.chart('s3', week.from, week.to, 3_600_000),
      );
      figures[`${name}: week chart at 5 min, ms`] = await median(7, () =>
        side.chart('s3', week.from, week.to, 300_000),
      );
      const firstFullDay = dayStart(t0) + DAY_MS;
      const t = performance.now();
      const gone = await side.retain(firstFullDay + DAY_MS);
      figures[`${name}: retention of the oldest ${gone.toLocaleString('en')} readings, ms`] = performance.now() - t;
    } finally {
      await db.close();
      await dropSchema(url, schema);
    }
  }
  return figures;
}
