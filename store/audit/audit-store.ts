import type { AuditAction, AuditEntity, AuditEntry } from '../../core/contracts/audit.js';
import type { Page } from '../city-store.js';
import type { SqlExecutor } from '../sql-client.js';

/** A change to record (the log stamps its id). */
export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditQuery {
  entity?: AuditEntity;
  entityId?: string;
  cityId?: string;
  actor?: string;
  limit?: number;
  offset?: number;
}

interface AuditRow {
  id: string | number;
  at: string | number;
  actor_id: string | null;
  actor_username: string;
  city_id: string | null;
  entity: AuditEntity;
  entity_id: string;
  action: AuditAction;
  before: unknown;
  after: unknown;
}

/** The append-only audit log (migration 400). */
export class AuditStore {
  constructor(private readonly db: SqlExecutor) {}

  /** Appends one entry; pass a transaction's executor to record it with the change itself. */
  async record(entry: NewAuditEntry, db: SqlExecutor = this.db): Promise<void> {
    await db.query(
      `INSERT INTO audit_log (at, actor_id, actor_username, city_id, entity, entity_id, action, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9::text::jsonb)`,
      [
        entry.at,
        entry.actor.id,
        entry.actor.username,
        entry.cityId,
        entry.entity,
        entry.entityId,
        entry.action,
        entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
      ],
    );
  }

  /** Entries newest first, filtered by entity, id, city and actor (username). */
  async list(q: AuditQuery = {}): Promise<Page<AuditEntry>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.entity) add('entity = ?', q.entity);
    if (q.entityId) add('entity_id = ?', q.entityId);
    if (q.cityId) add('city_id = ?', q.cityId);
    if (q.actor) add('actor_username = ?', q.actor);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${clause}`, params);
    const rows = await this.db.query<AuditRow>(
      `SELECT id::text AS id, at, actor_id, actor_username, city_id, entity, entity_id, action, before, after
       FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT ${Math.max(0, Math.floor(q.limit ?? 100))}
       OFFSET ${Math.max(0, Math.floor(q.offset ?? 0))}`,
      params,
    );
    return {
      total: total[0]?.n ?? 0,
      items: rows.map((r) => ({
        id: String(r.id),
        at: Number(r.at),
        actor: { id: r.actor_id, username: r.actor_username },
        cityId: r.city_id,
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action,
        before: r.before ?? null,
        after: r.after ?? null,
      })),
    };
  }
}
