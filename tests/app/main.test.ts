import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runTsx, type RunningProcess } from '../helpers/spawn-process.js';

/**
 * `npm start` end to end: a first start on an empty data directory builds the viewer and the demo city and serves
 * them; a second start reuses both. This is what a newcomer does after `npm install`.
 */
describe('app/main', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-start-'));
  let running: RunningProcess | undefined;

  afterAll(async () => {
    await running?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ port: number; seconds: number; output: string }> {
    const port = await freePort();
    const t0 = Date.now();
    // Its own MQTT port: this machine may already run Mosquitto on 1883.
    const mqttPort = await freePort();
    running = runTsx('app/main.ts', [], {
      DATA_DIR: dataDir,
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      HOST: '127.0.0.1',
      DATABASE_URL: '',
      CITY: '',
      MQTT_URL: '',
    });
    await running.waitFor(/GridTwin is running at http:\/\/localhost:\d+/, 240_000);
    return { port, seconds: (Date.now() - t0) / 1000, output: running.output() };
  }

  it(
    'builds on first start and serves the demo city through the API and the viewer',
    { timeout: 300_000 },
    async () => {
      const first = await start();
      expect(first.output).toContain('building the demo city');
      expect(first.output).toMatch(/total: [\d,]+ features, \d+ tiles/);
      expect(first.output).toContain('created user admin');
      const base = `http://127.0.0.1:${first.port}`;

      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      const city = (await (await fetch(`${base}/api/city`)).json()) as { id: string; counts: Record<string, number> };
      expect(city.id).toBe('shanghai-lujiazui');
      expect(city.counts.buildings).toBeGreaterThan(1200);
      expect(city.counts.buildings).toBeLessThan(1600);
      expect(city.counts.sensors).toBeGreaterThan(20);
      expect(city.counts.grids).toBeGreaterThan(10);

      const links = (await (await fetch(`${base}/api/network/networks`)).json()) as { items: { utility: string }[] };
      expect(new Set(links.items.map((n) => n.utility))).toEqual(
        new Set(['water', 'sewer', 'storm', 'gas', 'power', 'telecom', 'heat']),
      );

      const tileset = await fetch(`${base}/tiles/shanghai-lujiazui/buildings/tileset.json`);
      expect(tileset.status).toBe(200);
      expect(((await tileset.json()) as { asset: { version: string } }).asset.version).toBe('1.1');

      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      console.log(`first start: ${first.seconds.toFixed(1)} s`);
      expect(await running!.stop()).toBe(0);
    },
  );

  it('reuses the viewer bundle and the demo city on a second start', { timeout: 180_000 }, async () => {
    const second = await start();
    expect(second.output).toContain('up to date');
    expect(second.output).toContain('in the store');
    expect(second.output).not.toContain('building the demo city');
    expect(second.output).not.toMatch(/total: [\d,]+ features/);
    expect(second.output).not.toContain('created user admin');
    const city = (await (await fetch(`http://127.0.0.1:${second.port}/api/city`)).json()) as {
      counts: Record<string, number>;
    };
    expect(city.counts.buildings).toBeGreaterThan(1200);
    console.log(`second start: ${second.seconds.toFixed(1)} s`);
    expect(await running!.stop()).toBe(0);
  });
});
