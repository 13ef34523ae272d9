import { REJECT_REASONS, type RejectReason } from '../core/contracts/mqtt.js';
import type { IngestStatsSnapshot, RejectionExample } from '../core/contracts/ingest-stats.js';

export type { IngestStatsSnapshot, RejectionExample };

const PREVIEW_CHARS = 120;

/** Counters of the ingest path; bounded memory (only the last `keepExamples` rejections are kept). */
export class IngestStats {
  messages = 0;
  readingsAccepted = 0;
  readingsStored = 0;
  duplicates = 0;
  statusMessages = 0;
  writeBatches = 0;
  writeErrors = 0;
  private readonly rejected = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
  private readonly examples: RejectionExample[] = [];

  constructor(
    private readonly startedAt: number,
    private readonly keepExamples = 20,
  ) {}

  reject(at: number, reason: RejectReason, topic: string, detail: string, payload: Uint8Array): void {
    this.rejected[reason]++;
    const preview = Buffer.from(
      payload.buffer,
      payload.byteOffset,
      Math.min(payload.byteLength, PREVIEW_CHARS),
    ).toString('utf8');
    this.examples.push({
      at,
      reason,
      topic: topic.slice(0, 200),
      detail: detail.slice(0, 200),
      payloadPreview: preview,
    });
    if (this.examples.length > this.keepExamples) this.examples.shift();
  }

  /** The counters kept here; the bridge adds the seq gaps and what its transport knows of the broker. */
  snapshot(queueDepth: number): Omit<IngestStatsSnapshot, 'gaps' | 'brokerDropped' | 'acksPending'> {
    const rejected = { ...this.rejected };
    return {
      startedAt: this.startedAt,
      messages: this.messages,
      readingsAccepted: this.readingsAccepted,
      readingsStored: this.readingsStored,
      duplicates: this.duplicates,
      statusMessages: this.statusMessages,
      rejected,
      rejectedTotal: Object.values(rejected).reduce((a, b) => a + b, 0),
      lastRejections: [...this.examples].reverse(),
      queueDepth,
      writeBatches: this.writeBatches,
      writeErrors: this.writeErrors,
    };
  }
}
