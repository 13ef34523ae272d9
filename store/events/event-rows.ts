import { EventSchema, EventTransitionSchema, type Event, type EventTransition } from '../../core/model/index.js';
import { OPEN_EVENT_STATES } from '../../core/incident/index.js';
import type { SqlExecutor } from '../sql-client.js';

/** A photo as stored: its bytes and type. */
export interface EventPhoto {
  id: string;
  eventId: string | null;
  contentType: string;
  bytes: Buffer;
  uploadedBy: string;
  createdAt: number;
}

/** An event list item: the record without its audit trail. */
export type EventSummary = Omit<Event, 'transitions'>;

/** The columns of an events row, in INSERT order, for an event. */
export function eventColumns(cityId: string, event: Event, dedupeKey: string | null): unknown[] {
  const { transitions: _transitions, ...data } = event;
  return [
    cityId,
    event.id,
    event.state,
    OPEN_EVENT_STATES.includes(event.state),
    event.gridId,
    event.severity,
    event.source.kind,
    event.source.kind === 'report' ? event.source.reporter : null,
    event.assignedCrewId,
    dedupeKey,
    event.createdAt,
    event.slaDueAt,
    event.version,
    JSON.stringify(data),
  ];
}

export const INSERT_EVENT = `INSERT INTO events (city_id, id, state, is_open, grid_id, severity, source_kind, reporter,
  assigned_crew_id, dedupe_key, created_at, sla_due_at, version, data)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::text::jsonb)`;

export const UPDATE_EVENT = `UPDATE events SET state = $3, is_open = $4, grid_id = $5, severity = $6, source_kind = $7,
  reporter = $8, assigned_crew_id = $9, dedupe_key = $10, created_at = $11, sla_due_at = $12, version = $13,
  data = $14::text::jsonb WHERE city_id = $1 AND id = $2`;

/** Appends the transitions from index `fromSeq` on. */
export async function appendTransitions(
  tx: SqlExecutor,
  eventId: string,
  transitions: readonly EventTransition[],
  fromSeq: number,
): Promise<void> {
  for (let seq = fromSeq; seq < transitions.length; seq++) {
    const t = EventTransitionSchema.parse(transitions[seq]);
    await tx.query('INSERT INTO event_transitions (event_id, seq, at, data) VALUES ($1, $2, $3, $4::text::jsonb)', [
      eventId,
      seq,
      t.at,
      JSON.stringify(t),
    ]);
  }
}

/** Reads one event with its audit trail; `lock` takes the row lock (inside a transaction). */
export async function readEvent(
  tx: SqlExecutor,
  id: string,
  lock: boolean,
): Promise<{ event: Event; cityId: string; dedupeKey: string | null } | null> {
  const rows = await tx.query<{ city_id: string; dedupe_key: string | null; data: unknown }>(
    `SELECT city_id, dedupe_key, data FROM events WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const trail = await tx.query<{ data: unknown }>(
    'SELECT data FROM event_transitions WHERE event_id = $1 ORDER BY seq',
    [id],
  );
  const event = EventSchema.parse({ ...(row.data as object), transitions: trail.map((t) => t.data) });
  return { event, cityId: row.city_id, dedupeKey: row.dedupe_key };
}

/** Turns a bytea value of either engine into a Buffer. */
export function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('expected bytea bytes');
}
