/**
 * The audit log of registry changes made through the admin API (and the import CLI): who, when, what entity, and the
 * record before and after (JSONB; null before a create and after a delete). Append-only: nothing updates a row.
 */
export const migration400 = {
  version: 400,
  name: 'audit-log',
  sql: `
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at bigint NOT NULL,
  actor_id text,
  actor_username text NOT NULL,
  city_id text COLLATE "C",
  entity text NOT NULL,
  entity_id text COLLATE "C" NOT NULL,
  action text NOT NULL,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at DESC);`,
};
