import { describe, expect, it } from 'vitest';
import { PhotoQuota, PhotoQuotaError } from '../../../server/services/photo-quota.js';

/**
 * A photo table as PostgreSQL shows it to concurrent requests: a usage query sees the photos committed when it
 * started (READ COMMITTED) and answers later; a write commits after a while. The interleaving that let three
 * parallel uploads pass a 1 MB check: each query started before the others committed.
 */
function slowTable(queryMs: number, writeMs: number) {
  const committed: { bytes: number; at: number }[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    committed,
    store: {
      async photoUsage() {
        const seen = committed.slice();
        await sleep(queryMs);
        return {
          count: seen.length,
          bytes: seen.reduce((s, p) => s + p.bytes, 0),
          oldestAt: seen[0]?.at ?? null,
        };
      },
    },
    write: (bytes: number) => async () => {
      await sleep(writeMs);
      committed.push({ bytes, at: Date.now() });
      return bytes;
    },
  };
}

describe('server/services/photo-quota: parallel uploads of one user', () => {
  it('never lets parallel uploads pass one check together, whatever the query and write times and arrivals', async () => {
    // [query ms, write ms, ms between arrivals]: the last one is the interleaving seen on PostgreSQL (each upload
    // arrives while the previous one's query runs, and is checked after the previous one was released).
    for (const [queryMs, writeMs, staggerMs] of [
      [30, 5, 0],
      [5, 30, 0],
      [20, 20, 5],
      [30, 5, 20],
    ] as const) {
      const table = slowTable(queryMs, writeMs);
      const quota = new PhotoQuota(table.store, { bytesPerDay: 1024 * 1024 });
      const uploads = [0, 1, 2].map(async (i) => {
        await new Promise((r) => setTimeout(r, i * staggerMs));
        return quota.within('crew-1', 400 * 1024, table.write(400 * 1024));
      });
      const results = await Promise.allSettled(uploads);
      const stored = table.committed.reduce((s, p) => s + p.bytes, 0);
      expect(stored, `query ${queryMs} ms, write ${writeMs} ms, arrivals ${staggerMs} ms apart`).toBeLessThanOrEqual(
        1024 * 1024,
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused).toHaveLength(1);
      for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(PhotoQuotaError);
    }
  });

  it('does not hold one user back for another, and a refused or failed upload does not block the next', async () => {
    const table = slowTable(5, 5);
    const quota = new PhotoQuota(table.store, { bytesPerDay: 1024 * 1024 });
    const failing = quota.within('a', 10, () => Promise.reject(new Error('disk full')));
    await expect(failing).rejects.toThrow('disk full');
    await expect(quota.within('a', 2 * 1024 * 1024, table.write(1))).rejects.toBeInstanceOf(PhotoQuotaError);
    const [a, b] = await Promise.all([
      quota.within('a', 100, table.write(100)),
      quota.within('b', 100, table.write(100)),
    ]);
    expect([a, b]).toEqual([100, 100]);
  });
});
