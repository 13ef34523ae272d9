import type { z } from 'zod';
import { CitySchema, type CityBundle } from '../core/model/index.js';
import type { SaveMode, SaveOptions } from './city-store.js';
import type { SqlExecutor } from './sql-client.js';
import { BUILDINGS, CREWS, GRIDS, LINKS, NETWORKS, NODES, SENSORS, type TableSpec } from './city-tables.js';
import { upsertRecords } from './insert-rows.js';

/** Thrown before anything is written when a bundle does not validate; names the first bad records. */
export class InvalidBundleError extends Error {
  override readonly name = 'InvalidBundleError';
  constructor(readonly problems: string[]) {
    super(
      `the city bundle is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.slice(0, 5).join('; ')}`,
    );
  }
}

type Part = { [K in keyof CityBundle]: CityBundle[K] extends readonly (infer _)[] ? K : never }[keyof CityBundle];

/** The parts of a bundle in save order, with the table each goes to. */
const PARTS: readonly { key: Part; spec: TableSpec<unknown> }[] = [
  { key: 'networks', spec: NETWORKS },
  { key: 'grids', spec: GRIDS },
  { key: 'crews', spec: CREWS },
  { key: 'buildings', spec: BUILDINGS },
  { key: 'nodes', spec: NODES },
  { key: 'links', spec: LINKS },
  { key: 'sensors', spec: SENSORS },
] as { key: Part; spec: TableSpec<unknown> }[];

const MAX_PROBLEMS = 20;

/**
 * Checks every record against its zod schema and for duplicate ids, answering the records as parsed (defaults
 * applied). Throws `InvalidBundleError` naming the records (by part, index and id) that fail.
 */
export function validateBundle(bundle: CityBundle): CityBundle {
  const problems: string[] = [];
  const city = CitySchema.safeParse(bundle.city);
  if (!city.success) problems.push(...describe('city', city.error));
  const out: Record<string, unknown[]> = {};
  for (const { key, spec } of PARTS) {
    const records = (bundle[key] ?? []) as unknown[];
    const seen = new Set<string>();
    out[key] = records.map((record, i) => {
      const id = (record as { id?: unknown }).id;
      const where = `${key}[${i}]${typeof id === 'string' ? ` (${spec.noun} ${id})` : ''}`;
      if (typeof id === 'string') {
        if (seen.has(id)) problems.push(`${where}: duplicate ${spec.noun} id`);
        seen.add(id);
      }
      const parsed = spec.schema.safeParse(record);
      if (parsed.success) return parsed.data;
      if (problems.length < MAX_PROBLEMS) problems.push(...describe(where, parsed.error));
      return record;
    });
  }
  if (problems.length > 0) throw new InvalidBundleError(problems);
  return { city: city.data!, ...out } as CityBundle;
}

function describe(where: string, error: z.ZodError): string[] {
  return error.issues.slice(0, 3).map((i) => `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`);
}

/**
 * Writes a validated bundle inside the caller's transaction. `replace` first deletes the city (its records go with
 * it through ON DELETE CASCADE); `merge` keeps what is there and replaces records by id. The city's revision goes up
 * by one on every save, so caches (the grid locator) can tell. Networks of the bundle are flagged as imported or not
 * as `options.asImported` says (see `markAsImported`).
 */
export async function writeBundle(
  tx: SqlExecutor,
  bundle: CityBundle,
  mode: SaveMode,
  options: SaveOptions = {},
): Promise<number> {
  const cityId = bundle.city.id;
  const previous = await tx.query<{ revision: number }>('SELECT revision FROM cities WHERE id = $1', [cityId]);
  const revision = (previous[0]?.revision ?? 0) + 1;
  if (mode === 'replace') await tx.query('DELETE FROM cities WHERE id = $1', [cityId]);
  // `xmax = 0`: this statement inserted the row rather than updated it. The row stays locked until commit, so a
  // city inserted here (new, or just deleted by a replace) holds no record yet: plain inserts, no upsert, will do.
  const saved = await tx.query<{ inserted: boolean }>(
    `INSERT INTO cities (id, revision, data) VALUES ($1::text, $2::int, $3::text::jsonb)
     ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, data = EXCLUDED.data, saved_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [cityId, revision, JSON.stringify(bundle.city)],
  );
  const empty = saved[0]?.inserted === true;
  for (const { key, spec } of PARTS) await upsertRecords(tx, cityId, spec, bundle[key] as unknown[], empty);
  await markAsImported(tx, bundle, options.asImported ?? []);
  return revision;
}

/**
 * Sets the `as_imported` flag (migration 430) of every network the save wrote (its record, or any of its nodes or
 * links): true for a network the caller names whose stored nodes and links are now exactly the bundle's, false for
 * the others (a network record saved again may carry another source file; a node inserted into an imported network
 * changes it, and inserts fire no trigger). The counts tell "exactly": every node and link of the bundle was just
 * written by id, so the network holds more than the bundle only when an earlier save left records the bundle lacks.
 */
async function markAsImported(tx: SqlExecutor, bundle: CityBundle, asImported: readonly string[]): Promise<void> {
  const networkIds = [
    ...new Set([...bundle.networks.map((n) => n.id), ...[...bundle.nodes, ...bundle.links].map((r) => r.networkId)]),
  ];
  if (networkIds.length === 0) return;
  const named = new Set(asImported.filter((id) => bundle.networks.some((n) => n.id === id)));
  const intact = new Set<string>();
  if (named.size > 0) {
    const expected = new Map<string, number>([...named].map((id) => [id, 0]));
    for (const r of [...bundle.nodes, ...bundle.links])
      if (expected.has(r.networkId)) expected.set(r.networkId, expected.get(r.networkId)! + 1);
    const stored = await tx.query<{ id: string; total: number }>(
      `SELECT n.id, ((SELECT count(*) FROM nodes WHERE city_id = n.city_id AND network_id = n.id)
         + (SELECT count(*) FROM links WHERE city_id = n.city_id AND network_id = n.id))::int AS total
       FROM networks n WHERE n.city_id = $1 AND n.id = ANY($2::text[])`,
      [bundle.city.id, [...named]],
    );
    for (const r of stored) if (r.total === expected.get(r.id)) intact.add(r.id);
  }
  await tx.query(`UPDATE networks SET as_imported = id = ANY($3::text[]) WHERE city_id = $1 AND id = ANY($2::text[])`, [
    bundle.city.id,
    networkIds,
    [...intact],
  ]);
}
