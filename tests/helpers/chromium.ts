import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { spawnProcess, type RunningProcess } from './spawn-process.js';

/** Debian's Chromium (`apt-get install chromium`); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that make headless Chromium render WebGL in software, offline and quiet (stack-facts: Headless Chromium). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/**
 * Why browser tests cannot run here, or null when they can. With REQUIRE_SERVICES=1 a missing Chromium is not a
 * reason to skip: this returns null, and `launchChromium` then fails the test with the cause.
 */
export function browserSkipReason(): string | null {
  if (fs.existsSync(CHROMIUM_PATH)) return null;
  if (process.env.REQUIRE_SERVICES === '1') return null;
  const reason = `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH; REQUIRE_SERVICES=1 makes this a failure)`;
  console.warn(reason);
  return reason;
}

/** A browser context: one page, the non-loopback requests it tried (all aborted), and a close function. */
export interface ChromiumSession {
  context: BrowserContext;
  page: Page;
  /** Every request to a non-loopback host, aborted: an accidental online dependency shows up here. */
  blockedRequests: string[];
  /** Console errors and page errors, for failure messages. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/**
 * Playwright's bound for every action and wait that names none (its own default is 30 s): software WebGL on a busy
 * two-core machine may draw one frame a second, and a click waits for its target to be stable. A bound, not a sleep:
 * a wait ends as soon as its condition holds. BROWSER_WAIT_MS overrides it.
 */
export const BROWSER_WAIT_MS = Number(process.env.BROWSER_WAIT_MS) || 120_000;

/**
 * The scene's drawing-buffer scale in test pages (viewer/engine/render-scale.ts): software WebGL spends its time per
 * pixel, and most browser tests judge state, words and positions, not pixels, so the scene draws a quarter of the
 * pixels by default. The DOM (panels, text, clicks) is not scaled. BROWSER_RENDER_SCALE=1, or asking for screenshots
 * to look at (GRIDTWIN_SCREENSHOTS / GRIDTWIN_SHOTS_DIR), draws at full size; a test can ask for its own scale.
 */
export const BROWSER_RENDER_SCALE =
  Number(process.env.BROWSER_RENDER_SCALE) ||
  (process.env.GRIDTWIN_SCREENSHOTS || process.env.GRIDTWIN_SHOTS_DIR ? 1 : 0.5);

/**
 * The globe's screen-space error in test pages (viewer/engine/render-scale.ts): the flat ground refines its tiles (the
 * painted basemap) over about 50 frames after a load or a camera move at Cesium's 2 px, half as many at 8 px, and each
 * frame takes one to two seconds in software WebGL. Tests read the basemap's colours, not its sharpness. Full detail
 * (2 px) when screenshots are asked for; BROWSER_GLOBE_ERROR overrides.
 */
export const BROWSER_GLOBE_ERROR =
  Number(process.env.BROWSER_GLOBE_ERROR) ||
  (process.env.GRIDTWIN_SCREENSHOTS || process.env.GRIDTWIN_SHOTS_DIR ? 2 : 8);

/**
 * Multisampling in test pages (viewer/engine/render-scale.ts): software WebGL resolves each sample on the CPU, and a
 * test that does not judge pixels gains nothing from anti-aliased edges. Cesium's 4 when screenshots are asked for;
 * BROWSER_MSAA_SAMPLES overrides.
 */
export const BROWSER_MSAA_SAMPLES =
  Number(process.env.BROWSER_MSAA_SAMPLES) ||
  (process.env.GRIDTWIN_SCREENSHOTS || process.env.GRIDTWIN_SHOTS_DIR ? 4 : 1);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The test worker's Chromium: one process per worker, each session a fresh context (profile) of it. */
let workerBrowser: Promise<{ browser: Browser; process: RunningProcess; profile: string }> | null = null;

/**
 * Starts Debian's Chromium through spawnProcess (its own process group, recorded for the global teardown's leak
 * check) with a DevTools port, and connects Playwright to it.
 */
async function startWorkerChromium(): Promise<{ browser: Browser; process: RunningProcess; profile: string }> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH} and REQUIRE_SERVICES=1: browser tests must run (apt-get install chromium)`,
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-chromium-'));
  const proc = spawnProcess(CHROMIUM_PATH, [
    ...CHROMIUM_FLAGS,
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    'about:blank',
  ]);
  try {
    const line = await proc.waitFor(/DevTools listening on (ws:\/\/\S+)/, BROWSER_WAIT_MS);
    const browser = await chromium.connectOverCDP(line.replace('DevTools listening on ', ''));
    return { browser, process: proc, profile };
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
}

/**
 * Opens a fresh browser context (its own cookies and storage) of `width` x `height` px in the worker's Chromium
 * (started on first use), routes every request to a non-loopback host to abort, and opens a page.
 * A suite that uses it ends with `stopChromium()` in its afterAll.
 */
export async function launchChromium(
  viewport = { width: 800, height: 600 },
  /** A phone: touch events and a mobile viewport (meta viewport honoured, touch-sized UA). */
  device: { hasTouch?: boolean; isMobile?: boolean } = {},
  options: { renderScale?: number; globeError?: number; msaaSamples?: number } = {},
): Promise<ChromiumSession> {
  workerBrowser ??= startWorkerChromium();
  const { browser } = await workerBrowser;
  const context = await browser.newContext({ viewport, ...device });
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  context.setDefaultNavigationTimeout(BROWSER_WAIT_MS);
  await context.addInitScript(
    `window.gridtwinRenderScale = ${options.renderScale ?? BROWSER_RENDER_SCALE};` +
      `window.gridtwinGlobeError = ${options.globeError ?? BROWSER_GLOBE_ERROR};` +
      `window.gridtwinMsaaSamples = ${options.msaaSamples ?? BROWSER_MSAA_SAMPLES};`,
  );
  const blockedRequests: string[] = [];
  const consoleErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = url.protocol === 'data:' || url.protocol === 'blob:' || LOOPBACK.has(url.hostname);
    if (local) return route.continue();
    blockedRequests.push(url.href);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return {
    context,
    page,
    blockedRequests,
    consoleErrors,
    async close() {
      await context.close();
    },
  };
}

/** Stops the worker's Chromium (every context of it), if one was started; for a suite's afterAll. */
export async function stopChromium(): Promise<void> {
  const running = workerBrowser;
  workerBrowser = null;
  if (!running) return;
  const { browser, process: proc, profile } = await running;
  await browser.close().catch(() => undefined);
  await proc.stop('SIGTERM', 10_000);
  fs.rmSync(profile, { recursive: true, force: true });
}

/**
 * Waits until the viewer's Cesium scene has not rendered for `quietMs` (its tiles loaded): in software WebGL the page
 * answers clicks only slowly while the city's tilesets stream in after the engine is ready, with gaps of several
 * seconds between renders (as the viewer benchmark found), hence the 10 s default.
 */
export async function waitForSceneSettled(page: Page, quietMs = 10_000, timeoutMs = 240_000): Promise<void> {
  // A string: tsx would wrap named inner functions in a helper the page does not have.
  await page.evaluate(`new Promise((resolve) => {
    const scene = window.gridtwin.engine.sceneForOverlays;
    const start = performance.now();
    let last = start;
    scene.postRender.addEventListener(() => { last = performance.now(); });
    scene.requestRender();
    const check = () => (performance.now() - last > ${quietMs} || performance.now() - start > ${timeoutMs}
      ? resolve(undefined) : setTimeout(check, 250));
    setTimeout(check, 500);
  })`);
}
