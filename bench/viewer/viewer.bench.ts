import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../../tests/helpers/chromium.js';
import { freePort, runTsx } from '../../tests/helpers/spawn-process.js';

/** Sensors whose updates are simulated, and how often each updates (Hz). */
const SENSORS = 1000;
const RATE_HZ = 10;
const MEASURE_S = 10;

/**
 * The viewer in headless Chromium with software WebGL (relative figures only): time to the engine's first frame and
 * to a settled scene for the demo city, JS heap, and main-thread busy time per second while 1,000 sensors update at
 * 10 Hz, injected in the page through the live feed's own ingest (coalesced per animation frame), against the same
 * page idle. BENCH_VIEWER_URL reuses a running server; otherwise one is started on a temporary data directory (first
 * start builds the demo city, not counted).
 */
export async function runViewerBench(): Promise<Record<string, number | string>> {
  let base = process.env.BENCH_VIEWER_URL ?? '';
  let stop: (() => Promise<unknown>) | null = null;
  const dataDir = base ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-bench-viewer-'));
  if (!base) {
    const port = await freePort();
    const server = runTsx('app/main.ts', [], {
      NODE_ENV: 'production',
      DATA_DIR: dataDir!,
      PORT: String(port),
      MQTT_PORT: String(await freePort()),
      MQTT_URL: '',
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      CITY: '',
      // The figures below read the scene through window.gridtwin, which only a bundle built with test handles has
      // (a few kB of the entry chunk; the chunks and the load order are the shipped ones).
      VIEWER_TEST_HOOKS: '1',
    });
    await server.waitFor(/GridTwin is running at/, 300_000);
    base = `http://127.0.0.1:${port}`;
    stop = () => server.stop('SIGKILL');
  }
  // Full-size drawing buffer: the figures are what a user gets, not a test page.
  const browser = await launchChromium({ width: 1280, height: 800 }, {}, { renderScale: 1, globeError: 2 });
  try {
    const { page } = browser;
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // Every script the page loads, with its size: the bundle as the browser gets it (chunks loaded on demand too).
    const scripts = new Map<string, { bytes: number; atMs: number }>();
    const t0 = Date.now();
    page.on('response', (response) => {
      const url = response.url();
      if (!/\.m?js(\?|$)/.test(url) || url.includes('/cesium/')) return;
      const atMs = Date.now() - t0;
      response.body().then(
        (body) => scripts.set(url, { bytes: body.length, atMs }),
        () => undefined,
      );
    });
    await page.goto(`${base}/`);
    // Usable: the top bar answers a click (the language switch relabels itself) — the first interaction a user has.
    await page.getByTestId('language').waitFor({ timeout: 180_000 });
    const label0 = await page.getByTestId('language').innerText();
    await page.getByTestId('language').click();
    await page.waitForFunction(
      (label) => document.querySelector('[data-testid="language"]')?.textContent !== label,
      label0,
      {
        timeout: 180_000,
      },
    );
    const usableMs = Date.now() - t0;
    await page.getByTestId('language').click();
    await page.waitForFunction(() => Boolean(window.gridtwin), null, { timeout: 180_000 });
    const readyMs = Date.now() - t0;
    const scriptsAtReady = [...scripts.values()];
    // First frame after the engine exists, then settled = no render for 10 s (requestRenderMode renders on change).
    // A shorter quiet period is not enough: the network tilesets are probed and fetched after the buildings, with
    // gaps of several seconds between renders, and the scene keeps rendering for 20-30 s in software WebGL.
    // Page scripts are strings: tsx would wrap named inner functions in a helper the page does not have.
    const timing = (await page.evaluate(`new Promise((resolve) => {
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
      const check = () => (performance.now() - last > 10000 || performance.now() - start > 180000
        ? resolve({ first, last: last - start, renders }) : setTimeout(check, 250));
      setTimeout(check, 500);
    })`)) as { first: number; last: number; renders: number };
    const heap = await page.evaluate(
      () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
    );

    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    /** Main-thread busy time (all tasks: scripts, style, layout, Cesium's renders) per second over `seconds`. */
    const busyPerSecond = async (during: Promise<unknown>, seconds: number) => {
      const before = await metrics();
      const result = await during;
      const after = await metrics();
      return { msPerS: (((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000) / seconds, result };
    };
    // Baseline: the same page doing nothing but what it always does (the demo simulator's live feed included).
    const idle = await busyPerSecond(page.waitForTimeout(MEASURE_S * 1000), MEASURE_S);
    const demoSensors = (await page.evaluate('window.gridtwin.data.sensors.length')) as number;
    // Make the scene hold 1,000 sensors: the demo's, plus synthetic copies placed near them, drawn like real ones.
    const drawn = (await page.evaluate(`(() => {
      const { engine, data } = window.gridtwin;
      const real = data.sensors.slice();
      const extra = [];
      for (let i = real.length; i < ${SENSORS}; i++) {
        const s = real[i % real.length];
        const k = Math.floor(i / real.length);
        extra.push({ ...s, id: 'bench-sim-' + i, position: [s.position[0] + k * 0.0004, s.position[1] + k * 0.0003] });
      }
      engine.addSensors(extra);
      return data.sensors.length;
    })()`)) as number;
    // The updates enter where /api/live's messages do (LiveFeed.ingest), inside the page, not over the network: one
    // delta of all 1,000 sensors every 100 ms, each with a new value; the feed coalesces them into one scene update
    // per animation frame. Two runs: values only (markers keep their colour, so Cesium need not render), and a state
    // that changes every tick for every sensor (every marker recoloured, one Cesium render per frame).
    const liveRun = (recolour: boolean) =>
      busyPerSecond(
        page.evaluate(`new Promise((resolve) => {
      const { live, data, engine } = window.gridtwin;
      const scene = engine.sceneForOverlays;
      const ids = data.sensors.slice(0, ${SENSORS}).map((s) => s.id);
      let frames = 0, tick = 0, updates = 0, ingestMs = 0, applyMs = 0, renderMs = 0, renders = 0, renderStart = 0;
      const off = live.onFrame((changed) => { frames++; updates += changed.size; });
      // Where the time goes: ingest (the contract's parse included), applying states to the markers, and Cesium's renders.
      const ingest = live.ingest.bind(live), apply = engine.setSensorStates.bind(engine);
      live.ingest = (m) => { const t = performance.now(); ingest(m); ingestMs += performance.now() - t; };
      engine.setSensorStates = (m) => { const t = performance.now(); apply(m); applyMs += performance.now() - t; };
      const offPre = scene.preRender.addEventListener(() => { renderStart = performance.now(); });
      const offPost = scene.postRender.addEventListener(() => { renders++; renderMs += performance.now() - renderStart; });
      const restore = () => { delete live.ingest; delete engine.setSensorStates; offPre(); offPost(); };
      const before = live.received;
      const timer = setInterval(() => {
        tick++;
        const now = Date.now();
        live.ingest({ type: 'delta', seq: tick, at: now, sensors: ids.map((sensorId, i) => ({ sensorId, value: Math.sin(tick + i), ts: now, status: ${recolour ? "(tick + i) % 2 ? 'online' : 'offline'" : "'online'"} })), alerts: [], events: [] });
      }, ${1000 / RATE_HZ});
      setTimeout(() => { clearInterval(timer); off(); restore(); resolve({ messages: live.received - before, ticks: tick, frames, updates, ingestMs, applyMs, renderMs, renders }); }, ${MEASURE_S * 1000});
    })`),
        MEASURE_S,
      );
    type LiveFigures = {
      messages: number;
      ticks: number;
      frames: number;
      updates: number;
      ingestMs: number;
      applyMs: number;
      renderMs: number;
      renders: number;
    };
    const valuesOnly = await liveRun(false);
    const load = await liveRun(true);
    const flushes = load.result as LiveFigures;
    const quiet = valuesOnly.result as LiveFigures;
    const kb = (bytes: number) => Math.round(bytes / 1024);
    const loadedBy = (ms: number) => scriptsAtReady.filter((x) => x.atMs <= ms).reduce((a, x) => a + x.bytes, 0);
    const allScripts = [...scripts.values()];
    return {
      'time to usable: top bar answers a click (ms)': usableMs,
      'script chunks loaded (count)': allScripts.length,
      'largest script chunk (KiB)': kb(Math.max(0, ...allScripts.map((x) => x.bytes))),
      'scripts loaded before usable (KiB)': kb(loadedBy(usableMs)),
      'scripts loaded until engine ready (KiB)': kb(loadedBy(readyMs)),
      'scripts loaded in all (KiB, uncompressed)': kb(allScripts.reduce((a, x) => a + x.bytes, 0)),
      'engine ready after navigation (ms)': readyMs,
      'first frame after engine ready (ms)': Math.round(timing.first),
      'settled after engine ready (ms)': Math.round(timing.last),
      'frames until settled': timing.renders,
      'JS heap used (MB)': heap / 1e6,
      'sensors updating (demo + synthetic)': drawn,
      'live deltas offered at 10 Hz / ingested (1,000 sensors each)': `${RATE_HZ * MEASURE_S} / ${flushes.ticks}`,
      'sensor updates applied to the scene': flushes.updates,
      'live flushes (one per animation frame)': flushes.frames,
      'main-thread busy per second, idle (ms)': Math.round(idle.msPerS),
      'values only: deltas offered / ingested, busy per second (ms), Cesium renders': `${RATE_HZ * MEASURE_S} / ${quiet.ticks}, ${Math.round(valuesOnly.msPerS)}, ${quiet.renders}`,
      'values only: ingest + flush per second (ms)': Math.round((quiet.ingestMs + quiet.applyMs) / MEASURE_S),
      'main-thread busy per second during 1,000 sensors x 10 Hz, all recoloured each tick (ms)': Math.round(
        load.msPerS,
      ),
      'main-thread cost of the live updates per second (ms)': Math.round(load.msPerS - idle.msPerS),
      '  of which ingest (LiveFeed.ingest) per second (ms)': Math.round(flushes.ingestMs / MEASURE_S),
      '  of which applying states to markers per second (ms)': Math.round(flushes.applyMs / MEASURE_S),
      '  of which Cesium renders per second (ms; renders)': `${Math.round(flushes.renderMs / MEASURE_S)}; ${flushes.renders}`,
      'sensors of the demo city': demoSensors,
      note: 'software WebGL on 2 cores: compare runs, not machines',
    };
  } finally {
    await browser.close();
    await stop?.();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
