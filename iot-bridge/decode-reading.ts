import {
  BatchPayloadSchema, LIMITS, parseDeviceTopic, ReadingPayloadSchema, StatusPayloadSchema, type DeviceStatus,
} from './topic-catalogue.js';

/** One validated reading. `ts` is epoch ms; `seq` the device's sequence number when it sent one. */
export interface Reading {
  sensorId: string;
  ts: number;
  value: number;
  seq: number | null;
}

/** Why a message was rejected; counted per reason at /api/ingest/stats. */
export const REJECT_REASONS = [
  'unknown-topic', 'oversize', 'unknown-sensor', 'malformed-json', 'schema', 'non-finite', 'future-timestamp',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

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

const reject = (reason: RejectReason, detail: string, sensorId: string | null): DecodedMessage =>
  ({ kind: 'rejected', reason, detail, sensorId });

/** True when a parsed payload holds a number JSON could not represent (1e400 parses to Infinity). */
function hasNonFiniteValue(data: unknown): boolean {
  const bad = (r: unknown) => typeof r === 'object' && r !== null && typeof (r as { value?: unknown }).value === 'number'
    && !Number.isFinite((r as { value: number }).value);
  if (bad(data)) return true;
  const readings = (data as { readings?: unknown } | null)?.readings;
  return Array.isArray(readings) && readings.some(bad);
}

/**
 * Decodes and validates one MQTT message against the contract (pure: the clock and registry come in `context`).
 * Checks run cheapest first: topic, size, sensor, JSON, schema, finiteness, future. A batch with one bad reading is
 * rejected whole, so a device never has half a batch stored.
 */
export function decodeMessage(topic: string, payload: Uint8Array, context: DecodeContext): DecodedMessage {
  const parsedTopic = parseDeviceTopic(topic);
  if (parsedTopic === null) return reject('unknown-topic', `topic ${topic} is not .../sensors/{id}/reading or /status`, null);
  const { sensorId, channel } = parsedTopic;
  if (payload.byteLength > LIMITS.maxPayloadBytes) {
    return reject('oversize', `payload of ${payload.byteLength} bytes exceeds ${LIMITS.maxPayloadBytes}`, sensorId);
  }
  if (!context.isKnownSensor(sensorId)) return reject('unknown-sensor', `sensor ${sensorId} is not registered`, sensorId);
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');

  if (channel === 'status') return decodeStatus(sensorId, text);

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return reject('malformed-json', (err as Error).message, sensorId);
  }
  if (hasNonFiniteValue(data)) return reject('non-finite', 'value is not a finite number', sensorId);
  const isBatch = typeof data === 'object' && data !== null && 'readings' in data;
  const parsed = isBatch ? BatchPayloadSchema.safeParse(data) : ReadingPayloadSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reject('schema', `${issue?.path.join('.') || '(payload)'}: ${issue?.message ?? 'invalid'}`, sensorId);
  }
  const items = 'readings' in parsed.data ? parsed.data.readings : [parsed.data];
  const limit = context.now + LIMITS.maxFutureMs;
  const readings: Reading[] = [];
  for (const r of items) {
    if (r.ts > limit) {
      return reject('future-timestamp', `ts ${new Date(r.ts).toISOString()} is ${Math.round((r.ts - context.now) / 1000)} s ahead`, sensorId);
    }
    readings.push({ sensorId, ts: r.ts, value: r.value, seq: r.seq ?? null });
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
