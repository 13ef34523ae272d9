import fs from 'node:fs';
import type { CityBundle } from '../../core/model/index.js';
import { generateDemoGrids, type LineFeature } from '../demo/demo-grids.js';
import type { ImportCommandIo } from './import.command.js';
import { saveGrids } from './registry-import.js';
import { parseCommandOptions, type OptionSpecs } from './command-options.js';

const USAGE =
  'usage: grids generate --city ID [--roads ROADS.geojson] [--district NAME] [--cell-area M2] [--seed N] [--force]';

const GRIDS_OPTIONS = {
  city: { type: 'string' },
  roads: { type: 'string' },
  district: { type: 'string' },
  'cell-area': { type: 'string' },
  seed: { type: 'string' },
  force: { type: 'boolean' },
} as const satisfies OptionSpecs;

/**
 * The roads cells follow: an OSM road file (`highway` or Tilezen `kind_detail`), or else the city's own networks,
 * which run under its streets (mains count as tertiary roads, smaller pipes as residential ones).
 */
function roadsOf(bundle: CityBundle, file: string | undefined): LineFeature[] {
  if (file) {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { features?: LineFeature[] };
    return (doc.features ?? []).map((f) => ({
      geometry: f.geometry,
      properties: { ...f.properties, kind_detail: f.properties?.['kind_detail'] ?? f.properties?.['highway'] },
    }));
  }
  return bundle.links.map((l) => ({
    geometry: { type: 'LineString', coordinates: l.path },
    properties: { kind_detail: (l.diameterMm ?? 0) >= 300 ? 'tertiary' : 'residential' },
  }));
}

/**
 * `npm run tiles -- grids generate --city ID`: management grids for a city that has none, cut along its roads by the
 * demo city's generator (districts > streets > communities > cells of about 300 m), then every building, node, link
 * and sensor re-assigned to its cell. Refuses to replace existing grids without `--force`.
 */
export async function runGridsCommand(argv: string[], io: ImportCommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'generate') {
    io.log(USAGE);
    return 2;
  }
  const parsed = parseCommandOptions(rest, GRIDS_OPTIONS);
  if (typeof parsed === 'string') {
    io.log(`error: ${parsed}\n${USAGE}`);
    return 2;
  }
  const opt = parsed.values;
  const cityId = opt.city ?? '';
  const bundle = cityId ? await io.store.loadCity(cityId) : null;
  if (!bundle) {
    io.log(`error: no city "${cityId}": import its network or buildings first\n${USAGE}`);
    return 2;
  }
  if (bundle.grids.length > 0 && !opt.force) {
    io.log(`error: city ${cityId} has ${bundle.grids.length} grids already: --force replaces them`);
    return 1;
  }
  const roads = roadsOf(bundle, opt.roads);
  const cellArea = opt['cell-area'] !== undefined ? Number(opt['cell-area']) : 90_000;
  if (!(cellArea > 0)) {
    io.log('error: --cell-area must be a positive number of m²');
    return 2;
  }
  const t0 = io.now();
  const { grids, crews } = generateDemoGrids({
    bbox: bundle.city.bbox,
    roads,
    defaultDistrict: opt.district ?? bundle.city.name,
    seed: opt.seed !== undefined ? Number(opt.seed) : (bundle.city.seed ?? 1),
    sizes: { cellAreaM2: cellArea, communityAreaM2: cellArea * 5, streetAreaM2: cellArea * 16 },
  });
  const next = { ...bundle, crews: bundle.crews.length > 0 ? bundle.crews : crews };
  if (bundle.crews.length > 0) for (const g of grids) g.crewIds = [];
  const { bundle: saved, counts } = saveGrids(next, grids);
  await io.store.saveCity(saved, 'replace');
  const cells = grids.filter((g) => g.level === 'cell').length;
  io.log(
    `generated ${grids.length} grids (${cells} cells) along ${roads.length} road lines in ${(io.now() - t0).toFixed(0)} ms; ` +
      `re-assigned ${counts.assigned.buildings} buildings, ${counts.assigned.nodes} nodes, ${counts.assigned.links} links, ` +
      `${counts.assigned.sensors} sensors`,
  );
  return 0;
}
