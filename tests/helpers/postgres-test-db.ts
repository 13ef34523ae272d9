import { describe, it } from 'vitest';
import pg from 'pg';

/** The PostgreSQL server integration tests use, from TEST_DATABASE_URL (unset: those tests are skipped). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/**
 * `describe` for tests that need PostgreSQL. Without TEST_DATABASE_URL the suite is skipped with a warning naming the
 * variable, unless REQUIRE_SERVICES=1, in which case it fails: a CI job that promised a database must not pass green
 * without one.
 */
export function describePostgres(name: string, body: (databaseUrl: string) => void): void {
  if (TEST_DATABASE_URL !== undefined) {
    describe(name, () => body(TEST_DATABASE_URL));
    return;
  }
  if (process.env.REQUIRE_SERVICES === '1') {
    describe(name, () => {
      it('has a PostgreSQL server to run against', () => {
        throw new Error(
          'REQUIRE_SERVICES=1 but TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
        );
      });
    });
    return;
  }
  console.warn(`${name}: skipped, set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it`);
  describe.skipIf(true)(name, () => body(''));
}

/** A schema name no other test run uses, so runs never see each other's tables. */
export function uniqueSchemaName(prefix = 'gt_test'): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * A connection string whose every connection has `schema` (created here) first on its search path: a twin, a CLI or a
 * bridge process pointed at it keeps to that schema, as an operator points GridTwin at a database of its own.
 */
export async function schemaDatabaseUrl(databaseUrl: string, schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
