import type { SqlClient, SqlExecutor } from '../sql-client.js';

/** One UTC day, ms: the width of a live partition (the granularity of retention). */
export const DAY_MS = 86_400_000;

/** Days of partitions kept ready past today, so the readings of the next days never land in the default partition. */
export const DAYS_AHEAD = 2;

/** An arbitrary fixed key: partition changes by several processes on one database (server, bridges) take turns. */
const PARTITION_LOCK_KEY = 73_120_462;

/**
 * A table partitioned by time into one partition a UTC day (migration 102): its parent, the column it is split on and
 * what each leaf needs besides the indexes it inherits (a unique index cannot live on the parent, see the migration).
 */
export interface DayPartitionedTable {
  parent: string;
  key: string;
  leafIndexes: (leaf: string) => string[];
}

/** The live readings and their per-minute rollups: dropped together, a day at a time. */
export const DAY_PARTITIONED: readonly DayPartitionedTable[] = [
  {
    parent: 'readings_live',
    key: 'ts',
    leafIndexes: (leaf) => [
      `CREATE UNIQUE INDEX ${leaf}_sensor_seq ON ${leaf} (city_id, sensor_id, seq) WHERE seq IS NOT NULL`,
    ],
  },
  { parent: 'readings_1m_live', key: 'bucket', leafIndexes: () => [] },
];

/** A day partition as the catalogue lists it. */
export interface DayPartition {
  name: string;
  from: number;
  to: number;
}

/** The start of the UTC day holding `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `readings_live_p20261122`: the leaf of `parent` for the UTC day starting at `from`. */
export function leafName(parent: string, from: number): string {
  return `${parent}_p${new Date(from).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The range partitions of `parent` (the default one left out), oldest first. */
export async function listDayPartitions(db: SqlExecutor, parent: string): Promise<DayPartition[]> {
  const rows = await db.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
    [parent],
  );
  const out: DayPartition[] = [];
  for (const r of rows) {
    const m = /FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)/.exec(r.bound);
    if (m) out.push({ name: r.name, from: Number(m[1]), to: Number(m[2]) });
  }
  return out.sort((a, b) => a.from - b.from);
}

/**
 * Makes the day partitions of `table` for each day in `days` (day starts) that has none. Rows already in the default
 * partition for such a day (readings stored before the migration, or late ones for a day that had no partition) are
 * moved into the new partition: PostgreSQL refuses to create a partition for a range the default partition holds
 * rows of. One transaction a partition, so inserts wait at most for one day's move. Answers the partitions made.
 */
export async function ensureDayPartitions(
  db: SqlClient,
  table: DayPartitionedTable,
  days: readonly number[],
): Promise<string[]> {
  const made: string[] = [];
  const existing = new Set((await listDayPartitions(db, table.parent)).map((p) => p.from));
  for (const from of [...new Set(days)].sort((a, b) => a - b)) {
    if (existing.has(from)) continue;
    const to = from + DAY_MS;
    const leaf = leafName(table.parent, from);
    const fallback = `${table.parent}_default`;
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
      // Another process may have made it meanwhile.
      if ((await listDayPartitions(tx, table.parent)).some((p) => p.from === from)) return false;
      // Creating or attaching a partition locks the parent anyway; taking it first (before the default partition)
      // keeps the lock order of writers, which lock the parent and then the partition a row goes to: no deadlock.
      // New rows for this day wait until the partition is attached, or the attach would find them in default.
      await tx.exec(`LOCK TABLE ${table.parent} IN ACCESS EXCLUSIVE MODE`);
      const held = await tx.query(`SELECT 1 FROM ${fallback} WHERE ${table.key} >= $1 AND ${table.key} < $2 LIMIT 1`, [
        from,
        to,
      ]);
      if (held.length === 0) {
        await tx.exec(`CREATE TABLE ${leaf} PARTITION OF ${table.parent} FOR VALUES FROM (${from}) TO (${to})`);
      } else {
        await tx.exec(`CREATE TABLE ${leaf} (LIKE ${table.parent} INCLUDING DEFAULTS)`);
        await tx.query(
          `WITH moved AS (DELETE FROM ${fallback} WHERE ${table.key} >= $1 AND ${table.key} < $2 RETURNING *)
           INSERT INTO ${leaf} SELECT * FROM moved`,
          [from, to],
        );
        await tx.exec(`ALTER TABLE ${table.parent} ATTACH PARTITION ${leaf} FOR VALUES FROM (${from}) TO (${to})`);
      }
      for (const sql of table.leafIndexes(leaf)) await tx.exec(sql);
      return true;
    });
    if (done) made.push(leaf);
  }
  return made;
}

/** The UTC days (day starts, from `notBefore` on) the default partition of `table` holds rows of. */
export async function daysInDefault(db: SqlExecutor, table: DayPartitionedTable, notBefore: number): Promise<number[]> {
  const rows = await db.query<{ day: number }>(
    `SELECT DISTINCT (${table.key} - ((${table.key} % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS})::float8 AS day
     FROM ${table.parent}_default WHERE ${table.key} >= $1`,
    [Math.max(0, notBefore)],
  );
  return rows.map((r) => Number(r.day));
}

/** Whether anything live lies before `cut` (a day start): a day partition ending by then, or rows in a default one. */
export async function hasLiveBefore(db: SqlExecutor, cut: number): Promise<boolean> {
  for (const table of DAY_PARTITIONED) {
    if ((await listDayPartitions(db, table.parent)).some((p) => p.to <= cut)) return true;
    const strays = await db.query(`SELECT 1 FROM ${table.parent}_default WHERE ${table.key} < $1 LIMIT 1`, [cut]);
    if (strays.length > 0) return true;
  }
  const hours = await db.query('SELECT 1 FROM readings_1h WHERE NOT imported AND bucket < $1 LIMIT 1', [cut]);
  return hours.length > 0;
}

/**
 * Locks every day-partitioned table for retention, in one statement and in the order writers lock them (readings
 * before their rollups), so a retention run and an insert wait for each other instead of deadlocking.
 */
export async function lockDayPartitioned(tx: SqlExecutor): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
  await tx.exec(`LOCK TABLE ${DAY_PARTITIONED.map((t) => t.parent).join(', ')} IN ACCESS EXCLUSIVE MODE`);
}

/**
 * Drops the day partitions of `table` that end at or before `cut` (a day start) and deletes the default partition's
 * rows before it. Runs inside the caller's transaction, after {@link lockDayPartitioned}. Answers the partitions
 * dropped.
 */
export async function dropDayPartitionsBefore(
  tx: SqlExecutor,
  table: DayPartitionedTable,
  cut: number,
): Promise<string[]> {
  const old = (await listDayPartitions(tx, table.parent)).filter((p) => p.to <= cut);
  for (const p of old) await tx.exec(`DROP TABLE ${p.name}`);
  await tx.query(`DELETE FROM ${table.parent}_default WHERE ${table.key} < $1`, [cut]);
  return old.map((p) => p.name);
}
