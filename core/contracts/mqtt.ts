import { z } from 'zod';

/**
 * The MQTT contract of DESIGN.md section 4 in one place: topics, payload schemas and limits. Devices publish under
 * `gridtwin/v1/sensors/{sensorId}/`; the bridge writes under `gridtwin/v1/out/`.
 */

export const TOPIC_ROOT = 'gridtwin/v1/';
export const SENSOR_TOPIC_PREFIX = 'gridtwin/v1/sensors/';
export const OUT_TOPIC_PREFIX = 'gridtwin/v1/out/';

/** What the bridge subscribes to (all device traffic). */
export const DEVICE_TOPIC_FILTER = 'gridtwin/v1/sensors/#';
/** The shared-subscription group of scaled-out bridges (DESIGN.md section 6). */
export const SHARED_GROUP = 'gridtwin-bridge';

/** Limits of the contract (also in tests/fixtures/contracts/mqtt-readings.json). */
export const LIMITS = {
  /** Payloads larger than this are rejected unread, bytes. */
  maxPayloadBytes: 64 * 1024,
  /** Timestamps further ahead of the bridge's clock are rejected, ms. */
  maxFutureMs: 5 * 60_000,
  /** Readings per batch. */
  maxBatch: 10_000,
  /** Epoch ms before this (2000-01-01) are taken for a unit mistake (epoch seconds). */
  minEpochMs: 946_684_800_000,
} as const;

/** Why a message was rejected; counted per reason at /api/ingest/stats. */
export const REJECT_REASONS = [
  'unknown-topic',
  'oversize',
  'unknown-sensor',
  'malformed-json',
  'schema',
  'non-finite',
  'future-timestamp',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const readingTopic = (sensorId: string): string => `${SENSOR_TOPIC_PREFIX}${sensorId}/reading`;
export const statusTopic = (sensorId: string): string => `${SENSOR_TOPIC_PREFIX}${sensorId}/status`;
/** Every topic a device may publish or subscribe to: its own subtree. */
export const deviceTopicFilter = (sensorId: string): string => `${SENSOR_TOPIC_PREFIX}${sensorId}/#`;
/** Alert transitions, one topic per sensor and rule. */
export const alertOutTopic = (sensorId: string, rule: string): string =>
  `${OUT_TOPIC_PREFIX}alerts/${sensorId}/${rule}`;
/** Coalesced latest values, published by the bridge a few times a second. */
export const VALUES_OUT_TOPIC = `${OUT_TOPIC_PREFIX}values`;
export const OUT_TOPIC_FILTER = `${OUT_TOPIC_PREFIX}#`;

/** A device topic split into its parts, or null when it is not one of the contract's topics. */
export type DeviceTopic = { sensorId: string; channel: 'reading' | 'status' };

const SENSOR_ID = /^[A-Za-z0-9._-]+$/;

/** Parses `gridtwin/v1/sensors/{id}/reading|status`; anything else answers null. */
export function parseDeviceTopic(topic: string): DeviceTopic | null {
  if (!topic.startsWith(SENSOR_TOPIC_PREFIX)) return null;
  const rest = topic.slice(SENSOR_TOPIC_PREFIX.length).split('/');
  if (rest.length !== 2) return null;
  const [sensorId, channel] = rest as [string, string];
  if (!SENSOR_ID.test(sensorId) || (channel !== 'reading' && channel !== 'status')) return null;
  return { sensorId, channel };
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `ts`: epoch ms (a number) or an ISO-8601 date-time with a zone; parsed to epoch ms. */
export const TimestampSchema = z
  .union([
    z
      .number()
      .refine((n) => n >= LIMITS.minEpochMs, { message: 'ts as a number must be epoch milliseconds (after 2000)' }),
    z
      .string()
      .regex(ISO_8601, { message: 'ts must be epoch ms or ISO-8601 with a zone, e.g. 2026-11-22T08:00:00+08:00' }),
  ])
  .transform((ts) => (typeof ts === 'number' ? Math.round(ts) : Date.parse(ts)))
  .refine((ms) => Number.isFinite(ms), { message: 'ts is not a valid date' });

/** One reading as a device sends it. */
export const ReadingPayloadSchema = z.object({
  ts: TimestampSchema,
  value: z.number(),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** A batch: 1 to LIMITS.maxBatch readings. */
export const BatchPayloadSchema = z.object({
  readings: z.array(ReadingPayloadSchema).min(1).max(LIMITS.maxBatch),
});

/** The status payload: retained, also the device's last will. Accepts the bare word or a JSON string. */
export const StatusPayloadSchema = z.enum(['online', 'offline']);
export type DeviceStatus = z.infer<typeof StatusPayloadSchema>;

/** What the bridge publishes on `alertOutTopic(sensorId, rule)` (QoS 1): the alert as it now stands. */
export { AlertSchema as AlertOutPayloadSchema } from '../model/alert.schema.js';

/** What the bridge publishes on VALUES_OUT_TOPIC (QoS 0): the latest value of each sensor heard since the last one. */
export const ValuesOutPayloadSchema = z.object({
  values: z.array(z.object({ sensorId: z.string(), ts: z.number(), value: z.number() })).min(1),
});
export type ValuesOutPayload = z.infer<typeof ValuesOutPayloadSchema>;
