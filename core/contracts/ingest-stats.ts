import { z } from 'zod';
import { REJECT_REASONS } from './mqtt.js';

const count = z.number().int().min(0);

/** One rejected message kept as an example (payload cut to a short preview). */
export const RejectionExampleSchema = z.object({
  at: z.number(),
  reason: z.enum(REJECT_REASONS),
  topic: z.string(),
  detail: z.string(),
  payloadPreview: z.string(),
});
export type RejectionExample = z.infer<typeof RejectionExampleSchema>;

/** Readings missing from sensors' seq numbers as the bridge sees them (a later seq arrived, these never did). */
export const SeqGapsSchema = z.object({
  missingReadings: count.describe('Readings missing from all sensors together (late arrivals fill their gap again)'),
  sensorsWithGaps: count,
  bySensor: z
    .array(z.object({ sensorId: z.string(), missing: count, lastGapAt: z.number().describe('ms since epoch') }))
    .describe('The sensors with the most missing readings (at most 20)'),
});
export type SeqGaps = z.infer<typeof SeqGapsSchema>;

/** The bridge's ingest counters. Counts are since the bridge started. */
export const IngestStatsSnapshotSchema = z.object({
  startedAt: z.number(),
  messages: count,
  readingsAccepted: count,
  readingsStored: count,
  duplicates: count,
  statusMessages: count,
  rejected: z.record(z.enum(REJECT_REASONS), count).describe('Rejected messages per reason'),
  rejectedTotal: count,
  lastRejections: z.array(RejectionExampleSchema),
  queueDepth: count.describe('Readings waiting to be written'),
  writeBatches: count,
  writeErrors: count,
  gaps: SeqGapsSchema.nullable().describe(
    'Seq gaps per sensor; null on a bridge that stores only its share of a shared subscription and has no rules feed',
  ),
  brokerDropped: count
    .nullable()
    .describe(
      "Messages the external broker reports it dropped since it started, for all its clients (Mosquitto's $SYS/broker/publish/messages/dropped, updated every sys_interval); null when unknown",
    ),
  acksPending: count.describe('QoS 1 messages received and not yet acknowledged (their readings are being stored)'),
});
export type IngestStatsSnapshot = z.infer<typeof IngestStatsSnapshotSchema>;

/** GET /api/ingest/stats: the counters of the bridge in this process, or where to look instead. */
export const IngestStatsAnswerSchema = z.discriminatedUnion('bridge', [
  IngestStatsSnapshotSchema.extend({ bridge: z.literal('in-process'), transport: z.string() }),
  z.object({ bridge: z.literal('elsewhere'), message: z.string() }),
]);
export type IngestStatsAnswer = z.infer<typeof IngestStatsAnswerSchema>;
