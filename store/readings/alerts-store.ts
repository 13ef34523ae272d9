import { AlertSchema, type Alert, type AlertState } from '../../core/model/index.js';
import type { SqlClient } from '../sql-client.js';

/** Filters of `list`. */
export interface AlertListOptions {
  state?: AlertState | 'open';
  sensorId?: string;
  limit: number;
  offset: number;
}

/**
 * Alerts in the `alerts` table (migration 100), newest first. The partial unique index keeps one open (not cleared)
 * alert per city, sensor and rule, whatever the bridge does.
 */
export class AlertsStore {
  constructor(private readonly db: SqlClient) {}

  /** Inserts or replaces an alert by id. */
  async save(cityId: string, alert: Alert): Promise<void> {
    await this.db.query(
      `INSERT INTO alerts (id, city_id, sensor_id, rule, state, severity, raised_at, updated_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb)
       ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, severity = EXCLUDED.severity,
         updated_at = EXCLUDED.updated_at, data = EXCLUDED.data`,
      [
        alert.id,
        cityId,
        alert.sensorId,
        alert.rule,
        alert.state,
        alert.severity,
        alert.raisedAt,
        alert.updatedAt,
        JSON.stringify(alert),
      ],
    );
  }

  async get(cityId: string, id: string): Promise<Alert | null> {
    const rows = await this.db.query<{ data: unknown }>('SELECT data FROM alerts WHERE city_id = $1 AND id = $2', [
      cityId,
      id,
    ]);
    return rows[0] ? AlertSchema.parse(rows[0].data) : null;
  }

  /** Alerts of a city, newest first, with the total before paging. */
  async list(cityId: string, options: AlertListOptions): Promise<{ items: Alert[]; total: number }> {
    const where = ['city_id = $1'];
    const params: unknown[] = [cityId];
    if (options.state === 'open') where.push(`state <> 'cleared'`);
    else if (options.state !== undefined) where.push(`state = $${params.push(options.state)}`);
    if (options.sensorId !== undefined) where.push(`sensor_id = $${params.push(options.sensorId)}`);
    const filter = where.join(' AND ');
    const total = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE ${filter}`, params);
    const rows = await this.db.query<{ data: unknown }>(
      `SELECT data FROM alerts WHERE ${filter} ORDER BY raised_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, options.limit, options.offset],
    );
    return { items: rows.map((r) => AlertSchema.parse(r.data)), total: total[0]?.n ?? 0 };
  }

  /** Every open alert of a city (the alert manager's state after a restart). */
  async listOpen(cityId: string): Promise<Alert[]> {
    const rows = await this.db.query<{ data: unknown }>(
      `SELECT data FROM alerts WHERE city_id = $1 AND state <> 'cleared' ORDER BY raised_at`,
      [cityId],
    );
    return rows.map((r) => AlertSchema.parse(r.data));
  }
}
