/**
 * The little SQL surface the city store needs, so one store implementation runs on embedded PGlite and on a
 * PostgreSQL server alike. Both adapters speak PostgreSQL's dialect; placeholders are `$1, $2, ...`.
 */

/** Runs statements; inside `transaction` the same shape is handed to the callback. */
export interface SqlExecutor {
  /** One statement with positional parameters; answers the rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A connection (or pool) to one database. */
export interface SqlClient extends SqlExecutor {
  readonly engine: 'pglite' | 'postgres';
  /**
   * True when statements run on the calling thread (embedded PGlite in-process): a long transaction then stalls
   * everything else this thread serves, so callers keep transactions short.
   */
  readonly blocksThisThread?: boolean;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
