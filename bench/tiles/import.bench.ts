import fs from 'node:fs';
import path from 'node:path';
import { importEpanetInp } from '../../tiles/import/epanet-inp.js';
import { importGeojsonBuildings } from '../../tiles/import/geojson-buildings.js';
import { importPipeGis } from '../../tiles/import/pipe-gis.js';

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
  return figures;
}
