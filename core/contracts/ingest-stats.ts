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
});
export type IngestStatsSnapshot = z.infer<typeof IngestStatsSnapshotSchema>;

/** GET /api/ingest/stats: the counters of the bridge in this process, or where to look instead. */
export const IngestStatsAnswerSchema = z.discriminatedUnion('bridge', [
  IngestStatsSnapshotSchema.extend({ bridge: z.literal('in-process'), transport: z.string() }),
  z.object({ bridge: z.literal('elsewhere'), message: z.string() }),
]);
export type IngestStatsAnswer = z.infer<typeof IngestStatsAnswerSchema>;
