import fs from 'node:fs';
import path from 'node:path';
import { importEpanetInp } from '../../tiles/import/epanet-inp.js';
import { importGeojsonBuildings } from '../../tiles/import/geojson-buildings.js';
import { importPipeGis } from '../../tiles/import/pipe-gis.js';
import { cityAround, partsBbox } from '../../tiles/import/city-extent.js';
import { writeInp } from '../../tiles/export/epanet-inp-writer.js';
import { openStore } from '../../store/index.js';
import os from 'node:os';

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
