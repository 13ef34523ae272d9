import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointInPolygon } from '../../core/geo/index.js';
import type { Building, Crew, Grid, NetworkLink, NetworkNode, Sensor } from '../../core/model/index.js';
import { roofTarget } from '../helpers/building-picks.js';
import { browserSkipReason, launchChromium, stopChromium, type ChromiumSession } from '../helpers/chromium.js';
import { sharedTwin } from '../helpers/shared-twin.js';
import { TWIN_ADMIN_PASSWORD } from '../helpers/spawn-process.js';

const skip = browserSkipReason();
// The prepared twin data's admin: a started twin then copies it instead of building the demo city again.
const ADMIN_PASSWORD = TWIN_ADMIN_PASSWORD;
type Box = { x: number; y: number; width: number; height: number };

/**
 * The viewer's overlays and layout end to end on the real server (demo city, simulator off so that only the test's
 * readings reach the sensors): the dock keeps the side panels apart at 1400x900 and 1920x1080, arcs join crew bases
 * to an opened event, the mouse highlights the building (and, underground, the pipe) under it, and the facility view
 * moves its water surface when a reading is published over MQTT with the device's own credentials.
 */
describe.skipIf(skip !== null)('viewer/engine overlays (browser): layout, crew arcs, hover, live facility view', () => {
  let base = '';
  let mqttPort = 0;
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
  const api = async <T>(url: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${base}${url}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  /** Opens (true) or closes a panel through its top-bar toggle, whatever state an earlier test left it in. */
  const setPanel = async (toggle: string, panel: string, open: boolean) => {
    if ((await page().locator(panel).count()) > 0 !== open) await page().locator(`[data-testid="${toggle}"]`).click();
    await page()
      .locator(panel)
      .waitFor({ state: open ? 'visible' : 'detached' });
  };
  const login = async (username: string, password: string) =>
    (await api<{ token: string }>('/api/auth/login', { method: 'POST', body: { username, password } })).token;

  beforeAll(async () => {
    const twin = await sharedTwin();
    base = twin.base;
    mqttPort = twin.mqttPort;
    browser = await launchChromium({ width: 1400, height: 900 });
    page().setDefaultTimeout(60_000);
    await page().goto(`${base}/`);
    await page().waitForFunction(() => Boolean(window.gridtwin), null, { timeout: 120_000 });
    await frames(20);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await stopChromium();
  });

  const intersects = (a: Box, b: Box) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  it('docks inspector, KPI panel, events board and layer panel without overlap at 1400x900 and 1920x1080', async () => {
    await setPanel('events-toggle', '.events-board', true);
    await setPanel('kpi-toggle', '.kpi-panel', true);
    await evaluate(
      () => window.gridtwin!.store.set({ selection: { type: 'building', id: window.gridtwin!.data.buildings[0]!.id } }),
      null,
    );
    const selectors = ['.inspector', '.kpi-panel', '.events-board', '.layer-panel'];
    for (const size of [
      { width: 1400, height: 900 },
      { width: 1920, height: 1080 },
    ]) {
      await page().setViewportSize(size);
      await page().waitForSelector('.inspector');
      await page().waitForTimeout(500);
      const boxes: Box[] = [];
      for (const s of selectors) {
        const box = await page().locator(s).boundingBox();
        expect(box, `${s} at ${size.width}x${size.height}`).not.toBeNull();
        boxes.push(box!);
        // Wholly on screen, under the top bar.
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.y).toBeGreaterThanOrEqual(40);
        expect(box!.x + box!.width).toBeLessThanOrEqual(size.width + 0.5);
        expect(box!.y + box!.height).toBeLessThanOrEqual(size.height + 0.5);
        expect(box!.width).toBeGreaterThan(150);
        expect(box!.height).toBeGreaterThan(40);
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          expect(
            intersects(boxes[i]!, boxes[j]!),
            `${selectors[i]} overlaps ${selectors[j]} at ${size.width}x${size.height}`,
          ).toBe(false);
        }
      }
    }
    await page().setViewportSize({ width: 1400, height: 900 });
    await setPanel('kpi-toggle', '.kpi-panel', false);
    await setPanel('events-toggle', '.events-board', false);
    await evaluate(() => window.gridtwin!.store.set({ selection: null }), null);
  }, 120_000);

  it('draws arcs from the crew bases of the utility to an opened event, toggled in the layer panel', async () => {
    const cells = (await api<{ items: Grid[] }>('/api/grids?level=cell&limit=10000')).items;
    const cell = cells.find(
      (c) =>
        c.crewIds.some((id) => id.includes('-water-')) &&
        pointInPolygon(c.labelPosition[0], c.labelPosition[1], c.polygon[0]!),
    )!;
    expect(cell).toBeDefined();
    const [lon, lat] = cell.labelPosition;
    const token = await login('wang.manager', 'manager-demo-2026');
    const event = await api<{ id: string; location: [number, number]; assignedCrewId: string | null }>('/api/events', {
      method: 'POST',
      token,
      body: {
        lon,
        lat,
        category: 'leak',
        description: 'water on the road (arc test)',
        severity: 'major',
        utility: 'water',
      },
    });
    const located = await api<{ crews: Crew[] }>(`/api/grids/locate?lon=${lon}&lat=${lat}`);
    const responsible = located.crews.filter((c) => c.utility === 'water' && c.base);
    expect(responsible.length).toBeGreaterThan(0);

    await page().locator('[data-testid="login-open"]').click();
    await page().locator('[data-testid="login-form"] input[name="username"]').fill('wang.manager');
    await page().locator('[data-testid="login-form"] input[name="password"]').fill('manager-demo-2026');
    await page().locator('[data-testid="login-form"] button[type="submit"]').click();
    await page().waitForSelector('[data-testid="account"]');
    await setPanel('events-toggle', '.events-board', true);
    await page().locator(`[data-testid="event-list"] [data-event-id="${event.id}"]`).click();

    await page().waitForFunction(() => window.gridtwin!.engine.crewArcs.arcs().length > 0, null, { timeout: 30_000 });
    const state = await evaluate(() => {
      const g = window.gridtwin!;
      const layer = g.overlay.featureLayer('crew-arcs') as unknown as { props: { data: unknown[] } } | undefined;
      return {
        arcs: g.engine.crewArcs.arcs(),
        incident: g.engine.crewArcs.current(),
        drawn: layer?.props.data.length ?? 0,
      };
    }, null);
    expect(state.incident?.id).toBe(event.id);
    expect(state.drawn).toBe(state.arcs.length);
    for (const arc of state.arcs) {
      expect(arc.utility).toBe('water');
      expect(arc.to[0]).toBeCloseTo(event.location[0], 9);
      expect(arc.to[1]).toBeCloseTo(event.location[1], 9);
    }
    // Every responsible water crew of the cell has an arc from its base.
    for (const crew of responsible) {
      const arc = state.arcs.find((a) => a.crewId === crew.id);
      expect(arc, crew.id).toBeDefined();
      expect(arc!.from).toEqual(crew.base);
    }
    if (event.assignedCrewId) expect(state.arcs.find((a) => a.crewId === event.assignedCrewId)?.role).toBe('assigned');
    expect(await page().locator('[data-testid="arc-list"] li').count()).toBe(state.arcs.length);

    await page().locator('[data-layer="arcs"] input').click();
    expect(await evaluate(() => window.gridtwin!.overlay.featureLayer('crew-arcs') === undefined, null)).toBe(true);
    await page().locator('[data-layer="arcs"] input').click();
    expect(await evaluate(() => window.gridtwin!.overlay.featureLayer('crew-arcs') !== undefined, null)).toBe(true);
    await setPanel('events-toggle', '.events-board', false);
  }, 180_000);

  it('highlights the building under the mouse, and a pipe in underground mode', async () => {
    const buildings = (await api<{ items: Building[] }>('/api/buildings?limit=10000')).items;
    const target = roofTarget(buildings, 40)!;
    expect(target).toBeDefined();
    await evaluate(
      ({ lon, lat, h }) => {
        window.gridtwin!.engine.setCameraView({
          lonDeg: lon,
          latDeg: lat,
          heightM: h + 250,
          headingDeg: 0,
          pitchDeg: -89.5,
        });
      },
      { lon: target.lon, lat: target.lat, h: target.b.roofHeightM },
    );
    await frames(40);
    const canvas = (await page().locator('.cesium-widget canvas').first().boundingBox())!;
    const hoverAt = async (at: { x: number; y: number }) => {
      await page().mouse.move(canvas.x + at.x - 3, canvas.y + at.y - 3);
      await page().mouse.move(canvas.x + at.x, canvas.y + at.y, { steps: 3 });
    };
    const roof = await evaluate(({ lon, lat, h }) => window.gridtwin!.engine.toWindow(lon, lat, h), {
      lon: target.lon,
      lat: target.lat,
      h: target.b.roofHeightM,
    });
    // The highlighted building is the one a click there would select (the target, or a taller one in front).
    const expected = await evaluate((at) => window.gridtwin!.engine.pick(at.x, at.y), roof!);
    expect(expected?.type).toBe('building');
    await hoverAt(roof!);
    await expect
      .poll(() => evaluate(() => window.gridtwin!.engine.hoveredElement(), null), { timeout: 30_000 })
      .toEqual(expected);
    // Off the building the highlight goes.
    await page().mouse.move(canvas.x + 5, canvas.y + canvas.height - 5);
    await expect
      .poll(() => evaluate(() => window.gridtwin!.engine.hoveredElement()?.id ?? null, null), { timeout: 30_000 })
      .not.toBe(target.b.id);

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
    await evaluate(
      () => window.gridtwin!.store.set((s) => ({ underground: { ...s.underground, enabled: true } })),
      null,
    );
    await frames(60);
    // A point along the pipe where a click picks it (other networks' ducts cross above it in their own depth bands),
    // in whole pixels as a mouse moves, on the scene's canvas (not under a panel: the pick does not see the DOM).
    const mid = await evaluate((l) => {
      const g = window.gridtwin!;
      const [a, b] = [l.path[0]!, l.path[1]!];
      const h = (l.fromInvertM + l.toInvertM) / 2 + l.diameterMm / 2000 - g.data.city.groundElevationM;
      const box = document.querySelector('.cesium-widget canvas')!.getBoundingClientRect();
      for (const f of [0.5, 0.35, 0.65, 0.2, 0.8]) {
        const at = g.engine.toWindow(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, h);
        if (!at) continue;
        const px = { x: Math.round(at.x), y: Math.round(at.y) };
        if (!document.elementFromPoint(box.left + px.x, box.top + px.y)?.matches('.cesium-widget canvas')) continue;
        const hit = g.engine.pick(px.x, px.y);
        if (hit?.type === 'link' && hit.id === l.id) return px;
      }
      return null;
    }, link);
    expect(mid).not.toBeNull();
    await hoverAt(mid!);
    await expect
      .poll(() => evaluate(() => window.gridtwin!.engine.hoveredElement(), null), { timeout: 30_000 })
      .toEqual({ type: 'link', id: link.id });
    // The hover's own highlight (its halo) does not change what a click there selects: the hovered pipe.
    await page().mouse.click(canvas.x + mid!.x, canvas.y + mid!.y);
    await expect
      .poll(() => evaluate(() => window.gridtwin!.store.get().selection, null), { timeout: 30_000 })
      .toEqual({ type: 'link', id: link.id });
    await evaluate(() => window.gridtwin!.store.set({ selection: null }), null);
    await evaluate(
      () => window.gridtwin!.store.set((s) => ({ underground: { ...s.underground, enabled: false } })),
      null,
    );
  }, 300_000);

  it("moves the facility view's water surface with a level published over MQTT, without re-creating the scene", async () => {
    const sensors = (await api<{ items: Sensor[] }>('/api/sensors?limit=10000')).items;
    const nodes = (await api<{ items: NetworkNode[] }>('/api/network/nodes?utility=sewer&limit=10000')).items;
    const level = sensors.find(
      (s) =>
        s.kind === 'level' &&
        s.mount?.type === 'node' &&
        nodes.some((n) => n.id === s.mount!.id && n.kind === 'manhole' && n.groundM - n.invertM > 1.5),
    )!;
    expect(level).toBeDefined();
    const node = nodes.find((n) => n.id === level.mount!.id)!;
    const depth = node.groundM - node.invertM;
    const admin = await login('admin', ADMIN_PASSWORD);
    const device = await api<{ username: string; password: string }>(`/api/devices/${level.id}/credentials`, {
      method: 'POST',
      token: admin,
    });
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      protocolVersion: 4,
      username: device.username,
      password: device.password,
      reconnectPeriod: 0,
    });
    const publish = (value: number) =>
      client.publishAsync(`gridtwin/v1/sensors/${level.id}/reading`, JSON.stringify({ ts: Date.now(), value }), {
        qos: 1,
      });
    try {
      await evaluate((id) => window.gridtwin!.store.set({ facilityNodeId: id }), node.id);
      const canvas = page().locator('[data-testid="facility"] canvas');
      await canvas.waitFor();
      await expect.poll(() => canvas.getAttribute('data-scene-id'), { timeout: 20_000 }).toMatch(/^\d+$/);
      const sceneId = await canvas.getAttribute('data-scene-id');
      const levelOf = async () => Number((await canvas.getAttribute('data-level-m')) || Number.NaN);

      const first = Number((depth * 0.25).toFixed(2));
      await publish(first);
      await expect.poll(levelOf, { timeout: 30_000 }).toBeCloseTo(first, 2);
      const surface1 = Number(await canvas.getAttribute('data-surface-y'));
      expect(surface1).toBeCloseTo(-depth + first, 1);

      const second = Number((depth * 0.7).toFixed(2));
      await publish(second);
      await expect.poll(levelOf, { timeout: 30_000 }).toBeCloseTo(second, 2);
      const surface2 = Number(await canvas.getAttribute('data-surface-y'));
      expect(surface2 - surface1).toBeCloseTo(second - first, 2);
      expect(await canvas.getAttribute('data-scene-id')).toBe(sceneId);
      expect(await page().locator('[data-testid="facility-reading"]').innerText()).toContain(second.toFixed(2));
      // The same reading reached the sensor's marker, recoloured in place on the deck.gl layer.
      const marker = await evaluate((id) => window.gridtwin!.engine.sensorMarkers(id), level.id);
      expect(marker.state).not.toBe('unknown');
      await page()
        .screenshot({ path: path.join(os.tmpdir(), 'gridtwin-facility-live.png') })
        .catch(() => undefined);
    } finally {
      await client.endAsync();
    }
  }, 180_000);

  it('shows a pressure sensor of a valve on a gauge', async () => {
    const sensors = (await api<{ items: Sensor[] }>('/api/sensors?limit=10000')).items;
    const nodes = (await api<{ items: NetworkNode[] }>('/api/network/nodes?utility=water&limit=10000')).items;
    const pressure = sensors.find(
      (s) => s.kind === 'pressure' && nodes.some((n) => n.id === s.mount?.id && n.kind === 'valve'),
    )!;
    expect(pressure).toBeDefined();
    const admin = await login('admin', ADMIN_PASSWORD);
    const device = await api<{ username: string; password: string }>(`/api/devices/${pressure.id}/credentials`, {
      method: 'POST',
      token: admin,
    });
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      protocolVersion: 4,
      username: device.username,
      password: device.password,
      reconnectPeriod: 0,
    });
    try {
      await evaluate((id) => window.gridtwin!.store.set({ facilityNodeId: id }), pressure.mount!.id);
      const canvas = page().locator('[data-testid="facility"] canvas');
      await expect.poll(() => canvas.getAttribute('data-scene-id'), { timeout: 20_000 }).toMatch(/^\d+$/);
      await client.publishAsync(
        `gridtwin/v1/sensors/${pressure.id}/reading`,
        JSON.stringify({ ts: Date.now(), value: 31.5 }),
        { qos: 1 },
      );
      await expect.poll(async () => Number(await canvas.getAttribute('data-gauge')), { timeout: 30_000 }).toBe(31.5);
      expect(await canvas.getAttribute('data-surface-y')).toBe('');
    } finally {
      await client.endAsync();
      await evaluate(() => window.gridtwin!.store.set({ facilityNodeId: null }), null);
    }
  }, 120_000);

  it('logs no console errors', () => {
    expect(browser.consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
  });
});
