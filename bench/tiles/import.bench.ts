import fs from 'node:fs';
import path from 'node:path';
import { importEpanetInp } from '../../tiles/import/epanet-inp.js';
import { importGeojsonBuildings } from '../../tiles/import/geojson-buildings.js';
import { importPipeGis } from '../../tiles/import/pipe-gis.js';
import { cityAround, partsBbox } from '../../tiles/import/city-extent.js';
import { writeInp } from '../../tiles/export/epanet-inp-writer.js';
import { openStore } from '../../store/index.js';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { tileInp } from './tiled-inp.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const EPANET = path.join(ROOT, 'tests', 'fixtures', 'epanet');

/** Best of `runs` wall times in ms (the first, cold run is reported apart). */
function time(fn: () => unknown, runs = 5): { coldMs: number; warmMs: number } {
  let t = performance.now();
  fn();
  const coldMs = performance.now() - t;
  let warmMs = Infinity;
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    fn();
    warmMs = Math.min(warmMs, performance.now() - t);
  }
  return { coldMs, warmMs };
}

/** Import time (parse + convert + validate, file read included) of each real source file the project ships. */
export async function runImportBench(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  const record = (name: string, fn: () => unknown) => {
    const { coldMs, warmMs } = time(fn);
    figures[`${name} cold ms`] = Number(coldMs.toFixed(1));
    figures[`${name} warm ms`] = Number(warmMs.toFixed(1));
  };
  const schematic = { kind: 'anchor' as const, anchorLonLat: [121.5, 31.24] as [number, number], metresPerUnit: 10 };
  for (const file of ['Net1.inp', 'Net2.inp', 'Net3.inp']) {
    record(file, () =>
      importEpanetInp(fs.readFileSync(path.join(EPANET, file), 'utf8'), { source: file, placement: schematic }),
    );
  }
  record('Modena.inp (EPSG:3003)', () =>
    importEpanetInp(fs.readFileSync(path.join(EPANET, 'Modena.inp'), 'utf8'), {
      source: 'Modena.inp',
      placement: { kind: 'crs', crs: 'EPSG:3003' },
    }),
  );
  record('ky1.inp (EPSG:3089)', () =>
    importEpanetInp(fs.readFileSync(path.join(EPANET, 'ky1.inp'), 'utf8'), {
      source: 'ky1.inp',
      placement: { kind: 'crs', crs: 'EPSG:3089' },
    }),
  );
  const buildings = path.join(ROOT, 'data', 'sources', 'shanghai-osm', 'shanghai-buildings.geojson');
  record('shanghai-buildings.geojson', () =>
    importGeojsonBuildings(fs.readFileSync(buildings, 'utf8'), { source: 'osm' }),
  );
  const sewer = path.join(ROOT, 'tests', 'fixtures', 'sewer-gis-montpelier');
  record('Montpelier sewer GIS', () =>
    importPipeGis(
      fs.readFileSync(path.join(sewer, 'MontpelierLinearFeatures.geojson'), 'utf8'),
      fs.readFileSync(path.join(sewer, 'MontpelierPointFeatures.geojson'), 'utf8'),
      { utility: 'sewer' },
    ),
  );
  Object.assign(figures, await largestInpFigures());
  Object.assign(figures, await cliFigures());
  return figures;
}

/**
 * The largest .inp fixture end to end, as `import` and `export` do it (read, import, save into a fresh embedded store;
 * load, write), next to epanet-js opening the same file, in the same run.
 */
async function largestInpFigures(): Promise<Record<string, number | string>> {
  const files = fs
    .readdirSync(EPANET)
    .filter((f) => f.endsWith('.inp'))
    .map((f) => ({ f, size: fs.statSync(path.join(EPANET, f)).size }))
    .sort((a, b) => b.size - a.size);
  const file = files[0]!.f;
  const full = path.join(EPANET, file);
  const crs = /^ky/.test(file) ? 'EPSG:3089' : 'EPSG:3003';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-bench-import-'));
  const store = await openStore({ dataDir: dir });
  try {
    let t = performance.now();
    const r = importEpanetInp(fs.readFileSync(full, 'utf8'), { source: file, placement: { kind: 'crs', crs } });
    const importMs = performance.now() - t;
    const parts = r.parts!;
    t = performance.now();
    const city = cityAround('bench', 'bench', partsBbox(parts)!, Date.now());
    await store.saveCity({ city, buildings: [], sensors: [], grids: [], crews: [], ...parts }, 'replace');
    const saveMs = performance.now() - t;
    t = performance.now();
    const bundle = (await store.loadCity('bench'))!;
    const network = bundle.networks[0]!;
    const text = writeInp(network, bundle.nodes, bundle.links);
    const exportMs = performance.now() - t;
    const { Project, Workspace } = await import('epanet-js');
    t = performance.now();
    const ws = new Workspace();
    await ws.loadModule();
    const project = new Project(ws);
    ws.writeFile('bench.inp', fs.readFileSync(full, 'utf8'));
    project.open('bench.inp', 'bench.rpt', 'bench.out');
    const epanetMs = performance.now() - t;
    project.close();
    return {
      'largest .inp': `${file} (${parts.nodes.length} nodes, ${parts.links.length} links)`,
      'largest .inp import ms': Number(importMs.toFixed(0)),
      'largest .inp save ms (fresh embedded store)': Number(saveMs.toFixed(0)),
      'largest .inp load + export ms': Number(exportMs.toFixed(0)),
      'largest .inp export identical to the file': String(text === fs.readFileSync(full, 'utf8')),
      'epanet-js load + open same file ms': Number(epanetMs.toFixed(0)),
    };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Copies of KY1 side by side: 15 make 12,840 junctions, the size of a real city's model. */
const TILED_COPIES = 15;

/** Wall time of `npm run tiles -- ...` as a user runs it (process start included), ms; throws when it fails. */
function tilesCli(args: string[], dataDir: string, phases?: Record<string, number | string>, name = ''): number {
  const t = performance.now();
  const r = spawnSync('npm', ['run', '-s', 'tiles', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`tiles ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  // The phases the import prints: reading and importing the files (done while the store opens), then the save.
  const imported = /imported in (\d+) ms/.exec(r.stdout);
  const saved = /saved into city .* in (\d+) ms/.exec(r.stdout);
  if (phases && imported)
    phases[`cli: ${name}: import phase (parse, build; while the store opens) ms`] = Number(imported[1]);
  if (phases && saved) phases[`cli: ${name}: save phase (validate, write rows) ms`] = Number(saved[1]);
  return ms;
}

/**
 * The CLI end to end on the largest .inp fixture and on a 12,840-junction network tiled from KY1: start, import and
 * save into a data folder that already holds a city (so the figure shows whether it grows with what is there), then
 * export; epanet-js opening the same files in this process as the peer. Wall times on this machine as it is: the
 * load average printed beside them says how busy it was.
 */
async function cliFigures(): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-bench-cli-'));
  const figures: Record<string, number | string> = {};
  try {
    const ky1 = path.join(EPANET, 'ky1-valved.inp');
    const tiled = path.join(dir, 'ky1-x15.inp');
    fs.writeFileSync(tiled, tileInp(fs.readFileSync(path.join(EPANET, 'ky1.inp'), 'utf8'), TILED_COPIES));
    figures['cli: load average (1 min) before'] = Number(os.loadavg()[0]!.toFixed(1));
    figures['cli: tiles --help ms'] = Math.round(tilesCli(['--help'], dir));
    figures['cli: tiles import --help ms'] = Math.round(tilesCli(['import', '--help'], dir));
    // The first command creates the embedded database: reported apart, as it happens once per data folder.
    figures['cli: first import into a new data folder (creates the database), ky1-valved.inp ms'] = Math.round(
      tilesCli(['import', '--city', 'first', '--crs', 'EPSG:3089', ky1], dir),
    );
    figures['cli: import + save ky1-valved.inp (1,669 junctions) ms'] = Math.round(
      tilesCli(['import', '--city', 'ky1', '--crs', 'EPSG:3089', ky1], dir),
    );
    figures['cli: import + save ky1 x15 (12,840 junctions, 14,775 links) ms'] = Math.round(
      tilesCli(['import', '--city', 'big', '--crs', 'EPSG:3089', tiled], dir, figures, 'ky1 x15'),
    );
    figures['cli: import + save ky1 x15 again, into another city (data folder holds 2 more cities) ms'] = Math.round(
      tilesCli(['import', '--city', 'big2', '--crs', 'EPSG:3089', tiled], dir, figures, 'ky1 x15 again'),
    );
    figures['cli: export ky1-valved.inp ms'] = Math.round(
      tilesCli(['export', '--city', 'ky1', '--network', 'water-ky1-valved', '-o', path.join(dir, 'a.inp')], dir),
    );
    figures['cli: export ky1 x15 ms'] = Math.round(
      tilesCli(['export', '--city', 'big', '--network', 'water-ky1-x15', '-o', path.join(dir, 'b.inp')], dir),
    );
    const { Project, Workspace } = await import('epanet-js');
    for (const [name, file] of [
      ['ky1-valved.inp', ky1],
      ['ky1 x15', tiled],
    ] as const) {
      const t = performance.now();
      const ws = new Workspace();
      await ws.loadModule();
      const project = new Project(ws);
      ws.writeFile('peer.inp', fs.readFileSync(file, 'utf8'));
      project.open('peer.inp', 'peer.rpt', 'peer.out');
      figures[`peer: epanet-js load + open ${name} ms`] = Math.round(performance.now() - t);
      project.close();
    }
    figures['cli: load average (1 min) after'] = Number(os.loadavg()[0]!.toFixed(1));
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
