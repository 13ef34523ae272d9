import {
  BatchPayloadSchema,
  LIMITS,
  type RejectReason,
  parseDeviceTopic,
  type DeviceTopic,
  ReadingPayloadSchema,
  StatusPayloadSchema,
  type DeviceStatus,
} from '../core/contracts/mqtt.js';

/** One validated reading. `ts` is epoch ms; `seq` the device's sequence number when it sent one. */
export interface Reading {
  sensorId: string;
  ts: number;
  value: number;
  seq: number | null;
}

/** What one MQTT message decodes to. */
export type DecodedMessage =
  | { kind: 'readings'; sensorId: string; readings: Reading[] }
  | { kind: 'status'; sensorId: string; status: DeviceStatus }
  /** An empty retained message (a device clearing its status): nothing to do. */
  | { kind: 'ignored'; sensorId: string }
  | { kind: 'rejected'; reason: RejectReason; detail: string; sensorId: string | null };

/** What decoding needs from the outside: the clock and the sensor registry. */
export interface DecodeContext {
  now: number;
  isKnownSensor: (sensorId: string) => boolean;
}

const reject = (reason: RejectReason, detail: string, sensorId: string | null): DecodedMessage => ({
  kind: 'rejected',
  reason,
  detail,
  sensorId,
});

/** True when a parsed payload holds a number JSON could not represent (1e400 parses to Infinity). */
function hasNonFiniteValue(data: unknown): boolean {
  const bad = (r: unknown) =>
    typeof r === 'object' &&
    r !== null &&
    typeof (r as { value?: unknown }).value === 'number' &&
    !Number.isFinite((r as { value: number }).value);
  if (bad(data)) return true;
  const readings = (data as { readings?: unknown } | null)?.readings;
  return Array.isArray(readings) && readings.some(bad);
}

type Item = { ts: number; value: number; seq?: number | undefined };

/** The shape of one reading the fast path accepts: what the schema accepts with a numeric `ts`. */
function isPlainReading(r: unknown): r is Item {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return false;
  const { ts, value, seq } = r as Record<string, unknown>;
  return (
    typeof ts === 'number' &&
    Number.isFinite(ts) &&
    ts >= LIMITS.minEpochMs &&
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (seq === undefined || (Number.isSafeInteger(seq) && (seq as number) >= 0))
  );
}

/**
 * The readings of a parsed payload when it has the common shape (epoch-ms `ts`, finite `value`, optional integer
 * `seq`), checked without zod; null otherwise. It accepts a subset of what ReadingPayloadSchema / BatchPayloadSchema
 * accept and yields the same items (`ts` rounded like the schema's transform), so the schemas stay the single source
 * of truth: anything the fast path declines (ISO timestamps, errors) is decided by them, with their messages.
 */
export function fastPathItems(data: unknown): Item[] | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  if (!('readings' in data)) return isPlainReading(data) ? [data] : null;
  const list = (data as { readings: unknown }).readings;
  if (!Array.isArray(list) || list.length < 1 || list.length > LIMITS.maxBatch) return null;
  for (const r of list) if (!isPlainReading(r)) return null;
  return list as Item[];
}

/** The readings of a parsed payload by the schemas (the slow path), or the first issue as a rejection detail. */
function schemaItems(data: unknown): { items: Item[] } | { detail: string } {
  const isBatch = typeof data === 'object' && data !== null && 'readings' in data;
  const parsed = isBatch ? BatchPayloadSchema.safeParse(data) : ReadingPayloadSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { detail: `${issue?.path.join('.') || '(payload)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { items: 'readings' in parsed.data ? parsed.data.readings : [parsed.data] };
}

/** Parsed device topics by topic string: a device sends on the same topic all day (bounded: cleared when full). */
const topics = new Map<string, DeviceTopic | null>();
const MAX_CACHED_TOPICS = 65_536;

/** parseDeviceTopic, remembered: one map lookup instead of a split and a regular expression per message. */
function deviceTopic(topic: string): DeviceTopic | null {
  let parsed = topics.get(topic);
  if (parsed === undefined) {
    parsed = parseDeviceTopic(topic);
    if (topics.size >= MAX_CACHED_TOPICS) topics.clear();
    topics.set(topic, parsed);
  }
  return parsed;
}

/**
 * Decodes and validates one MQTT message against the contract (pure: the clock and registry come in `context`).
 * Checks run cheapest first: topic, size, sensor, JSON, fast-path shape (else finiteness, schema), future. A batch with one bad reading is
 * rejected whole, so a device never has half a batch stored.
 */
export function decodeMessage(topic: string, payload: Uint8Array, context: DecodeContext): DecodedMessage {
  const parsedTopic = deviceTopic(topic);
  if (parsedTopic === null)
    return reject('unknown-topic', `topic ${topic} is not .../sensors/{id}/reading or /status`, null);
  const { sensorId, channel } = parsedTopic;
  if (payload.byteLength > LIMITS.maxPayloadBytes) {
    return reject('oversize', `payload of ${payload.byteLength} bytes exceeds ${LIMITS.maxPayloadBytes}`, sensorId);
  }
  if (!context.isKnownSensor(sensorId))
    return reject('unknown-sensor', `sensor ${sensorId} is not registered`, sensorId);
  // A Buffer (what the transports hand over) decodes in place; a plain Uint8Array is viewed as one first.
  const text = (
    Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  ).toString();

  if (channel === 'status') return decodeStatus(sensorId, text);

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return reject('malformed-json', (err as Error).message, sensorId);
  }
  let items = fastPathItems(data);
  if (items === null) {
    if (hasNonFiniteValue(data)) return reject('non-finite', 'value is not a finite number', sensorId);
    const slow = schemaItems(data);
    if ('detail' in slow) return reject('schema', slow.detail, sensorId);
    items = slow.items;
  }
  const limit = context.now + LIMITS.maxFutureMs;
  const readings: Reading[] = new Array<Reading>(items.length);
  for (let i = 0; i < items.length; i++) {
    const r = items[i]!;
    // Math.round: the schema's transform of a numeric ts (a no-op for what it already rounded).
    const ts = Math.round(r.ts);
    if (ts > limit) {
      return reject(
        'future-timestamp',
        `ts ${new Date(ts).toISOString()} is ${Math.round((ts - context.now) / 1000)} s ahead`,
        sensorId,
      );
    }
    readings[i] = { sensorId, ts, value: r.value, seq: r.seq ?? null };
  }
  return { kind: 'readings', sensorId, readings };
}

function decodeStatus(sensorId: string, text: string): DecodedMessage {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'ignored', sensorId };
  let word: unknown = trimmed;
  if (trimmed.startsWith('"') || trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(trimmed) as unknown;
      word = typeof json === 'object' && json !== null ? (json as { status?: unknown }).status : json;
    } catch (err) {
      return reject('malformed-json', (err as Error).message, sensorId);
    }
  }
  const parsed = StatusPayloadSchema.safeParse(word);
  if (!parsed.success) return reject('schema', 'status must be "online" or "offline"', sensorId);
  return { kind: 'status', sensorId, status: parsed.data };
}
