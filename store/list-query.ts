import type { Bbox } from '../core/model/index.js';

/** A WHERE clause under construction; values become positional parameters. */
export class WhereBuilder {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds `column = value` when the value is defined. */
  equals(column: string, value: string | undefined | null): this {
    if (value === undefined) return this;
    if (value === null) this.clauses.push(`${column} IS NULL`);
    else this.clauses.push(`${column} = ${this.param(value)}`);
    return this;
  }

  /** Keeps rows whose extent intersects `bbox` (edges touching count). */
  intersects(bbox: Bbox | undefined): this {
    if (bbox === undefined) return this;
    const [w, s, e, n] = bbox.map((v) => this.param(v));
    this.clauses.push(
      `max_lon >= ${w}::float8 AND min_lon <= ${e}::float8 AND max_lat >= ${s}::float8 AND min_lat <= ${n}::float8`,
    );
    return this;
  }

  /** The next placeholder for `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  toSql(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join(' AND ')}`;
  }
}

/** `LIMIT ... OFFSET ...` for the given options; no limit means all rows. */
export function pageClause(where: WhereBuilder, limit: number | undefined, offset: number | undefined): string {
  const parts: string[] = [];
  if (limit !== undefined) {
    if (!Number.isInteger(limit) || limit < 0)
      throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    parts.push(`LIMIT ${where.param(limit)}::int`);
  }
  if (offset !== undefined && offset !== 0) {
    if (!Number.isInteger(offset) || offset < 0)
      throw new RangeError(`offset must be a non-negative integer, got ${offset}`);
    parts.push(`OFFSET ${where.param(offset)}::int`);
  }
  return parts.join(' ');
}
