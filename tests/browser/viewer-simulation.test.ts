import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkLink } from '../../core/model/index.js';
import { browserSkipReason, launchChromium, type ChromiumSession } from '../helpers/chromium.js';
import { startTwin, type RunningProcess } from '../helpers/spawn-process.js';

const skip = browserSkipReason();
const SHOTS = process.env.GRIDTWIN_SHOTS_DIR;

/**
 * Burst simulation from the viewer, end to end: the real server on the demo city, a planner logged in, a water main
 * selected in the inspector, "simulate burst" pressed; the panel must list the valves to close and the buildings cut
 * off — the same ones POST /api/simulations returns for that pipe — and the overlay must draw them.
 */
describe.skipIf(skip !== null)('viewer/features/simulation (browser)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-viewer-sim-'));
  let server: RunningProcess;
  let base = '';
  let browser: ChromiumSession;
  let token = '';
  let session = '';

  beforeAll(async () => {
    const twin = await startTwin(dataDir);
    server = twin.process;
    base = twin.base;
    const login = await (await fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'zhang.planner', password: 'planner-demo-2026' }),
    })).json() as { token: string; user: unknown };
    token = login.token;
    session = JSON.stringify({ token, user: login.user, expiresAt: Date.now() + 3_600_000 });
    browser = await launchChromium({ width: 1280, height: 800 });
    await browser.context.addInitScript((s) => sessionStorage.setItem('gridtwin.session', s), session);
    await browser.page.goto(`${base}/`);
    await browser.page.waitForFunction(() => Boolean(window.gridtwin), null, { timeout: 120_000 });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a burst from the inspector and lists the valves to close and the affected buildings', async () => {
    expect(token).toBeTruthy();
    // A distribution main whose burst cuts off buildings, found through the API itself.
    const links = ((await (await fetch(`${base}/api/network/links?utility=water&limit=10000`)).json()) as { items: NetworkLink[] }).items
      .filter((l) => l.kind === 'pipe' && (l.diameterMm ?? 0) <= 200);
    let chosen: { link: NetworkLink; valves: string[]; buildings: string[] } | null = null;
    for (const link of links.slice(0, 40)) {
      const r = await (await fetch(`${base}/api/simulations`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ kind: 'burst', linkId: link.id }),
      })).json() as { result: { valvesToClose: string[]; affectedBuildings: string[] } };
      if (r.result.valvesToClose.length > 0 && r.result.affectedBuildings.length > 0) { chosen = { link, valves: r.result.valvesToClose, buildings: r.result.affectedBuildings }; break; }
    }
    expect(chosen).not.toBeNull();
    const page = browser.page;
    await page.evaluate((id) => window.gridtwin!.store.set({ selection: { type: 'link', id } }), chosen!.link.id);
    await page.getByTestId('sim-burst').click();
    const result = page.getByTestId('sim-burst-result');
    await result.waitFor({ timeout: 60_000 });
    const lists = await result.locator('.element-list').allInnerTexts();
    const valves = lists.find((t) => t.startsWith('Valves to close') || t.startsWith('需关闭的阀门'));
    const cut = lists.find((t) => t.startsWith('Buildings without water') || t.startsWith('停水建筑'));
    expect(valves).toContain(`(${chosen!.valves.length})`);
    expect(cut).toContain(`(${chosen!.buildings.length})`);
    expect(await page.evaluate(() => document.querySelector('canvas.deck-overlay') instanceof HTMLCanvasElement && (document.querySelector('canvas.deck-overlay') as HTMLCanvasElement).style.display !== 'none')).toBe(true);
    const at = chosen!.link.path[0]!;
    await page.evaluate(async ([lon, lat]) => { window.gridtwin!.store.set({ selection: null }); await window.gridtwin!.engine.flyTo({ lonDeg: lon!, latDeg: lat!, rangeM: 450, durationS: 0 }); }, at);
    await page.waitForTimeout(4000);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'viewer-simulation-burst.png') });
    // Create the event for the responsible grid.
    await page.getByTestId('sim-create-event').click();
    await expect.poll(async () => page.getByTestId('sim-event').count(), { timeout: 30_000 }).toBe(1);
  }, 300_000);

  it('runs a gas leak with wind inputs from the inspector and draws the plume', async () => {
    const page = browser.page;
    const gasPipe = ((await (await fetch(`${base}/api/network/links?utility=gas&limit=10000`)).json()) as { items: NetworkLink[] }).items.find((l) => l.kind === 'pipe')!;
    await page.evaluate((id) => window.gridtwin!.store.set({ selection: { type: 'link', id } }), gasPipe.id);
    await page.getByTestId('sim-actions').locator('input').nth(1).fill('2');
    await page.getByTestId('sim-gas').click();
    const result = page.getByTestId('sim-gas-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.locator('.element-list').first().innerText()).toMatch(/Valves to close|需关闭的阀门/);
    await page.evaluate(async (id) => { window.gridtwin!.store.set({ selection: null }); await window.gridtwin!.engine.flyToElement({ type: 'link', id }, 0); }, gasPipe.id);
    await page.waitForTimeout(4000);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'viewer-simulation-gas.png') });
  }, 120_000);

  it('runs a storm from the panel and plays flooded manholes back on a timeline', async () => {
    const page = browser.page;
    await page.getByTestId('sim-storm-toggle').click();
    await page.getByTestId('sim-panel').locator('input').first().fill('20');
    await page.getByTestId('sim-storm').click();
    const result = page.getByTestId('sim-storm-result');
    await result.waitFor({ timeout: 120_000 });
    const slider = result.locator('input[type=range]');
    expect(Number(await slider.getAttribute('max'))).toBeGreaterThan(10);
    await slider.fill('9');
    expect(await result.innerText()).toMatch(/Time 50 min|第 50 分钟/);
    expect(await result.locator('.element-list').count()).toBeGreaterThan(0);
    await page.evaluate(() => window.gridtwin!.engine.resetView(0));
    await page.waitForTimeout(4000);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'viewer-simulation-storm.png') });
  }, 180_000);
});
