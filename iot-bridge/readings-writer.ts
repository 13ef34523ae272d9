import type { Reading } from './decode-reading.js';

/** Where the writer puts readings: answers how many were new (not duplicates). */
export interface ReadingsSink {
  insert(cityId: string, readings: readonly Reading[], receivedAt: number): Promise<number>;
  /** Most readings per `insert` the sink takes well (the writer's default `maxBatch`). */
  readonly maxBatch?: number;
}

/** Options of the writer; defaults suit one bridge on PGlite. */
export interface ReadingsWriterOptions {
  sink: ReadingsSink;
  cityId: string;
  /** Longest wait before queued readings are written, ms. Default 100. */
  flushIntervalMs?: number;
  /**
   * Most readings per transaction. Default: the sink's `maxBatch`, else 1000. Embedded PGlite on this thread
   * (PGLITE_IN_WORKER=0) blocks it for about 10-20 us per row, so its 1000 bounds how long MQTT input, rules and the
   * live hub wait (readings queued meanwhile go out in the next transaction, started at once); on its worker or on
   * PostgreSQL a backlog goes in larger transactions, which cost less per reading.
   */
  maxBatch?: number;
  /**
   * Most readings per transaction while a caller waits on it (QoS 1: its acknowledgement). Default 1000: a shorter
   * transaction commits sooner, and the embedded broker reads a device's next message only once the previous one is
   * acknowledged, so an alert's reading would wait out a large transaction (embedded broker, QoS 1 at 10,000/s:
   * alert p99 181-300 ms with 5000, 6-42 ms with 1000).
   */
  waitedBatch?: number;
  /** Above this many queued readings `isFull` turns true and callers should wait (back-pressure). Default 100,000. */
  maxQueue?: number;
  /** Retry delay after a failed write, ms. Default 500. */
  retryMs?: number;
  now?: () => number;
  onWritten?: (inserted: number, attempted: number) => void;
  onError?: (error: unknown) => void;
}

interface Entry {
  readings: Reading[];
  done: () => void;
  urgent: boolean;
}

/**
 * Batches readings into transactions: one per `flushIntervalMs` or per `maxBatch` readings, whichever comes first.
 * A caller that must not acknowledge before the reading is durable (MQTT QoS 1) awaits `write`; that also asks for a
 * prompt flush, so waiting readings are group-committed back to back instead of sitting out the interval.
 * A failed transaction is retried with the same readings (the database drops duplicates), so nothing queued is lost.
 */
export class ReadingsWriter {
  private queue: Entry[] = [];
  private queued = 0;
  private waiting = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private readonly o: Required<Omit<ReadingsWriterOptions, 'onWritten' | 'onError'>> &
    Pick<ReadingsWriterOptions, 'onWritten' | 'onError'>;

  constructor(options: ReadingsWriterOptions) {
    this.o = {
      flushIntervalMs: 100,
      maxBatch: options.sink.maxBatch ?? 1000,
      waitedBatch: 1000,
      maxQueue: 100_000,
      retryMs: 500,
      now: Date.now,
      ...options,
    };
  }

  /** Readings queued and not yet committed. */
  get depth(): number {
    return this.queued;
  }

  /** True when callers should hold back (the queue is at its bound). */
  get isFull(): boolean {
    return this.queued >= this.o.maxQueue;
  }

  /** Queues readings; resolves once they are committed. Not awaiting it is fine for fire-and-forget (QoS 0). */
  write(readings: Reading[], urgent = true): Promise<void> {
    if (this.closed) return Promise.reject(new Error('readings writer is closed'));
    if (readings.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.queue.push({ readings, done: resolve, urgent });
      this.queued += readings.length;
      if (urgent) this.waiting++;
      this.schedule(urgent);
    });
  }

  /** Queues readings without anyone waiting for them (they are still written within the interval). */
  enqueue(readings: Reading[]): void {
    void this.write(readings, false);
  }

  /** Writes everything queued now. */
  async flush(): Promise<void> {
    while (this.queued > 0 || this.flushing) {
      if (this.flushing) await this.flushing;
      else await this.runFlush();
    }
  }

  /** Writes what is queued, then refuses new readings. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(urgent: boolean): void {
    if (this.flushing) return; // the running flush reschedules when it ends
    if (urgent || this.queued >= this.o.maxBatch) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      setImmediate(() => void this.runFlush());
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.runFlush();
    }, this.o.flushIntervalMs);
  }

  private runFlush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return this.flushing ?? Promise.resolve();
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = null;
      if (this.queued > 0) this.schedule(this.waiting > 0);
    });
    return this.flushing;
  }

  /** The error of the last write when it failed (writes retry until one succeeds), else null: for /api/health. */
  lastError: { at: number; message: string } | null = null;

  private async flushOnce(): Promise<void> {
    // Entries are counted, then taken with one splice: shift() one at a time moves the whole queue each time once it
    // is long (V8 cannot trim a large array in place), 1000 shifts of a 100,000-entry queue cost about 0.4 s.
    const limit = this.waiting > 0 ? Math.min(this.o.maxBatch, this.o.waitedBatch) : this.o.maxBatch;
    let n = 0,
      count = 0;
    while (n < this.queue.length && (count === 0 || count + this.queue[n]!.readings.length <= limit)) {
      count += this.queue[n]!.readings.length;
      n++;
    }
    const taken = this.queue.splice(0, n);
    const batch = taken.length === 1 ? taken[0]!.readings : taken.flatMap((e) => e.readings);
    for (;;) {
      try {
        const inserted = await this.o.sink.insert(this.o.cityId, batch, this.o.now());
        this.queued -= count;
        this.lastError = null;
        for (const e of taken) {
          if (e.urgent) this.waiting--;
          e.done();
        }
        this.o.onWritten?.(inserted, count);
        return;
      } catch (err) {
        this.lastError = { at: this.o.now(), message: err instanceof Error ? err.message : String(err) };
        this.o.onError?.(err);
        if (this.closed) throw err;
        await new Promise((r) => setTimeout(r, this.o.retryMs));
      }
    }
  }
}
