import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';
import { runExportCommand } from '../../../tiles/commands/export.command.js';
import { importEpanetInp } from '../../../tiles/import/epanet-inp.js';
import { fixture } from './fixtures.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

// Lives beside the importer tests because the command is a thin wiring of them (tiles/commands/import.command.ts).
describe('tiles/commands/import.command', () => {
  let dir: string;
  let store: CityStore;
  const lines: string[] = [];
  const io = () => ({ store, log: (l: string) => lines.push(l), now: () => Date.now() });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-import-'));
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports Net1 into a new city, then exports it as .inp that re-imports with the same counts', async () => {
    const code = await runImportCommand(
      ['--city', 'net-test', '--anchor', '121.5,31.23', '--scale', '10', path.join(fixtures, 'epanet', 'Net1.inp')],
      io(),
    );
    expect(code, lines.join('\n')).toBe(0);
    const city = await store.getCity('net-test');
    expect(city!.center[0]).toBeCloseTo(121.5, 2);
    const counts = await store.countCity('net-test');
    expect(counts.nodes).toBe(11);
    expect(counts.links).toBe(13);
    const out = path.join(dir, 'net1-out.inp');
    expect(await runExportCommand(['--city', 'net-test', '--network', 'water-net1', '-o', out], io())).toBe(0);
    // Read back from the database (keys in its order, defaults applied), the unchanged network is its file again.
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(fixtures, 'epanet', 'Net1.inp'), 'utf8'));
    const again = importEpanetInp(fs.readFileSync(out, 'utf8'), {
      placement: { kind: 'anchor', anchorLonLat: [121.5, 31.23], metresPerUnit: 10 },
    });
    expect(again.report.errors).toEqual([]);
    expect(again.parts!.nodes).toHaveLength(11);
    expect(again.parts!.links).toHaveLength(13);
  });

  it('exports a network edited since its import from its rows, the edit in the file', async () => {
    const out = path.join(dir, 'net1-edited.inp');
    expect(await store.networkAsImported('net-test', 'water-net1')).toBe(true);
    const junction = (await store.listNodes('net-test', { networkId: 'water-net1', kind: 'junction' })).items[0]!;
    const city = (await store.getCity('net-test'))!;
    const none = { buildings: [], networks: [], links: [], sensors: [], grids: [], crews: [] };
    await store.saveCity({ city, ...none, nodes: [{ ...junction, invertM: junction.invertM + 3.048 }] }, 'merge');
    expect(await store.networkAsImported('net-test', 'water-net1')).toBe(false);
    expect(await runExportCommand(['--city', 'net-test', '--network', 'water-net1', '-o', out], io())).toBe(0);
    const again = importEpanetInp(fs.readFileSync(out, 'utf8'), {
      placement: { kind: 'anchor', anchorLonLat: [121.5, 31.23], metresPerUnit: 10 },
    });
    const node = again.parts!.nodes.find((n) => n.id === junction.id)!;
    expect(node.invertM).toBeCloseTo(junction.invertM + 3.048, 3);
    expect(fs.readFileSync(out, 'utf8')).not.toBe(fs.readFileSync(path.join(fixtures, 'epanet', 'Net1.inp'), 'utf8'));
  });

  it('places a network at a western anchor longitude (a value starting with a dash)', async () => {
    const net1 = path.join(fixtures, 'epanet', 'Net1.inp');
    const code = await runImportCommand(
      ['--city', 'west-test', '--anchor', '-73.98,40.75', '--scale', '10', net1],
      io(),
    );
    expect(code, lines.join('\n')).toBe(0);
    const city = await store.getCity('west-test');
    expect(city!.center[0]).toBeCloseTo(-73.98, 2);
    expect(city!.center[1]).toBeCloseTo(40.75, 2);
    const nodes = (await store.listNodes('west-test')).items;
    expect(nodes).toHaveLength(11);
    for (const n of nodes) expect(n.position[0]).toBeLessThan(-73.9);
  });

  it('refuses to merge a network whose ids clash with another network, unless prefixed', async () => {
    const net3 = path.join(fixtures, 'epanet', 'Net3.inp');
    expect(await runImportCommand(['--city', 'net-test', '--anchor', '121.5,31.23', '--scale', '10', net3], io())).toBe(
      1,
    );
    expect(lines.at(-1)).toMatch(/--prefix/);
    expect(
      await runImportCommand(
        ['--city', 'net-test', '--anchor', '121.5,31.23', '--scale', '10', '--prefix', 'n3-', net3],
        io(),
      ),
    ).toBe(0);
    expect((await store.countCity('net-test')).nodes).toBe(11 + 97);
  });

  it('a broken file prints the error with its line and saves nothing', async () => {
    const broken = path.join(dir, 'broken.inp');
    fs.writeFileSync(broken, fixture('epanet', 'Net1.inp').replace('[TAGS]', '[FOO]'));
    lines.length = 0;
    expect(
      await runImportCommand(['--city', 'broken-city', '--anchor', '121.5,31.23', '--scale', '10', broken], io()),
    ).toBe(1);
    expect(lines.join('\n')).toMatch(/broken\.inp line \d+: unknown section \[FOO\]/);
    expect(await store.getCity('broken-city')).toBeNull();
  });

  it('imports Montpelier lines with points, and projected buildings, into one city', async () => {
    const code = await runImportCommand(
      [
        '--city',
        'mixed',
        path.join(fixtures, 'sewer-gis-montpelier', 'MontpelierLinearFeatures.geojson'),
        path.join(fixtures, 'sewer-gis-montpelier', 'MontpelierPointFeatures.geojson'),
      ],
      io(),
    );
    expect(code, lines.join('\n')).toBe(0);
    expect((await store.countCity('mixed')).links).toBeGreaterThan(1000);
    expect(
      await runImportCommand(
        [
          '--city',
          'mixed',
          '--crs',
          'EPSG:4528',
          path.join(fixtures, 'buildings-projected', 'shanghai-buildings-epsg4528.geojson'),
        ],
        io(),
      ),
    ).toBe(0);
    expect((await store.countCity('mixed')).buildings).toBe(6);
  });

  it('bad arguments exit 2', async () => {
    expect(await runImportCommand(['--city', 'Bad City!', 'x.inp'], io())).toBe(2);
    expect(await runImportCommand(['--city', 'ok', '--anchor', '1,2'], io())).toBe(2);
    expect(await runExportCommand(['--city', 'net-test'], io())).toBe(2);
  });
});
