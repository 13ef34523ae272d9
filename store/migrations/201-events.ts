/**
 * Events (the closed loop), their audit trail and photos. An event row keeps the Event record without its
 * transitions as JSONB (`data`) plus the columns lists filter on; `version` is the optimistic-concurrency counter the
 * transition code checks under a row lock. `dedupe_key` (`alert:<sensor>`; rows before the one-event-per-sensor
 * policy have `alert:<sensor>:<rule>`) with the partial unique index
 * allows one open event per key. Transitions are append-only, numbered per event.
 */
export const migration201 = {
  version: 201,
  name: 'events',
  sql: `
CREATE TABLE events (
  city_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL PRIMARY KEY,
  state text NOT NULL,
  is_open boolean NOT NULL,
  grid_id text,
  severity text NOT NULL,
  source_kind text NOT NULL,
  reporter text,
  assigned_crew_id text,
  dedupe_key text,
  created_at bigint NOT NULL,
  sla_due_at bigint NOT NULL,
  version integer NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX events_city_created ON events (city_id, created_at);
CREATE INDEX events_city_state ON events (city_id, state);
CREATE INDEX events_city_grid ON events (city_id, grid_id);
CREATE INDEX events_open_due ON events (sla_due_at) WHERE is_open;
CREATE UNIQUE INDEX events_open_dedupe ON events (city_id, dedupe_key) WHERE is_open AND dedupe_key IS NOT NULL;

CREATE TABLE event_transitions (
  event_id text COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  at bigint NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (event_id, seq)
);

CREATE TABLE event_photos (
  id text COLLATE "C" PRIMARY KEY,
  event_id text COLLATE "C" REFERENCES events (id) ON DELETE CASCADE,
  content_type text NOT NULL,
  bytes bytea NOT NULL,
  uploaded_by text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX event_photos_event ON event_photos (event_id);
`,
};
