import type { SqlExecutor } from './sql-client.js';
import type { Column, TableSpec } from './city-tables.js';

/** Rows per INSERT: big enough to amortise a round trip, small enough to keep one statement's JSON modest. */
const CHUNK_ROWS = 2000;

/** The expression that reads column `i` of a row packed as a JSON array `r`. */
function unpack(column: Column, i: number): string {
  switch (column.type) {
    case 'jsonb':
      return `r->${i}`;
    case 'float8':
      return `(r->>${i})::float8`;
    case 'text':
      return `r->>${i}`;
  }
}

/**
 * Inserts records of one table for one city with multi-row INSERTs in chunks; a record whose id is already there is
 * replaced (`ON CONFLICT ... DO UPDATE`), which is what a merge save means. `empty`: the caller knows the city has no
 * row in this table (a new city, or one a replace just deleted), so plain INSERTs do: an upsert checks the primary key
 * before each row and logs a second WAL record to confirm it. Answers the number of rows written.
 *
 * Each chunk travels as ONE parameter, a JSON array of row arrays, which the database unpacks with
 * `jsonb_array_elements`: binding thousands of separate parameters was 2.4 times slower on PGlite (measured, 20k nodes).
 */
export async function upsertRecords<T>(
  tx: SqlExecutor,
  cityId: string,
  spec: TableSpec<T>,
  records: readonly T[],
  empty = false,
): Promise<number> {
  if (records.length === 0) return 0;
  const names = ['city_id', ...spec.columns.map((c) => c.name)];
  const values = ['$1::text', ...spec.columns.map(unpack)];
  const updates = spec.columns.filter((c) => c.name !== 'id').map((c) => `${c.name} = EXCLUDED.${c.name}`);
  // `WHERE true` keeps ON CONFLICT from being read as part of the FROM clause.
  const insert = `INSERT INTO ${spec.table} (${names.join(', ')})
    SELECT ${values.join(', ')} FROM jsonb_array_elements($2::text::jsonb) AS r`;
  const sql = empty ? insert : `${insert} WHERE true ON CONFLICT (city_id, id) DO UPDATE SET ${updates.join(', ')}`;
  for (let start = 0; start < records.length; start += CHUNK_ROWS) {
    const rows = records.slice(start, start + CHUNK_ROWS).map((record) => spec.toRow(record));
    await tx.query(sql, [cityId, JSON.stringify(rows)]);
  }
  return records.length;
}
