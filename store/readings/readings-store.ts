import type { SqlClient, SqlExecutor } from '../sql-client.js';
import {
  DAY_MS,
  DAY_PARTITIONED,
  DAYS_AHEAD,
  dayStart,
  daysInDefault,
  dropDayPartitionsBefore,
  ensureDayPartitions,
  hasLiveBefore,
  lockDayPartitioned,
} from './readings-partitions.js';
import { planRollupSegments } from './rollup-plan.js';

/** A reading as stored: epoch ms, the sensor's unit. */
export interface StoredReading {
  sensorId: string;
  ts: number;
  value: number;
  seq: number | null;
}

/** One step of a downsampled series: the step's start (epoch ms) and min, max, mean and count of its readings. */
export interface ReadingBucket {
  ts: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

/** What `query` asks: a half-open time range [from, to) in epoch ms; with `stepMs`, buckets instead of raw readings. */
export interface ReadingsQuery {
  from: number;
  to: number;
  stepMs?: number;
  limit: number;
}

/** Which readings a deliberate delete takes: history brought by a file import, readings devices sent, or both. */
export type ReadingsSource = 'imported' | 'live' | 'all';

/** The readings of a city a deliberate delete selects: one sensor or all, a half-open time range [from, to). */
export interface ReadingsSelection {
  sensorId?: string;
  from?: number;
  to?: number;
  source: ReadingsSource;
}

/** How many readings a selection holds (or held), by source. */
export interface ReadingsTally {
  imported: number;
  live: number;
}

/** The WHERE clause and parameters of a selection; `$1` is the city. `time`: the column of the range (rollups: bucket). */
function selectionWhere(
  cityId: string,
  sel: ReadingsSelection,
  time: 'ts' | 'bucket' = 'ts',
): { where: string; params: unknown[] } {
  const params: unknown[] = [cityId];
  const where = ['city_id = $1'];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (sel.sensorId !== undefined) add('sensor_id = ?', sel.sensorId);
  if (sel.from !== undefined) add(`${time} >= ?`, sel.from);
  if (sel.to !== undefined) add(`${time} < ?`, sel.to);
  if (sel.source !== 'all') where.push(sel.source === 'imported' ? 'imported' : 'NOT imported');
  return { where: where.join(' AND '), params };
}

/**
 * Recomputes the minute and hour rollups a deleted selection touched from the raw readings left: the buckets that
 * overlap [from, to) (widened to whole buckets, as a range may cut one), of the selection's sensor and source. A min
 * or max cannot be subtracted, so the buckets are aggregated again. A writer adding to one of these buckets meanwhile
 * either committed before the re-aggregation (its readings are in it; the upsert overwrites) or waits on the row and
 * adds after it (its readings are not): counted once either way.
 */
async function rebuildRollups(tx: SqlExecutor, cityId: string, sel: ReadingsSelection): Promise<void> {
  for (const [table, width] of [
    ['readings_1m', 60_000],
    ['readings_1h', 3_600_000],
  ] as const) {
    const widened: ReadingsSelection = {
      ...sel,
      ...(sel.from === undefined ? {} : { from: Math.floor(sel.from / width) * width }),
      ...(sel.to === undefined ? {} : { to: Math.ceil(sel.to / width) * width }),
    };
    const rolled = selectionWhere(cityId, widened, 'bucket');
    await tx.query(`DELETE FROM ${table} WHERE ${rolled.where}`, rolled.params);
    const raw = selectionWhere(cityId, widened);
    await tx.query(
      `INSERT INTO ${table} AS r (city_id, sensor_id, imported, bucket, n, sum, min, max)
       SELECT city_id, sensor_id, imported, ${bucketOf('ts', String(width))} AS b, count(*), sum(value), min(value),
         max(value)
       FROM readings WHERE ${raw.where} GROUP BY city_id, sensor_id, imported, b ORDER BY sensor_id, b
       ON CONFLICT (city_id, sensor_id, bucket, imported) DO UPDATE SET n = EXCLUDED.n, sum = EXCLUDED.sum,
         min = EXCLUDED.min, max = EXCLUDED.max`,
      raw.params,
    );
  }
}

/** Rows per INSERT statement: bounds one statement's parameter arrays. */
const CHUNK_ROWS = 5000;

/** `floor(col / width) * width` for any sign: the start of the bucket of width `width` holding `col`. */
function bucketOf(col: string, width: string): string {
  return `(${col} - ((${col} % ${width}) + ${width}) % ${width})`;
}

/** Adds the aggregates of the rows just inserted (`ins`) to a rollup table, one upsert per sensor and bucket. */
function rollupUpsert(table: string, widthMs: number): string {
  return `INSERT INTO ${table} AS r (city_id, sensor_id, imported, bucket, n, sum, min, max)
  SELECT $1::text, sensor_id, $7::boolean, ${bucketOf('ts', String(widthMs))} AS b, count(*), sum(value), min(value), max(value)
  FROM ins GROUP BY sensor_id, b ORDER BY sensor_id, b
  ON CONFLICT (city_id, sensor_id, bucket, imported) DO UPDATE SET n = r.n + EXCLUDED.n, sum = r.sum + EXCLUDED.sum,
    min = LEAST(r.min, EXCLUDED.min), max = GREATEST(r.max, EXCLUDED.max)`;
}

const INSERT_COLUMNS = `INSERT INTO readings (city_id, sensor_id, ts, value, seq, received_at, imported)
  SELECT $1::text, u.sensor_id, u.ts, u.value, u.seq, $6::bigint, $7::boolean
  FROM unnest($2::text[], $3::bigint[], $4::float8[], $5::bigint[]) AS u(sensor_id, ts, value, seq)`;

/**
 * One statement per chunk, the columns as four array parameters (`unnest` turns them back into rows): no JSON to
 * build or parse per reading, and PostgreSQL and PGlite both take typed arrays as parameters. The rows it really
 * inserted (duplicates dropped) are rolled up in the same statement, so the rollups always equal the raw readings.
 * Upserts go in (sensor, bucket) order, so two writers touching the same buckets wait for each other, never deadlock.
 */
const INSERT_SQL = `WITH ins AS (${INSERT_COLUMNS}
  ON CONFLICT DO NOTHING RETURNING sensor_id, ts, value),
  m AS (${rollupUpsert('readings_1m', 60_000)}),
  h AS (${rollupUpsert('readings_1h', 3_600_000)})
  SELECT count(*)::int AS n FROM ins`;

/** Adds one batch's per-(sensor, bucket) aggregates, given as six array parameters from `$first` on, to a rollup. */
function deltaUpsert(table: string, first: number): string {
  const [s, b, n, sum, min, max] = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`);
  return `INSERT INTO ${table} AS r (city_id, sensor_id, imported, bucket, n, sum, min, max)
  SELECT $1::text, d.sensor_id, $7::boolean, d.bucket, d.n, d.sum, d.min, d.max
  FROM unnest(${s}::text[], ${b}::bigint[], ${n}::bigint[], ${sum}::float8[], ${min}::float8[], ${max}::float8[])
    AS d(sensor_id, bucket, n, sum, min, max)
  ON CONFLICT (city_id, sensor_id, bucket, imported) DO UPDATE SET n = r.n + EXCLUDED.n, sum = r.sum + EXCLUDED.sum,
    min = LEAST(r.min, EXCLUDED.min), max = GREATEST(r.max, EXCLUDED.max)`;
}

/**
 * The common case, a chunk without duplicates: a plain insert (no RETURNING rows to aggregate in SQL, no speculative
 * insertion) and the rollups upserted from the chunk's aggregates computed here, one row per sensor and minute or
 * hour. A duplicate makes the unique index raise 23505 and the chunk is written again with {@link INSERT_SQL}. About
 * a third less database time per reading than INSERT_SQL on PGlite; same lock order (readings, minutes, hours, each
 * upsert in sensor and bucket order).
 */
const FAST_INSERT_SQL = `WITH ins AS (${INSERT_COLUMNS}),
  m AS (${deltaUpsert('readings_1m', 8)})
  ${deltaUpsert('readings_1h', 14)}`;

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/** The aggregates of a chunk per (sensor, bucket of `widthMs`), as the six array parameters of {@link deltaUpsert}. */
function rollupDelta(readings: readonly StoredReading[], widthMs: number): unknown[] {
  const by = new Map<string, Map<number, { n: number; sum: number; min: number; max: number }>>();
  for (const r of readings) {
    const bucket = r.ts - (((r.ts % widthMs) + widthMs) % widthMs);
    let sensor = by.get(r.sensorId);
    if (!sensor) by.set(r.sensorId, (sensor = new Map()));
    const a = sensor.get(bucket);
    if (a === undefined) sensor.set(bucket, { n: 1, sum: r.value, min: r.value, max: r.value });
    else {
      a.n++;
      a.sum += r.value;
      if (r.value < a.min) a.min = r.value;
      if (r.value > a.max) a.max = r.value;
    }
  }
  const cols: [string[], number[], number[], number[], number[], number[]] = [[], [], [], [], [], []];
  // Sensor ids compare as the "C" collation does (code units), so the upserts lock rows in the index's order.
  for (const id of [...by.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))) {
    const sensor = by.get(id)!;
    for (const bucket of [...sensor.keys()].sort((x, y) => x - y)) {
      const a = sensor.get(bucket)!;
      cols[0].push(id);
      cols[1].push(bucket);
      cols[2].push(a.n);
      cols[3].push(a.sum);
      cols[4].push(a.min);
      cols[5].push(a.max);
    }
  }
  return cols;
}

/**
 * Sensor readings in the `readings` table (migrations 100-102: partitioned by day, with minute and hour rollups).
 * Duplicates (same sensor and `seq` within a UTC day) are dropped by each partition's unique index, so a redelivered
 * MQTT message or a second bridge never stores a reading twice. Readings always come back in time order, however
 * late they arrived.
 */
export class ReadingsStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * Most readings per `insert` worth sending at once. A transaction has a fixed cost of several ms (PGlite on its
   * worker: ~16-17 us CPU per reading at 1000 a transaction, ~10-13 us at 5000), so a backlog goes in large ones;
   * on a database that runs on the caller's thread, 1000 (~10-20 ms) bounds how long that thread stalls.
   */
  get maxBatch(): number {
    return this.db.blocksThisThread === true ? 1000 : CHUNK_ROWS;
  }

  /**
   * Writes readings in one transaction; answers how many were new (the rest were duplicates).
   * `receivedAt` is the bridge's clock when the batch was taken. `imported` marks history brought by a file import:
   * retention ({@link deleteBefore}) keeps it.
   */
  async insert(
    cityId: string,
    readings: readonly StoredReading[],
    receivedAt: number,
    options: { imported?: boolean } = {},
  ): Promise<number> {
    if (readings.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      let inserted = 0;
      for (let start = 0; start < readings.length; start += CHUNK_ROWS) {
        const end = Math.min(readings.length, start + CHUNK_ROWS);
        const n = end - start;
        const sensorIds = new Array<string>(n),
          ts = new Array<number>(n),
          values = new Array<number>(n),
          seqs = new Array<number | null>(n);
        for (let i = 0; i < n; i++) {
          const r = readings[start + i]!;
          sensorIds[i] = r.sensorId;
          ts[i] = r.ts;
          values[i] = r.value;
          seqs[i] = r.seq;
        }
        const params = [cityId, sensorIds, ts, values, seqs, receivedAt, options.imported === true];
        const chunk = readings.slice(start, end);
        await tx.exec('SAVEPOINT readings_chunk');
        try {
          await tx.query(FAST_INSERT_SQL, [...params, ...rollupDelta(chunk, 60_000), ...rollupDelta(chunk, 3_600_000)]);
          await tx.exec('RELEASE SAVEPOINT readings_chunk');
          inserted += n;
        } catch (err) {
          if ((err as { code?: unknown }).code !== UNIQUE_VIOLATION) throw err;
          await tx.exec('ROLLBACK TO SAVEPOINT readings_chunk');
          const result = await tx.query<{ n: number }>(INSERT_SQL, params);
          inserted += result[0]?.n ?? 0;
        }
      }
      return inserted;
    });
  }

  /** Raw readings of a sensor in [from, to), oldest first, at most `limit`. */
  async list(cityId: string, sensorId: string, query: ReadingsQuery): Promise<StoredReading[]> {
    const rows = await this.db.query<{ ts: number; value: number; seq: number | null }>(
      `SELECT ts::float8 AS ts, value, seq::float8 AS seq FROM readings
       WHERE city_id = $1 AND sensor_id = $2 AND ts >= $3 AND ts < $4 ORDER BY ts, seq NULLS FIRST LIMIT $5`,
      [cityId, sensorId, query.from, query.to, query.limit],
    );
    return rows.map((r) => ({
      sensorId,
      ts: Number(r.ts),
      value: Number(r.value),
      seq: r.seq === null ? null : Number(r.seq),
    }));
  }

  /**
   * Downsampled: one bucket per `stepMs` (aligned to epoch multiples of the step) holding readings, oldest first. A
   * step of whole minutes or hours reads the rollups for the whole minutes and hours of the window and raw readings
   * only for its ragged edges (see `planRollupSegments`): a week at 1 h reads 168 rollup rows a sensor instead of
   * every reading.
   */
  async buckets(cityId: string, sensorId: string, query: ReadingsQuery & { stepMs: number }): Promise<ReadingBucket[]> {
    const step = query.stepMs;
    const params: unknown[] = [cityId, sensorId, step, query.limit];
    const parts = planRollupSegments(query.from, query.to, step).map(({ tier, from, to }) => {
      params.push(from, to);
      const lo = `$${params.length - 1}`,
        hi = `$${params.length}`;
      return tier.table === 'readings'
        ? `SELECT ${bucketOf('ts', '$3::bigint')} AS t, value AS mn, value AS mx, value AS s, 1::float8 AS n
           FROM readings WHERE city_id = $1 AND sensor_id = $2 AND ts >= ${lo} AND ts < ${hi}`
        : `SELECT ${bucketOf('bucket', '$3::bigint')} AS t, min AS mn, max AS mx, sum AS s, n::float8 AS n
           FROM ${tier.table} WHERE city_id = $1 AND sensor_id = $2 AND bucket >= ${lo} AND bucket < ${hi}`;
    });
    if (parts.length === 0) return [];
    const rows = await this.db.query<{ t: number; min: number; max: number; mean: number; n: number }>(
      `SELECT t::float8 AS t, min(mn) AS min, max(mx) AS max, sum(s) / sum(n) AS mean, sum(n)::float8 AS n
       FROM (${parts.join(' UNION ALL ')}) AS parts GROUP BY t ORDER BY t LIMIT $4`,
      params,
    );
    return rows.map((r) => ({
      ts: Number(r.t),
      min: Number(r.min),
      max: Number(r.max),
      mean: Number(r.mean),
      count: Number(r.n),
    }));
  }

  /** What a sensor holds: its first and last reading times (null when none) and how many. */
  async range(cityId: string, sensorId: string): Promise<{ first: number | null; last: number | null; count: number }> {
    const rows = await this.db.query<{ first: number | null; last: number | null; n: number }>(
      `SELECT min(ts)::float8 AS first, max(ts)::float8 AS last, count(*)::int AS n
       FROM readings WHERE city_id = $1 AND sensor_id = $2`,
      [cityId, sensorId],
    );
    const r = rows[0];
    return {
      first: r?.first == null ? null : Number(r.first),
      last: r?.last == null ? null : Number(r.last),
      count: Number(r?.n ?? 0),
    };
  }

  /** Number of readings of a sensor (all sensors when `sensorId` is omitted). */
  async count(cityId: string, sensorId?: string): Promise<number> {
    const rows =
      sensorId === undefined
        ? await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM readings WHERE city_id = $1', [cityId])
        : await this.db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM readings WHERE city_id = $1 AND sensor_id = $2',
            [cityId, sensorId],
          );
    return rows[0]?.n ?? 0;
  }

  /** How many readings a selection holds, imported and live apart (a dry run of {@link deleteSelected}). */
  async tally(cityId: string, sel: ReadingsSelection): Promise<ReadingsTally> {
    const { where, params } = selectionWhere(cityId, sel);
    const rows = await this.db.query<{ imported: number; live: number }>(
      `SELECT count(*) FILTER (WHERE imported)::int AS imported, count(*) FILTER (WHERE NOT imported)::int AS live
       FROM readings WHERE ${where}`,
      params,
    );
    return { imported: Number(rows[0]?.imported ?? 0), live: Number(rows[0]?.live ?? 0) };
  }

  /**
   * Deletes the readings of a selection on purpose (imported history included, unlike retention); answers what went,
   * imported and live apart.
   */
  async deleteSelected(cityId: string, sel: ReadingsSelection): Promise<ReadingsTally> {
    const { where, params } = selectionWhere(cityId, sel);
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ imported: number; live: number }>(
        `WITH del AS (DELETE FROM readings WHERE ${where} RETURNING imported)
         SELECT count(*) FILTER (WHERE imported)::int AS imported, count(*) FILTER (WHERE NOT imported)::int AS live
         FROM del`,
        params,
      );
      const gone = { imported: Number(rows[0]?.imported ?? 0), live: Number(rows[0]?.live ?? 0) };
      if (gone.imported + gone.live > 0) await rebuildRollups(tx, cityId, sel);
      return gone;
    });
  }

  /**
   * Retention: removes live readings of the UTC days that end at or before `beforeMs` (every city); answers how many
   * went. Whole day partitions are dropped (live readings and their minute rollups), not deleted row by row; only the
   * default partition's few strays and the hour rollups are deleted. A day is kept until it is wholly past the cut,
   * so retention keeps at least what it promises. Imported history is kept: it lives in partitions never dropped.
   */
  async deleteBefore(beforeMs: number): Promise<number> {
    const cut = dayStart(beforeMs);
    // Most hourly runs find nothing to do: they must not take the exclusive locks (inserts would queue behind them).
    if (!(await hasLiveBefore(this.db, cut))) return 0;
    return this.db.transaction(async (tx) => {
      await lockDayPartitioned(tx);
      // The minute rollups count the live readings exactly, without scanning the partitions about to go.
      const rows = await tx.query<{ n: number }>(
        'SELECT coalesce(sum(n), 0)::float8 AS n FROM readings_1m_live WHERE bucket < $1',
        [cut],
      );
      for (const table of DAY_PARTITIONED) await dropDayPartitionsBefore(tx, table, cut);
      await tx.query('DELETE FROM readings_1h WHERE NOT imported AND bucket < $1', [cut]);
      return Number(rows[0]?.n ?? 0);
    });
  }

  /**
   * The periodic maintenance (at start and hourly): retention first (`retentionDays` 0 keeps everything), then a
   * partition for today and the next {@link DAYS_AHEAD} days, and one for each day the default partition still
   * holds readings of (readings kept through the migration, late ones). Answers what it did.
   */
  async maintain(options: { now: number; retentionDays: number }): Promise<{ deleted: number; created: string[] }> {
    const { now, retentionDays } = options;
    const deleted = retentionDays > 0 ? await this.deleteBefore(now - retentionDays * DAY_MS) : 0;
    const today = dayStart(now);
    const ahead = Array.from({ length: DAYS_AHEAD + 1 }, (_, i) => today + i * DAY_MS);
    const created: string[] = [];
    for (const table of DAY_PARTITIONED) {
      const strays = await daysInDefault(this.db, table, 0);
      created.push(...(await ensureDayPartitions(this.db, table, [...ahead, ...strays.filter((d) => d <= today)])));
    }
    return { deleted, created };
  }
}
