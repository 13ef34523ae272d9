/**
 * The city model: one table per kind of record. Each row keeps the whole validated record as JSONB (`data`, what
 * readers get back) plus the columns queries filter, sort and search on. Extents are plain bbox columns (no PostGIS:
 * PGlite has none); ids sort byte-wise (`COLLATE "C"`) so paging is identical on both engines.
 */
const FEATURE_COLUMNS = `
  city_id text COLLATE "C" NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
  id text COLLATE "C" NOT NULL,
  grid_id text,
  min_lon double precision NOT NULL,
  min_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  label text NOT NULL,
  search_names text NOT NULL DEFAULT '',
  data jsonb NOT NULL`;

function bboxIndexes(table: string): string {
  return `
CREATE INDEX ${table}_min_corner ON ${table} (city_id, min_lon, min_lat);
CREATE INDEX ${table}_max_corner ON ${table} (city_id, max_lon, max_lat);
CREATE INDEX ${table}_grid ON ${table} (city_id, grid_id);`;
}

export const migration001 = {
  version: 1,
  name: 'city-tables',
  sql: `
CREATE TABLE cities (
  id text COLLATE "C" PRIMARY KEY,
  revision integer NOT NULL DEFAULT 1,
  data jsonb NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE networks (
  city_id text COLLATE "C" NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
  id text COLLATE "C" NOT NULL,
  utility text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (city_id, id)
);

CREATE TABLE buildings (${FEATURE_COLUMNS},
  search_address text NOT NULL DEFAULT '',
  PRIMARY KEY (city_id, id)
);
${bboxIndexes('buildings')}

CREATE TABLE nodes (${FEATURE_COLUMNS},
  network_id text NOT NULL,
  utility text NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (city_id, id)
);
${bboxIndexes('nodes')}
CREATE INDEX nodes_network ON nodes (city_id, network_id);
CREATE INDEX nodes_utility_kind ON nodes (city_id, utility, kind);

CREATE TABLE links (${FEATURE_COLUMNS},
  network_id text NOT NULL,
  utility text NOT NULL,
  kind text NOT NULL,
  from_node_id text NOT NULL,
  to_node_id text NOT NULL,
  PRIMARY KEY (city_id, id)
);
${bboxIndexes('links')}
CREATE INDEX links_network ON links (city_id, network_id);
CREATE INDEX links_utility_kind ON links (city_id, utility, kind);
CREATE INDEX links_from_node ON links (city_id, from_node_id);
CREATE INDEX links_to_node ON links (city_id, to_node_id);

CREATE TABLE sensors (${FEATURE_COLUMNS},
  kind text NOT NULL,
  utility text,
  PRIMARY KEY (city_id, id)
);
${bboxIndexes('sensors')}

CREATE TABLE grids (${FEATURE_COLUMNS},
  level text NOT NULL,
  parent_id text,
  search_code text NOT NULL,
  PRIMARY KEY (city_id, id)
);
${bboxIndexes('grids')}
CREATE INDEX grids_parent ON grids (city_id, parent_id);

CREATE TABLE crews (
  city_id text COLLATE "C" NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
  id text COLLATE "C" NOT NULL,
  utility text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (city_id, id)
);
`,
};
