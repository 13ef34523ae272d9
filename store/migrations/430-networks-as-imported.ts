/**
 * Whether a network's nodes and links are still exactly what the import that saved them wrote (ADR 0013). The import
 * sets it in its own save; any later insert, update or delete of the network's nodes or links clears it, through
 * statement triggers, whoever writes (a save, an edit, a merge). An export of a network still as imported writes the
 * file it came from without reading its rows or importing the file again to prove nothing changed.
 *
 * Statement-level triggers over transition tables, as in migration 410: a save of 15,000 links clears the flag once
 * per statement, and a network that is not flagged (every network but a fresh import) costs one empty update.
 */
function clearingTriggers(table: string): string {
  const on = (event: string, transition: string) =>
    `CREATE TRIGGER ${table}_${event.toLowerCase()}_as_imported AFTER ${event} ON ${table}${transition}
  FOR EACH STATEMENT EXECUTE FUNCTION clear_networks_as_imported();`;
  return [
    on('INSERT', ' REFERENCING NEW TABLE AS new_rows'),
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
  ELSIF TG_OP = 'INSERT' THEN
    UPDATE networks n SET as_imported = false FROM (SELECT DISTINCT city_id, network_id FROM new_rows) c
    WHERE n.as_imported AND n.city_id = c.city_id AND n.id = c.network_id;
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
