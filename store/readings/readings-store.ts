import type { SqlClient } from '../sql-client.js';

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

/** The WHERE clause and parameters of a selection; `$1` is the city. */
function selectionWhere(cityId: string, sel: ReadingsSelection): { where: string; params: unknown[] } {
  const params: unknown[] = [cityId];
  const where = ['city_id = $1'];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (sel.sensorId !== undefined) add('sensor_id = ?', sel.sensorId);
  if (sel.from !== undefined) add('ts >= ?', sel.from);
  if (sel.to !== undefined) add('ts < ?', sel.to);
  if (sel.source !== 'all') where.push(sel.source === 'imported' ? 'imported' : 'NOT imported');
  return { where: where.join(' AND '), params };
}

/** Rows per INSERT statement: bounds one statement's parameter arrays. */
const CHUNK_ROWS = 5000;

/**
 * One statement per chunk, the columns as four array parameters (`unnest` turns them back into rows): no JSON to
 * build or parse per reading, and PostgreSQL and PGlite both take typed arrays as parameters.
 */
const INSERT_SQL = `WITH ins AS (
  INSERT INTO readings (city_id, sensor_id, ts, value, seq, received_at, imported)
  SELECT $1::text, u.sensor_id, u.ts, u.value, u.seq, $6::bigint, $7::boolean
  FROM unnest($2::text[], $3::bigint[], $4::float8[], $5::bigint[]) AS u(sensor_id, ts, value, seq)
  ON CONFLICT DO NOTHING RETURNING 1)
  SELECT count(*)::int AS n FROM ins`;

/**
 * Sensor readings in the `readings` table (migration 100). Duplicates (same sensor and `seq`) are dropped by the
 * unique index, so a redelivered MQTT message or a second bridge never stores a reading twice. Readings always come
 * back in time order, however late they arrived.
 */
export class ReadingsStore {
  constructor(private readonly db: SqlClient) {}

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
        const result = await tx.query<{ n: number }>(INSERT_SQL, [
          cityId,
          sensorIds,
          ts,
          values,
          seqs,
          receivedAt,
          options.imported === true,
        ]);
        inserted += result[0]?.n ?? 0;
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

  /** Downsampled: one bucket per `stepMs` (aligned to epoch multiples of the step) holding readings, oldest first. */
  async buckets(cityId: string, sensorId: string, query: ReadingsQuery & { stepMs: number }): Promise<ReadingBucket[]> {
    const rows = await this.db.query<{ t: number; min: number; max: number; mean: number; n: number }>(
      `SELECT (ts - (ts % $5::bigint))::float8 AS t, min(value) AS min, max(value) AS max, avg(value) AS mean, count(*)::int AS n
       FROM readings WHERE city_id = $1 AND sensor_id = $2 AND ts >= $3 AND ts < $4
       GROUP BY 1 ORDER BY 1 LIMIT $6`,
      [cityId, sensorId, query.from, query.to, query.stepMs, query.limit],
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
    const rows = await this.db.query<{ imported: number; live: number }>(
      `WITH del AS (DELETE FROM readings WHERE ${where} RETURNING imported)
       SELECT count(*) FILTER (WHERE imported)::int AS imported, count(*) FILTER (WHERE NOT imported)::int AS live
       FROM del`,
      params,
    );
    return { imported: Number(rows[0]?.imported ?? 0), live: Number(rows[0]?.live ?? 0) };
  }

  /**
   * Retention: deletes live readings older than `beforeMs` (every city); answers how many went. Imported history is
   * kept: the history an operations centre brought must not vanish at the bridge's next sweep.
   */
  async deleteBefore(beforeMs: number): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      'WITH del AS (DELETE FROM readings WHERE ts < $1 AND NOT imported RETURNING 1) SELECT count(*)::int AS n FROM del',
      [beforeMs],
    );
    return rows[0]?.n ?? 0;
  }
}
