import fs from 'node:fs';
import path from 'node:path';
import { importEpanetInp } from '../../tiles/import/epanet-inp.js';
import { importGeojsonBuildings } from '../../tiles/import/geojson-buildings.js';
import { importPipeGis } from '../../tiles/import/pipe-gis.js';
import { cityAround, partsBbox } from '../../tiles/import/city-extent.js';
import { writeInp } from '../../tiles/export/epanet-inp-writer.js';
import { importedInp } from '../../tiles/export/imported-inp.js';
import { openStore } from '../../store/index.js';
import { hasTemplate } from '../../store/pglite-template.js';
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
    const networkId = parts.networks[0]!.id;
    await store.saveCity({ city, buildings: [], sensors: [], grids: [], crews: [], ...parts }, 'replace', {
      asImported: [networkId],
    });
    const saveMs = performance.now() - t;
    // As `export` does it: a network still as imported is its file, without its rows.
    t = performance.now();
    const network = (await store.getNetwork('bench', networkId))!;
    const asImported = (await store.networkAsImported('bench', networkId)) ? importedInp(network) : null;
    const exportMs = performance.now() - t;
    // What an export of a changed network pays: every row read and the file imported again to compare.
    t = performance.now();
    const bundle = (await store.loadCity('bench'))!;
    const text = writeInp(network, bundle.nodes, bundle.links);
    const rowsExportMs = performance.now() - t;
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
      'largest .inp export ms (network as imported)': Number(exportMs.toFixed(0)),
      'largest .inp load + export from its rows ms (a changed network)': Number(rowsExportMs.toFixed(0)),
      'largest .inp export identical to the file (as imported, from rows)': `${String(
        asImported === fs.readFileSync(full, 'utf8'),
      )}, ${String(text === fs.readFileSync(full, 'utf8'))}`,
      'epanet-js load + open same file ms': Number(epanetMs.toFixed(0)),
    };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Copies of KY1 side by side: 15 make 12,840 junctions, the size of a real city's model. */
const TILED_COPIES = 15;

/**
 * CPU time (user + system) of this process's waited-for children so far, ms: Linux's /proc/self/stat (clock ticks of
 * 10 ms). Null elsewhere. The CLI's CPU beside its wall time shows what a quiet machine's wall time would be.
 */
function childrenCpuMs(): number | null {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

/**
 * Wall time of `npm run tiles -- ...` as a user runs it (process start included), ms; throws when it fails. With
 * `cpu`, records the command's CPU time (npm's and node's, user + system) under `cpu.name`.
 */
function tilesCli(
  args: string[],
  dataDir: string,
  phases?: Record<string, number | string>,
  name = '',
  cpu?: { figures: Record<string, number | string>; name: string },
): number {
  const cpu0 = childrenCpuMs();
  const t = performance.now();
  const r = spawnSync('npm', ['run', '-s', 'tiles', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });
  const ms = performance.now() - t;
  const cpu1 = childrenCpuMs();
  if (r.status !== 0) throw new Error(`tiles ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  if (cpu && cpu0 !== null && cpu1 !== null) cpu.figures[cpu.name] = cpu1 - cpu0;
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
    // Wall and CPU of each command; `phases` names the import whose printed phases are recorded too.
    const cli = (name: string, args: string[], phases?: string): void => {
      const cpu = { figures, name: `cli: ${name} CPU ms` };
      figures[`cli: ${name} ms`] = Math.round(tilesCli(args, dir, phases ? figures : undefined, phases, cpu));
    };
    cli('tiles --help', ['--help']);
    cli('tiles import --help', ['import', '--help']);
    // The first command creates the embedded database: reported apart, as it happens once per data folder. It copies
    // an empty template made by the first database of the machine (ADR 0014), or makes that template first.
    figures['cli: first import: template of an empty database already made'] = String(hasTemplate());
    cli('first import into a new data folder (creates the database), ky1-valved.inp', [
      'import',
      '--city',
      'first',
      '--crs',
      'EPSG:3089',
      ky1,
    ]);
    cli('import + save ky1-valved.inp (1,669 junctions)', ['import', '--city', 'ky1', '--crs', 'EPSG:3089', ky1]);
    cli(
      'import + save ky1 x15 (12,840 junctions, 14,775 links)',
      ['import', '--city', 'big', '--crs', 'EPSG:3089', tiled],
      'ky1 x15',
    );
    cli(
      'import + save ky1 x15 again, into another city (data folder holds 2 more cities)',
      ['import', '--city', 'big2', '--crs', 'EPSG:3089', tiled],
      'ky1 x15 again',
    );
    const a = path.join(dir, 'a.inp'),
      b = path.join(dir, 'b.inp');
    cli('export ky1-valved.inp', ['export', '--city', 'ky1', '--network', 'water-ky1-valved', '-o', a]);
    cli('export ky1 x15', ['export', '--city', 'big', '--network', 'water-ky1-x15', '-o', b]);
    figures['cli: exports identical to their files'] = String(
      fs.readFileSync(a, 'utf8') === fs.readFileSync(ky1, 'utf8') &&
        fs.readFileSync(b, 'utf8') === fs.readFileSync(tiled, 'utf8'),
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
