import { ApiError } from '../errors.js';
import type { EventStore } from '../../store/events/index.js';

/** Limits of photo uploads per user over a rolling day. */
export interface PhotoQuotaOptions {
  /** Photos one user may upload in 24 h. @default 50 */
  photosPerDay?: number;
  /** Bytes (as stored) one user may upload in 24 h. @default 100 MB */
  bytesPerDay?: number;
  now?: () => number;
}

const DAY_MS = 24 * 60 * 60_000;

/** 429: the user's photo quota is used up until Retry-After. */
export class PhotoQuotaError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('GT_ERR_PHOTO_QUOTA', message);
  }
}

/**
 * Per-user photo quota over the last 24 h, counted from the stored photos themselves (so it holds across restarts and
 * server instances). One user's uploads are checked and stored one after another in this process: counting the
 * others' bytes while they were being written was not enough on PostgreSQL, where a check's query could start before
 * another upload committed and end after it was released, and see neither (three parallel uploads all passed a check
 * two should have).
 */
export class PhotoQuota {
  private readonly photosPerDay: number;
  private readonly bytesPerDay: number;
  private readonly now: () => number;
  /** Per user, the end of the last upload queued: the next one starts after it. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: Pick<EventStore, 'photoUsage'>,
    options: PhotoQuotaOptions = {},
  ) {
    this.photosPerDay = options.photosPerDay ?? 50;
    this.bytesPerDay = options.bytesPerDay ?? 100 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /**
   * Runs `store` (the write that saves the photo) when one more photo of `bytes` fits the user's quota.
   * @throws PhotoQuotaError (429 with Retry-After) when it does not; nothing is written then.
   */
  within<T>(userId: string, bytes: number, store: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(userId) ?? Promise.resolve();
    const run = previous.then(() => this.checkThenStore(userId, bytes, store));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(userId, settled);
    void settled.then(() => {
      if (this.queues.get(userId) === settled) this.queues.delete(userId);
    });
    return run;
  }

  private async checkThenStore<T>(userId: string, bytes: number, store: () => Promise<T>): Promise<T> {
    const now = this.now();
    const used = await this.store.photoUsage(userId, now - DAY_MS);
    const count = used.count + 1,
      total = used.bytes + bytes;
    if (count > this.photosPerDay || total > this.bytesPerDay) {
      const freeAt = (used.oldestAt ?? now) + DAY_MS;
      const what =
        count > this.photosPerDay
          ? `${this.photosPerDay} photos`
          : `${Math.round(this.bytesPerDay / 1024 / 1024)} MB of photos`;
      throw new PhotoQuotaError(
        `the daily photo quota (${what} in 24 h) is used up`,
        Math.max(1, Math.ceil((freeAt - now) / 1000)),
      );
    }
    return store();
  }
}
