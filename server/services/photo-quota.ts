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
 * server instances) plus the uploads of this process still being written (so parallel uploads cannot all pass the
 * same check).
 */
export class PhotoQuota {
  private readonly photosPerDay: number;
  private readonly bytesPerDay: number;
  private readonly now: () => number;
  private readonly pending = new Map<string, { count: number; bytes: number }>();

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
  async within<T>(userId: string, bytes: number, store: () => Promise<T>): Promise<T> {
    const now = this.now();
    // Reserved before the store is asked, so parallel uploads of one user each count the others.
    const reserved = this.pending.get(userId) ?? { count: 0, bytes: 0 };
    this.pending.set(userId, { count: reserved.count + 1, bytes: reserved.bytes + bytes });
    const release = () => {
      const p = this.pending.get(userId)!;
      if (p.count <= 1) this.pending.delete(userId);
      else this.pending.set(userId, { count: p.count - 1, bytes: p.bytes - bytes });
    };
    let used: Awaited<ReturnType<EventStore['photoUsage']>>;
    try {
      used = await this.store.photoUsage(userId, now - DAY_MS);
    } catch (err) {
      release();
      throw err;
    }
    const pending = this.pending.get(userId)!;
    const count = used.count + pending.count,
      total = used.bytes + pending.bytes;
    if (count > this.photosPerDay || total > this.bytesPerDay) {
      release();
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
    try {
      return await store();
    } finally {
      release();
    }
  }
}
