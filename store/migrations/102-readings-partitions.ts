/**
 * Readings at scale (ADR 0010): `readings` becomes a partitioned table, and per-minute and per-hour rollups are kept
 * beside it.
 *
 * - `readings` is split by `imported` (LIST): `readings_history` holds imported history (never dropped),
 *   `readings_live` what devices send, itself split by time (RANGE on `ts`) into one partition a UTC day, created by
 *   the store's maintenance (`ReadingsStore.maintain`), plus `readings_live_default` so no insert ever fails.
 *   Retention drops whole day partitions instead of deleting rows.
 * - A unique index on a partitioned table must hold the partition keys, so the per-sensor `seq` index that drops
 *   duplicates is created on each leaf partition instead: a duplicate is caught within its UTC day (a redelivered
 *   message carries the same `ts`, so it always is).
 * - `readings_1m` (partitioned like `readings`, by `bucket`) and `readings_1h` (one plain table: 24 rows a sensor a
 *   day) hold count, sum, min and max per sensor and bucket, kept up to date by each insert.
 *
 * Existing rows are kept: they are copied into the new table (live ones land in the default partition; the first
 * maintenance moves them into day partitions) and rolled up.
 */
export const migration102 = {
  version: 102,
  name: 'readings-partitions',
  sql: `
ALTER TABLE readings RENAME TO readings_before_102;
ALTER INDEX readings_sensor_ts RENAME TO readings_before_102_sensor_ts;
ALTER INDEX readings_ts RENAME TO readings_before_102_ts;
ALTER INDEX readings_sensor_seq RENAME TO readings_before_102_sensor_seq;

CREATE TABLE readings (
  city_id text COLLATE "C" NOT NULL,
  sensor_id text COLLATE "C" NOT NULL,
  ts bigint NOT NULL,
  value double precision NOT NULL,
  seq bigint,
  received_at bigint NOT NULL,
  imported boolean NOT NULL DEFAULT false
) PARTITION BY LIST (imported);
CREATE TABLE readings_history PARTITION OF readings FOR VALUES IN (true);
CREATE TABLE readings_live PARTITION OF readings FOR VALUES IN (false) PARTITION BY RANGE (ts);
CREATE TABLE readings_live_default PARTITION OF readings_live DEFAULT;

INSERT INTO readings (city_id, sensor_id, ts, value, seq, received_at, imported)
  SELECT city_id, sensor_id, ts, value, seq, received_at, imported FROM readings_before_102;
DROP TABLE readings_before_102;

CREATE INDEX readings_sensor_ts ON readings (city_id, sensor_id, ts);
CREATE UNIQUE INDEX readings_history_sensor_seq ON readings_history (city_id, sensor_id, seq) WHERE seq IS NOT NULL;
CREATE UNIQUE INDEX readings_live_default_sensor_seq ON readings_live_default (city_id, sensor_id, seq)
  WHERE seq IS NOT NULL;

CREATE TABLE readings_1m (
  city_id text COLLATE "C" NOT NULL,
  sensor_id text COLLATE "C" NOT NULL,
  imported boolean NOT NULL,
  bucket bigint NOT NULL,
  n bigint NOT NULL,
  sum double precision NOT NULL,
  min double precision NOT NULL,
  max double precision NOT NULL,
  PRIMARY KEY (city_id, sensor_id, bucket, imported)
) PARTITION BY LIST (imported);
CREATE TABLE readings_1m_history PARTITION OF readings_1m FOR VALUES IN (true);
CREATE TABLE readings_1m_live PARTITION OF readings_1m FOR VALUES IN (false) PARTITION BY RANGE (bucket);
CREATE TABLE readings_1m_live_default PARTITION OF readings_1m_live DEFAULT;

CREATE TABLE readings_1h (
  city_id text COLLATE "C" NOT NULL,
  sensor_id text COLLATE "C" NOT NULL,
  imported boolean NOT NULL,
  bucket bigint NOT NULL,
  n bigint NOT NULL,
  sum double precision NOT NULL,
  min double precision NOT NULL,
  max double precision NOT NULL,
  PRIMARY KEY (city_id, sensor_id, bucket, imported)
);
-- Retention deletes the live hours past the cut across every sensor.
CREATE INDEX readings_1h_bucket ON readings_1h (bucket) WHERE NOT imported;

INSERT INTO readings_1m (city_id, sensor_id, imported, bucket, n, sum, min, max)
  SELECT city_id, sensor_id, imported, ts - ((ts % 60000) + 60000) % 60000, count(*), sum(value), min(value), max(value)
  FROM readings GROUP BY 1, 2, 3, 4;
INSERT INTO readings_1h (city_id, sensor_id, imported, bucket, n, sum, min, max)
  SELECT city_id, sensor_id, imported, bucket - ((bucket % 3600000) + 3600000) % 3600000, sum(n), sum(sum), min(min), max(max)
  FROM readings_1m GROUP BY 1, 2, 3, 4;
`,
};
