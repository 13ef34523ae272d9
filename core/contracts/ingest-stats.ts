import type { RejectReason } from './mqtt.js';

/** One rejected message kept as an example (payload cut to a short preview). */
export interface RejectionExample {
  at: number;
  reason: RejectReason;
  topic: string;
  detail: string;
  payloadPreview: string;
}

/** What /api/ingest/stats answers. Counts are since the bridge started. */
export interface IngestStatsSnapshot {
  startedAt: number;
  messages: number;
  readingsAccepted: number;
  readingsStored: number;
  duplicates: number;
  statusMessages: number;
  rejected: Record<RejectReason, number>;
  rejectedTotal: number;
  lastRejections: RejectionExample[];
  /** Readings waiting to be written. */
  queueDepth: number;
  writeBatches: number;
  writeErrors: number;
}
