/**
 * Drops the indexes of nodes and links that no query reads: links by their end nodes (no query filters on
 * `from_node_id`/`to_node_id`: a network's topology is read whole) and nodes and links by grid (grids filter
 * buildings, sensors and events, not network features). Every row written kept them up to date: a 12,840-junction
 * import maintained 14 indexes, now 10. The plans of the queries that read nodes and links (by network, kind,
 * utility, extent, id, page) are the same without them (ADR 0012).
 */
export const migration420 = {
  version: 420,
  name: 'unused-network-indexes',
  sql: `
DROP INDEX IF EXISTS links_from_node;
DROP INDEX IF EXISTS links_to_node;
DROP INDEX IF EXISTS nodes_grid;
DROP INDEX IF EXISTS links_grid;
`,
};
