import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';

const formats = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'formats');

describe('import command: Shapefile, GeoPackage and CityJSON files, chosen by content', () => {
  let dir: string;
  let store: CityStore;
  const lines: string[] = [];
  const io = () => ({ store, log: (l: string) => lines.push(l), now: () => Date.now() });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-formats-'));
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports sewer lines from a Shapefile with manholes from a zipped Shapefile', async () => {
    const code = await runImportCommand(
      [
        '--city',
        'shp-test',
        '--utility',
        'sewer',
        path.join(formats, 'montpelier-sewer-lines.shp'),
        path.join(formats, 'montpelier-manholes.zip'),
      ],
      io(),
    );
    expect(code, lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toMatch(/montpelier-sewer-lines\.shp: pipe-lines from shapefile/);
    const bundle = await store.loadCity('shp-test');
    // One link (or more, where a line is split at a manhole) per line the .dbf does not mark Abandoned.
    const dbf = fs.readFileSync(path.join(formats, 'montpelier-sewer-lines.dbf'), 'latin1');
    const rows = fs.readFileSync(path.join(formats, 'montpelier-sewer-lines.dbf')).readUInt32LE(4);
    const abandoned = dbf.match(/Abandoned/g)?.length ?? 0;
    expect(rows).toBe(40);
    expect(bundle!.links.length).toBeGreaterThanOrEqual(rows - abandoned);
    expect(lines.join('\n')).toMatch(new RegExp(`${abandoned} .*abandoned`, 'i'));
    for (const n of bundle!.nodes) {
      expect(n.position[0]).toBeGreaterThan(-72.7);
      expect(n.position[0]).toBeLessThan(-72.4);
    }
  });

  it('imports CityJSON buildings with their real heights, and a GeoPackage layer even under a wrong name', async () => {
    const cj = path.join(formats, 'shanghai-lod1.city.json');
    expect(await runImportCommand(['--city', 'cj-test', cj], io()), lines.join('\n')).toBe(0);
    const doc = JSON.parse(fs.readFileSync(cj, 'utf8'));
    const bundle = await store.loadCity('cj-test');
    expect(bundle!.buildings.length).toBe(Object.keys(doc.CityObjects).length);
    for (const b of bundle!.buildings) {
      const id = Object.keys(doc.CityObjects).find((k) => b.id.endsWith(k));
      expect(id, b.id).toBeDefined();
      expect(b.roofHeightM - b.baseHeightM).toBeCloseTo(doc.CityObjects[id!].attributes.measuredHeight, 2);
    }
    const renamed = path.join(dir, 'pipes.geojson');
    fs.copyFileSync(path.join(formats, 'montpelier-sewer.gpkg'), renamed);
    lines.length = 0;
    expect(await runImportCommand(['--city', 'gpkg-test', '--utility', 'sewer', renamed], io()), lines.join('\n')).toBe(
      1,
    );
    // Its first layer is the manholes (points only): said, and nothing saved.
    expect(lines.join('\n')).toMatch(/content is a GeoPackage/);
    expect(lines.join('\n')).toMatch(/hold only points/);
    lines.length = 0;
    const args = ['--city', 'gpkg-test', '--utility', 'sewer', '--layer', 'sewer_lines', renamed];
    expect(await runImportCommand(args, io()), lines.join('\n')).toBe(0);
    expect((await store.loadCity('gpkg-test'))!.links.length).toBeGreaterThan(0);
  });

  it('refuses a broken file naming what it expected', async () => {
    lines.length = 0;
    const code = await runImportCommand(['--city', 'bad', path.join(formats, 'broken-not-geopackage.gpkg')], io());
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/expected a GeoPackage/);
  });
});
