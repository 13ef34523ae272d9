import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../../tests/helpers/chromium.js';
import { freePort, runTsx } from '../../tests/helpers/spawn-process.js';

/** Sensors whose updates are simulated, and how often each updates (Hz). */
const SENSORS = 1000;
const RATE_HZ = 10;
const MEASURE_S = 5;

/**
 * The viewer in headless Chromium with software WebGL (relative figures only): time to the engine's first frame and
 * to a settled scene for the demo city, JS heap, and main-thread busy time per second while 1,000 sensors update at
 * 10 Hz through the live feed (coalesced per animation frame). BENCH_VIEWER_URL reuses a running server; otherwise
 * one is started on a temporary data directory (first start builds the demo city, not counted).
 */
export async function runViewerBench(): Promise<Record<string, number | string>> {
  let base = process.env.BENCH_VIEWER_URL ?? '';
  let stop: (() => Promise<unknown>) | null = null;
  const dataDir = base ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-bench-viewer-'));
  if (!base) {
    const port = await freePort();
    const server = runTsx('server/main.ts', [], {
      NODE_ENV: 'production', DATA_DIR: dataDir!, PORT: String(port), MQTT_PORT: String(await freePort()), MQTT_URL: '', HOST: '127.0.0.1', DATABASE_URL: '', CITY: '',
    });
    await server.waitFor(/GridTwin is running at/, 300_000);
    base = `http://127.0.0.1:${port}`;
    stop = () => server.stop('SIGKILL');
  }
  const browser = await launchChromium({ width: 1280, height: 800 });
  try {
    const { page } = browser;
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const t0 = Date.now();
    await page.goto(`${base}/`);
    await page.waitForFunction(() => Boolean(window.gridtwin), null, { timeout: 180_000 });
    const readyMs = Date.now() - t0;
    // First frame after the engine exists, then settled = no render for 3 s (requestRenderMode renders on change).
    // Page scripts are strings: tsx would wrap named inner functions in a helper the page does not have.
    const timing = await page.evaluate(`new Promise((resolve) => {
      const scene = window.gridtwin.engine.sceneForOverlays;
      const start = performance.now();
      let first = -1, last = start, renders = 0;
      scene.postRender.addEventListener(() => {
        const now = performance.now();
        if (first < 0) first = now - start;
        last = now;
        renders++;
      });
      scene.requestRender();
      const check = () => (performance.now() - last > 3000 || performance.now() - start > 120000
        ? resolve({ first, last: last - start, renders }) : setTimeout(check, 250));
      setTimeout(check, 500);
    })`) as { first: number; last: number; renders: number };
    const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);

    const metrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')).metrics).map((m) => [m.name, m.value]));
    const before = await metrics();
    const flushes = await page.evaluate(`new Promise((resolve) => {
      const { live, data } = window.gridtwin;
      const real = data.sensors.map((s) => s.id);
      const ids = Array.from({ length: ${SENSORS} }, (_, i) => real[i % real.length] + (i < real.length ? '' : '-sim' + i));
      const states = ['normal', 'warning', 'alarm', 'normal'];
      let frames = 0, tick = 0;
      const off = live.onFrame(() => { frames++; });
      const before = live.received;
      const timer = setInterval(() => {
        tick++;
        for (let i = 0; i < ids.length; i++) {
          live.ingest({ type: 'delta', seq: tick * ids.length + i, sensors: [{ sensorId: ids[i], value: Math.sin(tick + i), ts: Date.now(), state: states[(tick + i) % 4] }] });
        }
      }, ${1000 / RATE_HZ});
      setTimeout(() => { clearInterval(timer); off(); resolve({ messages: live.received - before, frames }); }, ${MEASURE_S * 1000});
    })`) as { messages: number; frames: number };
    const after = await metrics();
    const busyS = (after.TaskDuration ?? 0) - (before.TaskDuration ?? 0);
    return {
      'engine ready after navigation (ms)': readyMs,
      'first frame after engine ready (ms)': Math.round(timing.first),
      'settled after engine ready (ms)': Math.round(timing.last),
      'frames until settled': timing.renders,
      'JS heap used (MB)': heap / 1e6,
      'live messages ingested': flushes.messages,
      'live flushes (one per animation frame)': flushes.frames,
      'main-thread busy per second during 1,000 sensors x 10 Hz (ms)': (busyS * 1000) / MEASURE_S,
      'sensors drawn (demo city)': (await page.evaluate('window.gridtwin.data.sensors.length')) as number,
      'note': 'software WebGL on 2 cores: compare runs, not machines',
    };
  } finally {
    await browser.close();
    await stop?.();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
