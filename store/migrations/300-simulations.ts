/** Simulation runs (burst, storm, gas leak): the request and the whole result as JSONB, newest first per city. */
export const migration300 = {
  version: 300,
  name: 'simulations',
  sql: `
CREATE TABLE simulations (
  id text COLLATE "C" PRIMARY KEY,
  city_id text COLLATE "C" NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL,
  request jsonb NOT NULL,
  result jsonb NOT NULL
);
CREATE INDEX simulations_city_created ON simulations (city_id, created_at DESC);`,
};
