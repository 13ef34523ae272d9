import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Building, NetworkLink, NetworkNode, Sensor } from '../../core/model/index.js';
import { roofTarget } from '../helpers/building-picks.js';
import { browserSkipReason, launchChromium, stopChromium, type ChromiumSession } from '../helpers/chromium.js';
import mqtt from 'mqtt';
import { freePort, runTsx, spawnProcess, TWIN_ADMIN_PASSWORD } from '../helpers/spawn-process.js';
import { sharedTwin } from '../helpers/shared-twin.js';

const skip = browserSkipReason();

/**
 * The viewer's tools for one element at a time, end to end on the real server (the run's shared twin, demo city; the
 * test is the sensor's device and publishes its readings over MQTT): a sensor's 24 h chart from /api/sensors/:id/readings extended by /api/live, the measurement tool (distance, height, depth of
 * a buried pipe) and the three.js facility view of a manhole.
 */
describe.skipIf(skip !== null)('viewer/features (browser): sensor chart, measurement, facility view', () => {
  let base = '';
  let browser: ChromiumSession;
  const page = () => browser.page;
  const evaluate = <T, A>(fn: (a: A) => T | Promise<T>, arg: A): Promise<T> =>
    page().evaluate(fn as never, arg) as Promise<T>;
  const frames = (n: number) =>
    page().evaluate(
      (count) =>
        new Promise<void>((resolve) => {
          let left = count;
          const step = () => (--left <= 0 ? resolve() : requestAnimationFrame(step));
          requestAnimationFrame(step);
        }),
      n,
    );
  const getJson = async <T>(url: string): Promise<T> => (await (await fetch(`${base}${url}`)).json()) as T;
  /** Clicks the Cesium canvas at a window position of the scene. */
  const clickScene = async (at: { x: number; y: number }) => {
    const box = (await page().locator('.cesium-widget canvas').first().boundingBox())!;
    await page().mouse.click(box.x + at.x, box.y + at.y);
    await frames(5);
  };
  const measureText = () => page().locator('[data-testid="measure-result"]').innerText();

  beforeAll(async () => {
    const twin = await sharedTwin();
    base = twin.base;
    browser = await launchChromium({ width: 1280, height: 800 });
    await page().goto(`${base}/`);
    await page().waitForFunction(() => Boolean(window.gridtwin), null, { timeout: 120_000 });
    await frames(20);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await stopChromium();
  });

  it("a sensor's inspector charts its stored history and extends it with live values", async () => {
    const sensors = (await getJson<{ items: Sensor[] }>('/api/sensors?limit=10000')).items;
    // A flow sensor of its own (other suites publish levels and pressures), fed by the test as its device: a few
    // readings of the last minutes (history), then one a second (live), inside its limits so no alert is raised.
    const sensor = sensors.find(
      (s) => s.kind === 'flow' && s.thresholds.lo !== undefined && s.thresholds.hi !== undefined,
    );
    expect(sensor).toBeDefined();
    const { lo, hi } = sensor!.thresholds as { lo: number; hi: number };
    const normal = (i: number) => lo + (hi - lo) * (0.45 + 0.05 * Math.sin(i));
    const twin = await sharedTwin();
    const admin = (
      (await (
        await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: TWIN_ADMIN_PASSWORD }),
        })
      ).json()) as { token: string }
    ).token;
    const device = (await (
      await fetch(`${base}/api/devices/${sensor!.id}/credentials`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json()) as { username: string; password: string };
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${twin.mqttPort}`, {
      username: device.username,
      password: device.password,
      reconnectPeriod: 0,
    });
    const topic = `gridtwin/v1/sensors/${sensor!.id}/reading`;
    let i = 0;
    const publish = (ts: number) =>
      client.publishAsync(topic, JSON.stringify({ ts, value: Number(normal(i++).toFixed(3)) }), { qos: 1 });
    for (let k = 6; k >= 1; k--) await publish(Date.now() - k * 60_000);
    const live = setInterval(() => void publish(Date.now()).catch(() => undefined), 1000);
    try {
      await expect
        .poll(
          async () =>
            (await getJson<{ items: unknown[] }>(`/api/sensors/${sensor!.id}/readings?from=${Date.now() - 86_400_000}`))
              .items.length,
          { timeout: 60_000 },
        )
        .toBeGreaterThan(0);
      await evaluate((id) => window.gridtwin!.store.set({ selection: { type: 'sensor', id } }), sensor!.id);
      const chart = page().locator('[data-testid="sensor-chart"]');
      await chart.waitFor({ timeout: 30_000 });
      expect(Number(await chart.getAttribute('data-history-points'))).toBeGreaterThan(0);
      // The line is drawn from the points, and grows as live values arrive (each one kept, not only the latest).
      const live0 = Number(await chart.getAttribute('data-live-points'));
      await expect
        .poll(async () => Number(await chart.getAttribute('data-live-points')), { timeout: 60_000, interval: 1000 })
        .toBeGreaterThanOrEqual(live0 + 2);
      // uPlot draws on a canvas: the limits the sensor has are drawn and named, the time axis is in the city's zone.
      await chart.locator('canvas').first().waitFor();
      const limits = (['lolo', 'lo', 'hi', 'hihi'] as const).filter((k) => typeof sensor!.thresholds?.[k] === 'number');
      expect(((await chart.getAttribute('data-limits')) ?? '').split(' ').filter(Boolean)).toEqual(limits);
      expect(await chart.getAttribute('data-zone')).toBe('Asia/Shanghai');
      // The cursor shows the values under the pointer in the legend (time in the city's zone, the mean with its unit).
      const box = (await chart.locator('.u-over').boundingBox())!;
      await page().mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
      await expect
        .poll(() => chart.locator('.u-legend .u-series').nth(1).locator('.u-value').innerText(), { timeout: 20_000 })
        .toContain(sensor!.unit);
      expect(await chart.locator('.u-legend .u-series').first().locator('.u-value').innerText()).toMatch(
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
      );
      // Drag to zoom: the x range narrows; a double click resets it.
      const range = () => chart.getAttribute('data-x-range');
      const before = await range();
      await page().mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
      await page().mouse.down();
      await page().mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
      await page().mouse.up();
      await expect.poll(range, { timeout: 20_000 }).not.toBe(before);
      const [z0, z1] = (await range())!.split('-').map(Number);
      const [b0, b1] = before!.split('-').map(Number);
      expect(z1! - z0!).toBeLessThan((b1! - b0!) / 2);
      await page()
        .screenshot({ path: path.join(os.tmpdir(), 'gridtwin-sensor-inspector.png') })
        .catch(() => undefined);
    } finally {
      clearInterval(live);
      await client.endAsync();
    }
  }, 180_000);

  it("measures a distance and a building's height on picked points", async () => {
    const buildings = (await getJson<{ items: Building[] }>('/api/buildings?limit=10000')).items;
    const target = roofTarget(buildings, 30)!;
    expect(target).toBeDefined();
    await page().keyboard.press('Escape');
    await evaluate(
      ({ lon, lat, h }) => {
        window.gridtwin!.engine.setCameraView({
          lonDeg: lon,
          latDeg: lat,
          heightM: h + 400,
          headingDeg: 0,
          pitchDeg: -89.5,
        });
      },
      { lon: target.lon, lat: target.lat, h: target.b.roofHeightM },
    );
    // Let the scene settle (tilesets stream in for a while in software WebGL): a point that is open ground now must
    // still be when it is clicked.
    await page().evaluate(`new Promise((resolve) => {
      const scene = window.gridtwin.engine.sceneForOverlays;
      const start = performance.now();
      let last = start;
      const off = scene.postRender.addEventListener(() => { last = performance.now(); });
      scene.requestRender();
      const check = () => (performance.now() - last > 4000 || performance.now() - start > 90000 ? (off(), resolve()) : setTimeout(check, 250));
      setTimeout(check, 500);
    })`);
    // Ground points: screen positions where nothing but ground (or a ground cell) is under the cursor.
    const ground = await evaluate(() => {
      const g = window.gridtwin!;
      const scene = g.engine.sceneForOverlays;
      const out: { x: number; y: number; p: { x: number; y: number; z: number } }[] = [];
      const rect = (scene.canvas as HTMLCanvasElement).getBoundingClientRect();
      for (let y = 120; y < 740 && out.length < 40; y += 45) {
        for (let x = 120; x < 1160 && out.length < 40; x += 45) {
          // Only where a click reaches the scene (not the layer panel, inspector or tool bars over it).
          if (document.elementFromPoint(rect.left + x, rect.top + y)?.tagName !== 'CANVAS') continue;
          const hit = g.engine.pick(x, y);
          if (hit && hit.type !== 'grid') continue;
          const p = scene.camera.pickEllipsoid({ x, y } as never);
          if (p) out.push({ x, y, p: { x: p.x, y: p.y, z: p.z } });
        }
      }
      return out;
    }, null);
    expect(ground.length).toBeGreaterThan(2);
    const [a, b] = [
      ground[0]!,
      ground.reduce((far, q) =>
        Math.hypot(q.x - ground[0]!.x, q.y - ground[0]!.y) > Math.hypot(far.x - ground[0]!.x, far.y - ground[0]!.y)
          ? q
          : far,
      ),
    ];
    const expected = Math.hypot(a.p.x - b.p.x, a.p.y - b.p.y, a.p.z - b.p.z);
    expect(expected).toBeGreaterThan(50);

    await page().locator('[data-tool="distance"]').click();
    await clickScene(a);
    await clickScene(b);
    await expect.poll(measureText, { timeout: 20_000 }).toMatch(/^[\d.]+ m/);
    const distance = Number(/^([\d.]+) m/.exec(await measureText())![1]);
    expect(Math.abs(distance - expected)).toBeLessThan(expected * 0.03 + 1);
    // A polyline: back to the first point doubles the length; three points.
    await clickScene(a);
    await expect.poll(measureText, { timeout: 20_000 }).toMatch(/· 3 points$/);
    const total =
      Number(/^([\d.]+) (k?m)/.exec(await measureText())![1]) * (/^[\d.]+ km/.test(await measureText()) ? 1000 : 1);
    expect(Math.abs(total - 2 * distance)).toBeLessThan(2 * distance * 0.03 + 2);

    // An area: three ground points outline a triangle (m², ha or km²).
    await page().locator('[data-tool="area"]').click();
    const c = ground.find((q) => q !== a && q !== b)!;
    for (const q of [a, b, c]) await clickScene(q);
    await expect.poll(measureText, { timeout: 20_000 }).toMatch(/^[\d.]+ (m²|ha|km²) · 3 points$/);

    await page().locator('[data-tool="height"]').click();
    const roof = await evaluate(({ lon, lat, h }) => window.gridtwin!.engine.toWindow(lon, lat, h), {
      lon: target.lon,
      lat: target.lat,
      h: target.b.roofHeightM,
    });
    // The building under the cursor there (the target, or a taller one in front of it): the height is its roof's.
    const underRoof = await evaluate((at) => window.gridtwin!.engine.pick(at.x, at.y), roof!);
    expect(underRoof?.type).toBe('building');
    const roofM = buildings.find((x) => x.id === underRoof!.id)!.roofHeightM;
    await clickScene(roof!);
    await clickScene(a);
    await expect.poll(measureText, { timeout: 20_000 }).toMatch(/^[\d.]+ m/);
    const height = Number(/^([\d.]+) m/.exec(await measureText())![1]);
    expect(Math.abs(height - roofM)).toBeLessThan(1.5);
    await page().locator('[data-tool="height"]').click();
    expect(await evaluate(() => window.gridtwin!.store.get().tool, null)).toBe('none');
  }, 180_000);

  it('measures how deep a buried pipe is (underground mode, depth tool)', async () => {
    const link = (await evaluate(
      () =>
        window
          .gridtwin!.data.links.get('water')!
          .find((x) => x.diameterMm >= 300 && x.path.length === 2 && x.lengthM > 80)!,
      null,
    )) as NetworkLink;
    await evaluate(async (id) => {
      await window.gridtwin!.engine.flyToElement({ type: 'link', id }, 0);
    }, link.id);
    await page().locator('[data-testid="underground"]').click();
    await frames(60);
    const ground = await evaluate(() => window.gridtwin!.data.city.groundElevationM, null);
    await page().locator('[data-tool="depth"]').click();
    // A point along the pipe where a click picks it, found from the data: other networks' lines cross above it in
    // their own depth bands and lanes, so no fixed point is sure to show this pipe first.
    const at = await evaluate((l) => {
      const g = window.gridtwin!;
      const [p, q] = [l.path[0]!, l.path[1]!];
      const h = (l.fromInvertM + l.toInvertM) / 2 + l.diameterMm / 2000 - g.data.city.groundElevationM;
      let fallback: { x: number; y: number } | null = null;
      for (const f of [0.5, 0.35, 0.65, 0.2, 0.8]) {
        const w = g.engine.toWindow(p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f, h);
        if (!w) continue;
        const hit = g.engine.pick(w.x, w.y);
        if (hit?.type === 'link' && hit.id === l.id) return w;
        if (hit?.type === 'link' && fallback === null) fallback = w;
      }
      return fallback;
    }, link);
    expect(at, `no point along ${link.id} picks a buried line`).not.toBeNull();
    // Whatever buried line the click lands on (where no point shows the main first, a shallower duct in front of it):
    // the tool snaps to its centreline, so the depth shown lies between its two ends' centre depths below ground.
    const picked = await evaluate((p) => window.gridtwin!.engine.pick(p.x, p.y), at!);
    expect(picked?.type).toBe('link');
    const hit = (await evaluate((id) => window.gridtwin!.data.linkById.get(id)!, picked!.id)) as NetworkLink;
    const ends = [hit.fromInvertM, hit.toInvertM].map((inv) => ground - (inv + hit.diameterMm / 2000));
    expect(Math.min(...ends)).toBeGreaterThan(0.3);
    await clickScene(at!);
    await expect.poll(measureText, { timeout: 20_000 }).toMatch(/^\d+\.\d\d m/);
    const shown = Number.parseFloat(await measureText());
    expect(shown).toBeGreaterThanOrEqual(Math.min(...ends) - 0.02);
    expect(shown).toBeLessThanOrEqual(Math.max(...ends) + 0.02);
    await page().locator('[data-tool="depth"]').click();
    await page().locator('[data-testid="underground"]').click();
  }, 180_000);

  it('opens the facility view of a manhole: a drawn cutaway with its depth', async () => {
    const nodes = (await getJson<{ items: NetworkNode[] }>('/api/network/nodes?utility=sewer&limit=10000')).items;
    const manhole = nodes.find((n) => n.kind === 'manhole' && n.groundM - n.invertM > 1);
    expect(manhole).toBeDefined();
    await evaluate((id) => window.gridtwin!.store.set({ selection: { type: 'node', id } }), manhole!.id);
    await page().locator('[data-testid="open-facility"]').click();
    const facility = page().locator('[data-testid="facility"]');
    await facility.waitFor({ timeout: 20_000 });
    const depth = Math.max(0.8, manhole!.groundM - manhole!.invertM).toFixed(2);
    expect(await facility.locator('.facility-foot').innerText()).toContain(depth);
    await page().waitForTimeout(1500);
    // Not blank: the cutaway draws shaft, pipes and water in several colours over its background.
    const png = (await facility.locator('canvas').screenshot()).toString('base64');
    const stats = await evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = ((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const n = data.length / 4;
      return { distinct: counts.size, background: Math.max(...counts.values()) / n, width: c.width };
    }, png);
    expect(stats.width).toBeGreaterThan(100);
    expect(stats.distinct).toBeGreaterThan(20);
    expect(stats.background).toBeLessThan(0.9);
    await page()
      .screenshot({ path: path.join(os.tmpdir(), 'gridtwin-facility.png') })
      .catch(() => undefined);
  }, 120_000);

  // React StrictMode mounts twice in development, so the first Viewer and every primitive of it are destroyed while
  // its engine is still loading: nothing may throw. The development bundle is built into a folder of its own and
  // served by `vite preview`, which hands /api and /tiles to the shared twin (vite.config.ts proxy).
  it('a development build (StrictMode: two Viewers, the first torn down) loads without errors', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-viewer-dev-'));
    const twinPort = new URL(base).port;
    const vite = 'node_modules/vite/bin/vite.js';
    const env = { NODE_ENV: 'development', PORT: twinPort, VIEWER_TEST_HOOKS: '1' };
    const built = await runTsx(
      vite,
      ['build', '--mode', 'development', '--minify', 'false', '--outDir', outDir, '--emptyOutDir'],
      env,
    ).exited;
    expect(built).toBe(0);
    expect(fs.readFileSync(path.join(outDir, 'index.html'), 'utf8')).toContain('script');
    const port = await freePort();
    const preview = spawnProcess(
      process.execPath,
      [vite, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
      env,
    );
    try {
      await preview.waitFor(new RegExp(`127\\.0\\.0\\.1:${port}`), 60_000);
      await devBuildLoads(`http://127.0.0.1:${port}/?dev`);
    } finally {
      await preview.stop();
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 300_000);

  const devBuildLoads = async (url: string) => {
    const errors: string[] = [];
    page().on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
    await page().goto(url);
    await page().waitForFunction(() => Boolean(window.gridtwin), null, { timeout: 120_000 });
    // Focus one cell, then another: the focus outline is removed and redrawn (its materials must not be shared).
    await evaluate(() => {
      const g = window.gridtwin!;
      g.engine.setFocusedGrid(g.data.cells[0]!.id);
      g.engine.setFocusedGrid(g.data.cells[1]!.id);
    }, null);
    await frames(20);
    await page().waitForTimeout(3000);
    expect(errors).toEqual([]);
    expect(browser.consoleErrors.filter((e) => /DeveloperError|destroyed/.test(e))).toEqual([]);
  };
});
