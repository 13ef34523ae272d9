import path from 'node:path';
import type { CityStore } from '../../store/index.js';
import { buildDemoCity } from '../demo/build-demo-city.js';
import { createProgressPrinter } from '../report/progress.js';
import { writeDemoBasemap } from '../basemap/demo-basemap.js';
import { parseCommandOptions } from './command-options.js';

/** Where the demo city's OSM sources live in the repository. */
export const DEMO_SOURCE_DIR = path.resolve(import.meta.dirname, '..', '..', 'data', 'sources', 'shanghai-osm');
export const DEMO_CITY_ID = 'shanghai-lujiazui';

export interface DemoCommandIo {
  store: CityStore;
  /** DATA_DIR: the demo city's basemap (OSM roads, water, landuse) is written beside its tiles. */
  dataDir?: string;
  log: (line: string) => void;
  now: () => number;
}

/**
 * Builds the demo city (real OSM buildings and roads, synthetic networks, grids and sensors) and saves it,
 * replacing any earlier build. Returns the record counts saved.
 */
export async function buildAndSaveDemoCity(seed: number, io: DemoCommandIo): Promise<Record<string, number>> {
  const t0 = io.now();
  const progress = createProgressPrinter(io.log);
  const bundle = await buildDemoCity({ sourceDir: DEMO_SOURCE_DIR, seed, now: io.now(), onProgress: progress });
  progress.done();
  const t1 = io.now();
  await io.store.saveCity(bundle, 'replace');
  if (io.dataDir) {
    const basemap = writeDemoBasemap(io.dataDir, bundle.city.id, DEMO_SOURCE_DIR);
    io.log(`  basemap: ${basemap.features.length.toLocaleString('en')} roads, water and landuse features`);
  }
  const counts = await io.store.countCity(bundle.city.id);
  io.log(
    `  demo city ${bundle.city.id}: generated in ${((t1 - t0) / 1000).toFixed(1)} s, saved in ${((io.now() - t1) / 1000).toFixed(1)} s`,
  );
  io.log(
    `  ${Object.entries(counts)
      .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
      .join(', ')}`,
  );
  return counts;
}

/** `npm run tiles -- demo [--seed N]` */
export async function runDemoCommand(argv: string[], defaultSeed: number, io: DemoCommandIo): Promise<number> {
  const parsed = parseCommandOptions(argv, { seed: { type: 'string' } });
  if (typeof parsed === 'string') {
    io.log(`error: ${parsed} for demo (usage: demo [--seed N])`);
    return 2;
  }
  const raw = parsed.values.seed;
  const seed = raw === undefined ? defaultSeed : Number(raw);
  if (!Number.isInteger(seed)) {
    io.log(`error: --seed needs an integer, got "${raw ?? ''}"`);
    return 2;
  }
  await buildAndSaveDemoCity(seed, io);
  return 0;
}
