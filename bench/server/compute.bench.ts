import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/http/create-app.js';
import { ComputePool, defaultComputeWorkers } from '../../server/compute/compute-pool.js';
import { writeInp } from '../../tiles/export/epanet-inp-writer.js';
import { openDemoStore } from '../../tests/server/simulation/demo-store.js';

const BURSTS = 4;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/**
 * `/api/health` latency while EPANET bursts (with the leak run: 3 EPANET runs each) go back to back on the demo city,
 * with the runs on the request thread (COMPUTE_WORKERS=0, as before the compute pool) and on the pool; then the pool's
 * answer to more concurrent runs than its workers and queue take.
 */
export async function runComputeBench(): Promise<Record<string, number | string>> {
  const { bundle, client, store } = await openDemoStore(42);
  const main = bundle.links.find(
    (l) => l.utility === 'water' && l.kind === 'pipe' && l.attributes.role === 'distribution',
  )!;
  const figures: Record<string, number | string> = {
    city: `demo seed 42: ${bundle.nodes.filter((n) => n.networkId === main.networkId).length} water nodes`,
  };
  const serve = async (pool: ComputePool) => {
    const server = http.createServer(
      createApp({ store, config: { CITY: bundle.city.id }, simulation: { writeInp, compute: pool } }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };
  const burst = (base: string) =>
    fetch(`${base}/api/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'burst', linkId: main.id, withEmitter: true }),
    });
  for (const [label, workers] of [
    ['request thread', 0],
    ['pool', defaultComputeWorkers()],
  ] as const) {
    const pool = new ComputePool({ workers });
    const { server, base } = await serve(pool);
    await (await burst(base)).arrayBuffer(); // warm: city cache, worker, EPANET module
    let running = true;
    const t0 = performance.now();
    const bursts = (async () => {
      for (let i = 0; i < BURSTS; i++) await (await burst(base)).arrayBuffer();
      running = false;
    })();
    const latencies: number[] = [];
    while (running) {
      const t = performance.now();
      await (await fetch(`${base}/api/health`)).arrayBuffer();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
    await bursts;
    const key = `${label} (${workers} workers)`;
    figures[`${key}: burst ms`] = (performance.now() - t0) / BURSTS;
    figures[`${key}: /api/health p50 ms`] = pct(latencies, 0.5);
    figures[`${key}: /api/health p99 ms`] = pct(latencies, 0.99);
    figures[`${key}: /api/health max ms`] = Math.max(...latencies);
    figures[`${key}: probes`] = latencies.length;
    server.close();
    await pool.close();
  }
  // More concurrent runs than workers + queue: the excess is refused at once.
  const pool = new ComputePool({ workers: 1, queueLimit: 2 });
  const { server, base } = await serve(pool);
  await (await burst(base)).arrayBuffer();
  const t = performance.now();
  const answers = await Promise.all(
    Array.from({ length: 6 }, async () => {
      const res = await burst(base);
      await res.arrayBuffer();
      return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - t };
    }),
  );
  const refused = answers.filter((a) => a.status === 503);
  figures['6 concurrent bursts, 1 worker, queue 2: statuses'] = answers.map((a) => a.status).join(' ');
  figures['refused: answered within ms'] = Math.max(...refused.map((a) => a.ms));
  figures['refused: Retry-After s'] = refused.map((a) => a.retryAfter).join(' ');
  server.close();
  await pool.close();
  await client.close();
  return figures;
}
