import { EventSchema, type Event, type EventSource, type EventState, type Severity } from '../../core/model/index.js';
import type { SqlClient } from '../sql-client.js';
import {
  appendTransitions,
  eventColumns,
  INSERT_EVENT,
  readEvent,
  UPDATE_EVENT,
  type EventPhoto,
  type EventSummary,
} from './event-rows.js';

/** Filters of `list`. `scope` narrows to what a crew member or reporter may see (OR of its parts). */
export interface EventListOptions {
  state?: EventState | 'open';
  gridIds?: readonly string[];
  source?: EventSource['kind'];
  severity?: Severity;
  reporter?: string;
  scope?: { crewId: string | null; gridIds: readonly string[]; reporter: string };
  limit: number;
  offset: number;
}

/** Told of every event this store created or changed, after its transaction committed. */
export type EventChangeListener = (event: Event, cityId: string) => void;

/** What `update` callbacks answer: the new event, or null to leave it as it is. */
export type EventUpdate = (current: Event) => Event | null | Promise<Event | null>;

const UNIQUE_VIOLATION = '23505';

/**
 * Events, their audit trail and photos (migration 201). Updates run in a transaction that locks the event's row
 * (SELECT ... FOR UPDATE), so concurrent transitions take turns: the second one sees the first one's result and the
 * audit trail never loses a step.
 */
export class EventStore {
  private readonly listeners = new Set<EventChangeListener>();

  constructor(private readonly db: SqlClient) {}

  /**
   * Calls `listener` after each committed create or change made through this store (the live stream pushes them to
   * browsers). Answers the function that removes it. A throwing listener is ignored: the write already happened.
   */
  onChange(listener: EventChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(event: Event, cityId: string): void {
    for (const listener of this.listeners) {
      try {
        listener(event, cityId);
      } catch {
        /* a listener's failure must not fail the write that already committed */
      }
    }
  }

  /** Inserts a new event with its transitions and photos, in one transaction. */
  async create(
    cityId: string,
    event: Event,
    options: { dedupeKey?: string | null; photos?: readonly EventPhoto[] } = {},
  ): Promise<Event> {
    const valid = EventSchema.parse(event);
    await this.db.transaction(async (tx) => {
      await tx.query(INSERT_EVENT, eventColumns(cityId, valid, options.dedupeKey ?? null));
      await appendTransitions(tx, valid.id, valid.transitions, 0);
      for (const p of options.photos ?? []) await insertPhoto(tx, { ...p, eventId: valid.id });
    });
    this.notify(valid, cityId);
    return valid;
  }

  /** One event with its audit trail, and its city. */
  async get(id: string): Promise<{ event: Event; cityId: string } | null> {
    const found = await readEvent(this.db, id, false);
    return found ? { event: found.event, cityId: found.cityId } : null;
  }

  /**
   * Changes an event under its row lock: `change` gets the current record and answers the new one (or null: no change;
   * or throws: nothing written). Transitions beyond the stored ones are appended; `photos` are stored with it.
   * Answers the stored event, or null when there is no such event.
   */
  async update(id: string, change: EventUpdate, photos: readonly EventPhoto[] = []): Promise<Event | null> {
    let changed: { event: Event; cityId: string } | null = null;
    const answer = await this.db.transaction(async (tx) => {
      const found = await readEvent(tx, id, true);
      if (!found) return null;
      const next = await change(found.event);
      if (next === null) return found.event;
      const valid = EventSchema.parse(next);
      await tx.query(UPDATE_EVENT, eventColumns(found.cityId, valid, found.dedupeKey));
      await appendTransitions(tx, id, valid.transitions, found.event.transitions.length);
      for (const p of photos) await insertPhoto(tx, { ...p, eventId: id });
      changed = { event: valid, cityId: found.cityId };
      return valid;
    });
    // After the commit: a rolled-back change is never announced.
    const done = changed as { event: Event; cityId: string } | null;
    if (done) this.notify(done.event, done.cityId);
    return answer;
  }

  /**
   * One open event per `dedupeKey` in a city: `change` updates the open one under its lock, else `create` makes a new
   * one. A racing creator that loses the unique index retries as an update.
   */
  async upsertOpen(
    cityId: string,
    dedupeKey: string,
    create: () => Event,
    change: EventUpdate,
  ): Promise<{ event: Event; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const rows = await this.db.query<{ id: string }>(
        'SELECT id FROM events WHERE city_id = $1 AND dedupe_key = $2 AND is_open',
        [cityId, dedupeKey],
      );
      if (rows[0]) {
        const updated = await this.update(rows[0].id, (current) => (isOpenRow(current) ? change(current) : null));
        if (updated !== null && isOpenRow(updated)) return { event: updated, created: false };
      }
      try {
        return { event: await this.create(cityId, create(), { dedupeKey }), created: true };
      } catch (err) {
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 2) throw err;
      }
    }
  }

  /**
   * Updates the open event of `dedupeKey` in a city under its lock; answers it, or null when there is none (or
   * `change` made no change).
   */
  async updateOpen(cityId: string, dedupeKey: string, change: EventUpdate): Promise<Event | null> {
    const rows = await this.db.query<{ id: string }>(
      'SELECT id FROM events WHERE city_id = $1 AND dedupe_key = $2 AND is_open',
      [cityId, dedupeKey],
    );
    if (!rows[0]) return null;
    const updated = await this.update(rows[0].id, (current) => (isOpenRow(current) ? change(current) : null));
    return updated;
  }

  /** Whether any event of the city (open or not) stands for the alert `alertId`. */
  async hasEventForAlert(cityId: string, alertId: string): Promise<boolean> {
    const rows = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE city_id = $1 AND source_kind = 'alert'
         AND (data->'source'->>'alertId' = $2 OR coalesce(data->'alertIds', '[]'::jsonb) @> jsonb_build_array($2::text))`,
      [cityId, alertId],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  /** Events of a city (without audit trails), newest first, with the total before paging. */
  async list(cityId: string, options: EventListOptions): Promise<{ items: EventSummary[]; total: number }> {
    const where = ['city_id = $1'];
    const params: unknown[] = [cityId];
    const p = (value: unknown) => `$${params.push(value)}`;
    if (options.state === 'open') where.push('is_open');
    else if (options.state !== undefined) where.push(`state = ${p(options.state)}`);
    if (options.gridIds !== undefined) where.push(`grid_id = ANY(${p([...options.gridIds])}::text[])`);
    if (options.source !== undefined) where.push(`source_kind = ${p(options.source)}`);
    if (options.severity !== undefined) where.push(`severity = ${p(options.severity)}`);
    if (options.reporter !== undefined) where.push(`reporter = ${p(options.reporter)}`);
    if (options.scope !== undefined) {
      const s = options.scope;
      where.push(
        `(assigned_crew_id = ${p(s.crewId)} OR grid_id = ANY(${p([...s.gridIds])}::text[]) OR reporter = ${p(s.reporter)})`,
      );
    }
    const filter = where.join(' AND ');
    const total = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE ${filter}`, params);
    const rows = await this.db.query<{ data: unknown }>(
      `SELECT data FROM events WHERE ${filter} ORDER BY created_at DESC, id LIMIT ${p(options.limit)} OFFSET ${p(options.offset)}`,
      params,
    );
    return { items: rows.map((r) => EventSchema.omit({ transitions: true }).parse(r.data)), total: total[0]?.n ?? 0 };
  }

  /** Events of a city discovered in `[fromMs, toMs)` with their audit trails (for KPIs). */
  async listWithTrails(cityId: string, fromMs: number, toMs: number, gridIds?: readonly string[]): Promise<Event[]> {
    const params: unknown[] = [cityId, fromMs, toMs];
    const gridFilter = gridIds === undefined ? '' : ` AND grid_id = ANY($${params.push([...gridIds])}::text[])`;
    const rows = await this.db.query<{ id: string; data: unknown }>(
      `SELECT id, data FROM events WHERE city_id = $1 AND created_at >= $2 AND created_at < $3${gridFilter} ORDER BY created_at, id`,
      params,
    );
    if (rows.length === 0) return [];
    const trails = await this.db.query<{ event_id: string; data: unknown }>(
      'SELECT event_id, data FROM event_transitions WHERE event_id = ANY($1::text[]) ORDER BY event_id, seq',
      [rows.map((r) => r.id)],
    );
    const byEvent = new Map<string, unknown[]>();
    for (const t of trails) {
      const list = byEvent.get(t.event_id);
      if (list) list.push(t.data);
      else byEvent.set(t.event_id, [t.data]);
    }
    return rows.map((r) => EventSchema.parse({ ...(r.data as object), transitions: byEvent.get(r.id) ?? [] }));
  }

  /** Ids of open events whose SLA deadline is at or before `nowMs`, in every city. */
  async listOverdueIds(nowMs: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      'SELECT id FROM events WHERE is_open AND sla_due_at <= $1 ORDER BY sla_due_at, id',
      [nowMs],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Photos one user uploaded since `sinceMs`: how many, their bytes, and when the oldest of them was taken in (when
   * the window frees again). For upload quotas.
   */
  async photoUsage(
    uploadedBy: string,
    sinceMs: number,
  ): Promise<{ count: number; bytes: number; oldestAt: number | null }> {
    const rows = await this.db.query<{
      count: string | number;
      bytes: string | number | null;
      oldest: string | number | null;
    }>(
      'SELECT count(*) AS count, sum(octet_length(bytes)) AS bytes, min(created_at) AS oldest FROM event_photos WHERE uploaded_by = $1 AND created_at >= $2',
      [uploadedBy, sinceMs],
    );
    const r = rows[0];
    return {
      count: Number(r?.count ?? 0),
      bytes: Number(r?.bytes ?? 0),
      oldestAt: r?.oldest === null || r?.oldest === undefined ? null : Number(r.oldest),
    };
  }

  async getPhoto(eventId: string, photoId: string): Promise<EventPhoto | null> {
    const rows = await this.db.query<{
      content_type: string;
      hex: string;
      uploaded_by: string;
      created_at: string | number;
    }>(
      "SELECT content_type, encode(bytes, 'hex') AS hex, uploaded_by, created_at FROM event_photos WHERE id = $1 AND event_id = $2",
      [photoId, eventId],
    );
    const r = rows[0];
    return r
      ? {
          id: photoId,
          eventId,
          contentType: r.content_type,
          bytes: Buffer.from(r.hex, 'hex'),
          uploadedBy: r.uploaded_by,
          createdAt: Number(r.created_at),
        }
      : null;
  }
}

function isOpenRow(event: Event): boolean {
  return event.state !== 'resolved' && event.state !== 'closed';
}

/**
 * Photo bytes travel as hex text (Buffer's native codec) and are decoded by the database: PGlite's own bytea
 * parameter and column handling run byte by byte in JavaScript on the calling thread, 5-6 s for a 5 MB photo written
 * and 2.3 s read, against about 1.1 s and 0.4 s as hex (same SQL on PostgreSQL).
 */
async function insertPhoto(tx: Pick<SqlClient, 'query'>, photo: EventPhoto): Promise<void> {
  await tx.query(
    "INSERT INTO event_photos (id, event_id, content_type, bytes, uploaded_by, created_at) VALUES ($1, $2, $3, decode($4, 'hex'), $5, $6)",
    [photo.id, photo.eventId, photo.contentType, photo.bytes.toString('hex'), photo.uploadedBy, photo.createdAt],
  );
}
