/**
 * Live data of the IoT bridge: sensor readings, alerts and device credentials. Readings are keyed by city and sensor
 * without a foreign key to `sensors`, so a city rebuild keeps its history and bulk inserts skip a lookup per row.
 * Times are epoch ms (bigint), the unit MQTT payloads and the API use.
 */
export const migration100 = {
  version: 100,
  name: 'readings-alerts-devices',
  sql: `
CREATE TABLE readings (
  city_id text COLLATE "C" NOT NULL,
  sensor_id text COLLATE "C" NOT NULL,
  ts bigint NOT NULL,
  value double precision NOT NULL,
  seq bigint,
  received_at bigint NOT NULL
);
CREATE INDEX readings_sensor_ts ON readings (city_id, sensor_id, ts);
CREATE INDEX readings_ts ON readings (ts);
-- A device's sequence number makes a reading unique: a redelivered or repeated message is stored once.
CREATE UNIQUE INDEX readings_sensor_seq ON readings (city_id, sensor_id, seq) WHERE seq IS NOT NULL;

CREATE TABLE alerts (
  id text COLLATE "C" PRIMARY KEY,
  city_id text COLLATE "C" NOT NULL,
  sensor_id text COLLATE "C",
  rule text NOT NULL,
  state text NOT NULL,
  severity text NOT NULL,
  raised_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  data jsonb NOT NULL
);
-- One open alert per sensor and rule.
CREATE UNIQUE INDEX alerts_open_per_rule ON alerts (city_id, sensor_id, rule) WHERE state <> 'cleared';
CREATE INDEX alerts_city_raised ON alerts (city_id, raised_at DESC);

CREATE TABLE device_credentials (
  city_id text COLLATE "C" NOT NULL,
  sensor_id text COLLATE "C" NOT NULL,
  salt text NOT NULL,
  hash text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (city_id, sensor_id)
);
`,
};
