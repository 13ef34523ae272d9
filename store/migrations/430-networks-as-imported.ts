/**
 * Whether a network's nodes and links are still exactly what the import that saved them wrote (ADR 0013). The import
 * sets it in its own save; a later save clears it for the networks whose nodes or links it writes (`writeBundle`),
 * and statement triggers clear it on any update or delete of a node or link, whoever makes it (an upsert that
 * replaces a record, a direct SQL edit). An export of a network still as imported writes the file it came from
 * without reading its rows or importing the file again to prove nothing changed.
 *
 * Statement-level triggers over transition tables, as in migration 410. Not on INSERT: its transition table copies
 * every inserted row (0.15-0.25 s of CPU on a 27,660-row import, measured), and the store's one insert path,
 * `writeBundle`, clears the flag itself.
 */
function clearingTriggers(table: string): string {
  const on = (event: string, transition: string) =>
    `CREATE TRIGGER ${table}_${event.toLowerCase()}_as_imported AFTER ${event} ON ${table}${transition}
  FOR EACH STATEMENT EXECUTE FUNCTION clear_networks_as_imported();`;
  return [
    // An update can move a record from one network to another: both lose the flag.
    on('UPDATE', ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'),
    on('DELETE', ' REFERENCING OLD TABLE AS old_rows'),
    on('TRUNCATE', ''),
  ].join('\n');
}

export const migration430 = {
  version: 430,
  name: 'networks-as-imported',
  sql: `
ALTER TABLE networks ADD COLUMN as_imported boolean NOT NULL DEFAULT false;

CREATE FUNCTION clear_networks_as_imported() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE networks SET as_imported = false WHERE as_imported;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE networks n SET as_imported = false FROM (SELECT DISTINCT city_id, network_id FROM old_rows) c
    WHERE n.as_imported AND n.city_id = c.city_id AND n.id = c.network_id;
  ELSE
    UPDATE networks n SET as_imported = false
    FROM (SELECT city_id, network_id FROM old_rows UNION SELECT city_id, network_id FROM new_rows) c
    WHERE n.as_imported AND n.city_id = c.city_id AND n.id = c.network_id;
  END IF;
  RETURN NULL;
END $$;

${clearingTriggers('nodes')}
${clearingTriggers('links')}
`,
};
