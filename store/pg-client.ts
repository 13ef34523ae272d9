import pg from 'pg';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/** Options of the PostgreSQL adapter. */
export interface PgClientOptions {
  /** A schema to create if missing and put first on the search path (tests use one schema per run). */
  schema?: string;
  /** Pool size; the default suits one server process. */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

function executor(q: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await q.query(sql, params as unknown[]);
      return result.rows as Row[];
    },
    async exec(sql: string): Promise<void> {
      // Without parameters node-postgres uses the simple protocol, which runs a multi-statement script.
      await q.query(sql);
    },
  };
}

/** Connects a pool to the PostgreSQL server at `databaseUrl`. */
export async function openPgClient(databaseUrl: string, options: PgClientOptions = {}): Promise<SqlClient> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new RangeError(`schema must be lower-case letters, digits and underscores, got ${JSON.stringify(schema)}`);
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  try {
    if (schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    else await pool.query('SELECT 1');
  } catch (err) {
    await pool.end();
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(databaseUrl)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const base = executor(pool);
  return {
    engine: 'postgres',
    ...base,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
