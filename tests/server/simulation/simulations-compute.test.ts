import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityBundle } from '../../../core/model/index.js';
import { createApp } from '../../../server/http/create-app.js';
import { ComputePool } from '../../../server/compute/compute-pool.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { writeInp } from '../../../tiles/export/epanet-inp-writer.js';
import { openDemoStore } from './demo-store.js';

let bundle: CityBundle;
let client: SqlClient;
let server: http.Server;
let base: string;
const pool = new ComputePool({ workers: 1, queueLimit: 1 });

beforeAll(async () => {
  const demo = await openDemoStore(42);
  ({ bundle, client } = demo);
  const app = createApp({
    store: demo.store,
    config: { CITY: bundle.city.id },
    simulation: { writeInp, compute: pool },
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await pool.close();
  await client?.close();
});

const burst = (linkId: string) =>
  fetch(`${base}/api/simulations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'burst', linkId, withEmitter: true }),
  });

/** /api/health round trips, one every 10 ms, until `until()` says stop. */
async function probeHealth(until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!until()) {
    const t = performance.now();
    const res = await fetch(`${base}/api/health`);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  return latencies;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

describe('simulations on the compute pool (HTTP, demo city)', () => {
  const main = () =>
    bundle.links.find((l) => l.utility === 'water' && l.kind === 'pipe' && l.attributes.role === 'distribution')!;

  it('keeps /api/health answering fast while bursts run', async () => {
    expect((await burst(main().id)).status).toBe(200); // warm: city cache, worker, EPANET module
    const before = pool.stats().completed;
    const t1 = performance.now();
    expect((await burst(main().id)).status).toBe(200);
    const oneBurstMs = performance.now() - t1;
    let running = true;
    const bursts = (async () => {
      let n = 0;
      const t0 = performance.now();
      // Bursts back to back (at least two, at least 3 s): one runs on the worker at every moment of the probe.
      while (n < 2 || performance.now() - t0 < 3000) {
        const res = await burst(main().id);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        n++;
      }
      running = false;
      return { n, ms: performance.now() - t0 };
    })();
    const latencies = await probeHealth(() => !running);
    const { n, ms } = await bursts;
    const p50 = pct(latencies, 0.5),
      p95 = pct(latencies, 0.95),
      p99 = pct(latencies, 0.99);
    console.log(
      `/api/health during ${n} bursts on the pool (${(ms / n).toFixed(0)} ms each): ${latencies.length} probes, p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
    );
    expect(pool.stats().completed - before).toBe(n + 1);
    // The bar: well under 200 ms, or (on a machine so loaded that an idle server misses it) well under the run time.
    // p95, not p99: with ~90 probes p99 is the single slowest, which a busy machine (the browser suites run beside
    // these tests) can stall on its own; a burst on the request thread would hold most probes for a whole run, which
    // p50 and p95 both catch.
    const t0 = performance.now();
    const idle = await probeHealth(() => performance.now() - t0 > 1000);
    const idleP99 = pct(idle, 0.99);
    console.log(`idle /api/health: p50 ${pct(idle, 0.5).toFixed(1)} ms, p99 ${idleP99.toFixed(1)} ms`);
    expect(n).toBeGreaterThanOrEqual(2);
    expect(latencies.length).toBeGreaterThan(20);
    expect(p50).toBeLessThan(50);
    expect(p95).toBeLessThan(Math.max(200, Math.min(3 * idleP99, oneBurstMs / 4)));
  }, 120_000);

  it('answers 503 GT_ERR_COMPUTE_BUSY with Retry-After when the worker is busy and the queue full', async () => {
    const link = main().id;
    const answers = await Promise.all([burst(link), burst(link), burst(link)]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 503]);
    const refused = answers.find((r) => r.status === 503)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('GT_ERR_COMPUTE_BUSY');
    expect(body.error.message).toMatch(/queue is full/);
    for (const r of answers.filter((a) => a.status === 200))
      expect(((await r.json()) as { result: { hydraulics: unknown } }).result.hydraulics).not.toBeNull();
    // Nothing left behind: the next one runs.
    expect((await burst(link)).status).toBe(200);
  }, 120_000);
});
