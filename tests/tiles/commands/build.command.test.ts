import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { runBuildCommand, type TilesCommandIo } from '../../../tiles/commands/build.command.js';
import { MAX_STORED_BUILDINGS, runGenerateCommand } from '../../../tiles/commands/generate.command.js';
import { syntheticCityBundle } from '../../../tiles/generate/synthetic-city.js';
import { parseGlb, readPropertyTable } from '../3dtiles/read-glb.js';

describe('tiles/commands/build.command and generate.command', () => {
  let dataDir: string;
  let store: CityStore;
  const lines: string[] = [];
  let io: TilesCommandIo;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-build-'));
    store = await openStore({ dataDir });
    io = { store, log: (l) => lines.push(l), now: () => Date.now(), dataDir };
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("builds the tilesets of a city from the store, with the store's metadata, and a summary", async () => {
    const bundle = syntheticCityBundle({ buildings: 1_200, seed: 4, cityId: 'build-test', now: 0 });
    await store.saveCity(bundle, 'replace');
    lines.length = 0;
    expect(await runBuildCommand([], io)).toBe(0);
    const dir = path.join(dataDir, 'tiles', 'build-test');
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
    expect(index.tilesets.map((t: { name: string }) => t.name)).toEqual([
      'buildings',
      'water',
      'sewer',
      'storm',
      'gas',
      'power',
      'telecom',
      'heat',
    ]);
    const tileset = JSON.parse(fs.readFileSync(path.join(dir, 'buildings', 'tileset.json'), 'utf8'));
    expect(tileset.asset.version).toBe('1.1');
    const first = (function find(t: { content?: { uri: string }; children?: unknown[] }): string {
      return t.content?.uri ?? find(t.children![0] as typeof t);
    })(tileset.root);
    const table = readPropertyTable(parseGlb(fs.readFileSync(path.join(dir, 'buildings', first))));
    expect(table.count).toBeGreaterThan(0);
    expect(lines.some((l) => /total: [\d,]+ features, [\d,]+ tiles, [\d.]+ MB/.test(l))).toBe(true);
    // A rebuild replaces the folder and leaves no staging folder behind.
    expect(await runBuildCommand(['--city', 'build-test'], io)).toBe(0);
    expect(fs.readdirSync(path.join(dataDir, 'tiles'))).toEqual(['build-test']);
  }, 120_000);

  it('answers 2 for an unknown city or option', async () => {
    expect(await runBuildCommand(['--city', 'nowhere'], io)).toBe(2);
    expect(await runBuildCommand(['--frobnicate'], io)).toBe(2);
  });

  it('generates a synthetic city into the store and tiles it, with progress', async () => {
    lines.length = 0;
    expect(await runGenerateCommand(['--buildings', '1500', '--city', 'gen-test', '--seed', '3'], io)).toBe(0);
    expect((await store.countCity('gen-test')).buildings).toBe(1500);
    expect(fs.existsSync(path.join(dataDir, 'tiles', 'gen-test', 'water', 'tileset.json'))).toBe(true);
    expect(lines.some((l) => l.includes('total:'))).toBe(true);
    expect(await runGenerateCommand(['--buildings', String(MAX_STORED_BUILDINGS + 1)], io)).toBe(2);
    expect(await runGenerateCommand(['--buildings', 'many'], io)).toBe(2);
  }, 120_000);
});
