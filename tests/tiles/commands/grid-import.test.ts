import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';
import { runGridsCommand } from '../../../tiles/commands/grids.command.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const cells = path.join(fixtures, 'registry', 'modena-cells.geojson');
const MAP = 'code=GRID_ID,name=NOME,worker=FZR,phone=TEL';

/** The cell a projected (EPSG:3003) point falls in, from the fixture's own rectangles (independent of the import). */
function cellOf(x: number, y: number): string | null {
  const doc = JSON.parse(fs.readFileSync(cells, 'utf8')) as {
    features: { properties: { GRID_ID: string }; geometry: { coordinates: number[][][] } }[];
  };
  for (const f of doc.features) {
    const ring = f.geometry.coordinates[0]!;
    const xs = ring.map((p) => p[0]!),
      ys = ring.map((p) => p[1]!);
    if (x >= Math.min(...xs) && x < Math.max(...xs) && y >= Math.min(...ys) && y < Math.max(...ys))
      return f.properties.GRID_ID;
  }
  return null;
}

describe('import --as grids', () => {
  let dir: string;
  let store: CityStore;
  let lines: string[] = [];
  const io = () => ({ store, log: (l: string) => lines.push(l), now: () => Date.now() });
  const run = async (...argv: string[]) => {
    lines = [];
    return runImportCommand(argv, io());
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-grids-'));
    store = await openStore({ dataDir: dir });
    const code = await run('--city', 'modena', '--crs', 'EPSG:3003', path.join(fixtures, 'epanet', 'Modena.inp'));
    expect(code, lines.join('\n')).toBe(0);
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a flat file of cells in EPSG:3003 through --map and puts every node in the cell under it', async () => {
    expect(await run('--city', 'modena', '--as', 'grids', '--map', MAP, cells), lines.join('\n')).toBe(0);
    const grids = await store.listGrids('modena', { limit: 100 });
    expect(grids.total).toBe(12);
    const g = grids.items.find((x) => x.code === 'MO-23')!;
    expect(g).toMatchObject({
      level: 'cell',
      name: 'Cella 2-3',
      worker: { name: 'Marco Ricci', phone: '+39 059 200006' },
      parentId: null,
    });
    expect(g.areaM2).toBeGreaterThan(3_000_000);
    // The network's own coordinates say which cell each junction is in.
    const inp = fs.readFileSync(path.join(fixtures, 'epanet', 'Modena.inp'), 'utf8').replace(/\0/g, '');
    const coords = inp.split('[COORDINATES]')[1]!.split('[')[0]!.split('\n');
    let checked = 0;
    const nodes = (await store.listNodes('modena', { limit: 1000 })).items;
    for (const line of coords.slice(1, 60)) {
      const [id, x, y] = line.trim().split(/\s+/);
      if (!id || id.startsWith(';') || !y) continue;
      const node = nodes.find((n) => n.id === id);
      if (!node) continue;
      expect(node.gridId, `node ${id}`).toBe(cellOf(Number(x), Number(y)));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    expect(lines.join('\n')).toMatch(/re-assigned to cells: 0 buildings, 2\d\d nodes/);
  });

  it('names overlapping cells and a gap in the QA report, with area and location', async () => {
    const broken = path.join(fixtures, 'registry', 'modena-cells-overlap.geojson');
    expect(await run('--city', 'modena', '--as', 'grids', '--map', MAP, broken), lines.join('\n')).toBe(0);
    const text = lines.join('\n');
    const overlap = /cells MO-11 and MO-12 overlap by ([\d.]+) ha at ([\d.]+), ([\d.]+)/.exec(text);
    expect(overlap, text).not.toBeNull();
    // 200 m x 1933 m, on the ground (the projection's scale is within 0.1 %).
    expect(Number(overlap![1])).toBeGreaterThan(38);
    expect(Number(overlap![1])).toBeLessThan(39.5);
    expect(Number(overlap![2])).toBeGreaterThan(10.8);
    const gap = /gap of ([\d.]+) ha at/.exec(text);
    expect(gap, text).not.toBeNull();
    expect(Number(gap![1])).toBeGreaterThan(300);
    expect(Number(gap![1])).toBeLessThan(320);
    expect((await store.listGrids('modena', { limit: 100 })).total).toBe(11);
  });

  it('refuses duplicate codes and broken parents, naming the feature, and saves nothing', async () => {
    const doc = JSON.parse(fs.readFileSync(cells, 'utf8'));
    doc.features[3].properties.GRID_ID = 'MO-11';
    doc.features[5].properties.PARENT = 'D-9';
    const file = path.join(dir, 'dup.geojson');
    fs.writeFileSync(file, JSON.stringify(doc));
    const before = await store.cityRevision('modena');
    expect(await run('--city', 'modena', '--as', 'grids', '--map', `${MAP},parent=PARENT`, file)).toBe(1);
    const text = lines.join('\n');
    expect(text).toMatch(/feature #3 \(id MO-11\): duplicate code MO-11 \(also feature 0\)/);
    expect(text).toMatch(/grid MO-22: parent D-9 is not in the file/);
    expect(text).toMatch(/nothing saved/);
    expect(await store.cityRevision('modena')).toBe(before);
  });

  it('reads a hierarchy by parent code and rejects an unknown --map field', async () => {
    const doc = JSON.parse(fs.readFileSync(cells, 'utf8'));
    for (const f of doc.features) f.properties.UP = 'D1';
    const ring = [
      [1649500, 4942300],
      [1655900, 4942300],
      [1655900, 4948100],
      [1649500, 4948100],
      [1649500, 4942300],
    ];
    doc.features.push({
      type: 'Feature',
      properties: { GRID_ID: 'D1', NOME: 'Modena', LIVELLO: 'district' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    const file = path.join(dir, 'tree.geojson');
    fs.writeFileSync(file, JSON.stringify(doc));
    expect(await run('--city', 'modena', '--as', 'grids', '--map', `${MAP},parent=UP,level=LIVELLO`, file)).toBe(0);
    const cell = await store.getGrid('modena', 'MO-31');
    expect(cell!.parentId).toBe('D1');
    expect((await store.getGrid('modena', 'D1'))!.level).toBe('district');
    expect(await run('--city', 'modena', '--as', 'grids', '--map', 'kode=GRID_ID', cells)).toBe(2);
    expect(lines.join('\n')).toMatch(/unknown field "kode"/);
  });

  it('grids generate cuts cells along the network for a city, and will not replace grids without --force', async () => {
    lines = [];
    expect(await runGridsCommand(['generate', '--city', 'modena', '--force'], io()), lines.join('\n')).toBe(0);
    const cellsNow = await store.listGrids('modena', { level: 'cell', limit: 1000 });
    // The network's bbox is about 6 x 5.5 km: cells of about 9 ha.
    expect(cellsNow.total).toBeGreaterThan(150);
    expect(cellsNow.total).toBeLessThan(800);
    lines = [];
    expect(await runGridsCommand(['generate', '--city', 'modena'], io())).toBe(1);
    expect(lines.join('\n')).toMatch(/--force/);
    const nodes = (await store.listNodes('modena', { limit: 1000 })).items;
    const ids = new Set(cellsNow.items.map((g) => g.id));
    expect(nodes.every((n) => n.gridId !== null && ids.has(n.gridId))).toBe(true);
  });
});
