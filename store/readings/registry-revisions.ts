import type { SqlClient } from '../sql-client.js';

/**
 * The per-city registry revision (migration 410): a number that moves whenever the city's sensors, their rules or
 * its device credentials change, in whatever process. Reading it is one primary-key lookup, cheap to poll.
 */
export class RegistryRevisions {
  constructor(private readonly db: SqlClient) {}

  /** The city's revision; 0 before its first change. */
  async of(cityId: string): Promise<number> {
    const rows = await this.db.query<{ revision: number }>(
      'SELECT revision::float8 AS revision FROM registry_revisions WHERE city_id = $1',
      [cityId],
    );
    return Number(rows[0]?.revision ?? 0);
  }
}
