/**
 * A revision counter per city, bumped by triggers whenever its sensors (their rules and thresholds included) or its
 * device credentials change. A bridge in another process than the server that made the change (`npm run bridge`
 * beside `npm run server`) polls this one row, which costs nothing, and reloads only when it moved. The row is
 * written in the changing transaction, so a bridge that sees a new revision also sees the change itself.
 *
 * Statement-level triggers over transition tables: a save of 100,000 sensors bumps each city it touched once, not
 * once per row, and writers of different cities never wait for each other's row.
 */
/** The four statement triggers that bump the revision on every change of `table` (which has a `city_id`). */
function revisionTriggers(table: string): string {
  const on = (event: string, transition: string) =>
    `CREATE TRIGGER ${table}_${event.toLowerCase()}_revision AFTER ${event} ON ${table}${transition}
  FOR EACH STATEMENT EXECUTE FUNCTION bump_registry_revisions();`;
  return [
    on('INSERT', ' REFERENCING NEW TABLE AS new_rows'),
    on('UPDATE', ' REFERENCING NEW TABLE AS new_rows'),
    on('DELETE', ' REFERENCING OLD TABLE AS old_rows'),
    on('TRUNCATE', ''),
  ].join('\n');
}

export const migration410 = {
  version: 410,
  name: 'registry-revisions',
  sql: `
CREATE TABLE registry_revisions (
  city_id text COLLATE "C" PRIMARY KEY,
  revision bigint NOT NULL
);

CREATE FUNCTION bump_registry_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE registry_revisions SET revision = revision + 1;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO registry_revisions AS r (city_id, revision) SELECT DISTINCT city_id, 1 FROM old_rows
    ON CONFLICT (city_id) DO UPDATE SET revision = r.revision + 1;
  ELSE
    INSERT INTO registry_revisions AS r (city_id, revision) SELECT DISTINCT city_id, 1 FROM new_rows
    ON CONFLICT (city_id) DO UPDATE SET revision = r.revision + 1;
  END IF;
  RETURN NULL;
END $$;

${revisionTriggers('sensors')}
${revisionTriggers('device_credentials')}
`,
};
