import type { Page, SearchHit } from './city-store.js';
import type { SqlExecutor } from './sql-client.js';
import { escapeLike, normalizeSearchText } from './search-text.js';

/**
 * Match classes, best first. The tens are the rank (exact id/code, address, name prefix, id/code prefix, contains);
 * the units say what matched.
 */
const MATCHES: Record<number, SearchHit['matched']> = {
  0: 'id',
  1: 'code',
  10: 'address',
  20: 'name',
  30: 'id',
  31: 'code',
  40: 'address',
  41: 'name',
};

/** Every searchable table reduced to the same columns: id key, code key, address key, names key. */
const CANDIDATES = `
  SELECT 'building' AS type, 1 AS type_order, id, label, lon, lat, lower(id) AS id_key, '' AS code_key,
         search_address AS address_key, search_names AS names_key FROM buildings WHERE city_id = $1
  UNION ALL
  SELECT 'grid', 2, id, label, lon, lat, lower(id), search_code, '', search_names FROM grids WHERE city_id = $1
  UNION ALL
  SELECT 'sensor', 3, id, label, lon, lat, lower(id), '', '', search_names FROM sensors WHERE city_id = $1
  UNION ALL
  SELECT 'node', 4, id, label, lon, lat, lower(id), '', '', search_names FROM nodes WHERE city_id = $1
  UNION ALL
  SELECT 'link', 5, id, label, lon, lat, lower(id), '', '', search_names FROM links WHERE city_id = $1`;

// $2 the key, $3 "starts with" pattern, $4 "a name starts with" pattern, $5 "contains" pattern.
const SEARCH_SQL = `
WITH matched AS (
  SELECT type, type_order, id, label, lon, lat, id_key, code_key, address_key, names_key,
    CASE
      WHEN id_key = $2 THEN 0
      WHEN code_key = $2 THEN 1
      WHEN address_key LIKE $3 THEN 10
      WHEN names_key LIKE $4 THEN 20
      WHEN id_key LIKE $3 THEN 30
      WHEN code_key LIKE $3 THEN 31
      WHEN address_key LIKE $5 THEN 40
      WHEN names_key LIKE $5 THEN 41
    END AS match
  FROM (${CANDIDATES}) AS candidates
  WHERE id_key LIKE $3 OR code_key LIKE $3 OR address_key LIKE $5 OR names_key LIKE $5
)
SELECT type, id, label, lon, lat, match, count(*) OVER ()::int AS total
FROM matched
ORDER BY match / 10,
  -- Among equals, the shortest matched text is the closest match ("路1388" before "路13880").
  CASE WHEN match IN (10, 40) THEN length(address_key)
       WHEN match IN (20, 41) THEN length(names_key)
       WHEN match IN (1, 31) THEN length(code_key)
       ELSE length(id_key) END,
  type_order, id
LIMIT $6::int`;

/**
 * Searches a city's buildings (address, names), grids (code, names), sensors, nodes and links (names) and ids of all.
 * Case, spacing, full-width digits and a trailing `号` do not matter. Answers the best `limit` hits and the number
 * of all hits.
 */
export async function searchCity(
  db: SqlExecutor,
  cityId: string,
  query: string,
  limit: number,
): Promise<Page<SearchHit>> {
  const key = normalizeSearchText(query);
  if (key === '' || limit <= 0) return { items: [], total: 0 };
  const like = escapeLike(key);
  const rows = await db.query<{
    type: SearchHit['type'];
    id: string;
    label: string;
    lon: number;
    lat: number;
    match: number;
    total: number;
  }>(SEARCH_SQL, [cityId, key, `${like}%`, `%|${like}%`, `%${like}%`, limit]);
  return {
    items: rows.map((r) => ({
      type: r.type,
      id: r.id,
      label: r.label,
      matched: MATCHES[r.match] ?? 'name',
      position: [r.lon, r.lat],
    })),
    total: rows[0]?.total ?? 0,
  };
}
