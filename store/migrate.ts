import type { SqlClient } from './sql-client.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/** An arbitrary fixed key: the advisory lock that makes concurrent `migrate` calls (several servers) take turns. */
const MIGRATION_LOCK_KEY = 73_120_461;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one transaction (a failure leaves the schema
 * as it was). Idempotent: a second call finds nothing to do. Answers the versions it applied.
 *
 * A schema already current (every open but the first) costs one read: no transaction, lock or DDL. Versions are only
 * ever added, so a read that finds them all cannot be made wrong by a concurrent migrate.
 */
export async function runMigrations(
  client: SqlClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  assertOrdered(migrations);
  if (await allApplied(client, migrations)) return [];
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      try {
        await tx.exec(m.sql);
      } catch (err) {
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      done.push(m.version);
    }
    return done;
  });
}

/** Whether `schema_migrations` already records every one of `migrations` (false when the table is not there). */
async function allApplied(client: SqlClient, migrations: readonly Migration[]): Promise<boolean> {
  const table = await client.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!table[0]?.present) return false;
  const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => r.version));
  return migrations.every((m) => applied.has(m.version));
}

function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) {
      throw new RangeError(
        `migrations must have increasing versions: ${migrations[i - 1]!.version} then ${migrations[i]!.version}`,
      );
    }
  }
}
