import fs from 'node:fs';
import path from 'node:path';
import type { CityStore } from '../../store/index.js';
import { buildCityTilesets, type FileSink, type TilesetSummary } from '../3dtiles/build-city-tilesets.js';
import { createProgressPrinter } from '../report/progress.js';
import { parseCommandOptions } from './command-options.js';

/** What the tiles commands need from the CLI. */
export interface TilesCommandIo {
  store: CityStore;
  log: (line: string) => void;
  now: () => number;
  /** DATA_DIR: tiles go to `<dataDir>/tiles/<cityId>/` unless `--out` says otherwise. */
  dataDir: string;
}

/** Default output folder of a city's tilesets. */
export function tilesDir(dataDir: string, cityId: string): string {
  return path.join(dataDir, 'tiles', cityId);
}

/**
 * A sink that writes into a fresh staging folder beside `dir`; `commit()` swaps it in place of `dir` so a server
 * never serves half a build, `abort()` removes it.
 */
export function stagedDirectorySink(dir: string): { sink: FileSink; commit(): void; abort(): void } {
  const staging = `${dir}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const made = new Set<string>();
  const sink: FileSink = (file, bytes) => {
    const full = path.join(staging, file);
    const parent = path.dirname(full);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    fs.writeFileSync(full, bytes);
  };
  return {
    sink,
    commit() {
      fs.mkdirSync(staging, { recursive: true });
      const old = `${dir}.old-${process.pid}`;
      // The basemap is not built from the store but registered beside the tiles (demo, import --as basemap): keep it.
      const basemap = path.join(dir, 'basemap');
      if (fs.existsSync(basemap) && !fs.existsSync(path.join(staging, 'basemap')))
        fs.cpSync(basemap, path.join(staging, 'basemap'), { recursive: true });
      if (fs.existsSync(dir)) fs.renameSync(dir, old);
      fs.renameSync(staging, dir);
      fs.rmSync(old, { recursive: true, force: true });
    },
    abort() {
      fs.rmSync(staging, { recursive: true, force: true });
    },
  };
}

/** Prints one line per tileset and a total: features, tiles, bytes, largest tile. */
export function printSummary(summaries: readonly TilesetSummary[], seconds: number, log: (line: string) => void): void {
  let features = 0,
    tiles = 0,
    bytes = 0;
  for (const s of summaries) {
    features += s.stats.features;
    tiles += s.stats.tiles;
    bytes += s.stats.bytes;
    const skipped = s.skippedFeatures > 0 ? `, ${s.skippedFeatures} skipped (no area or height)` : '';
    log(
      `  ${s.name.padEnd(9)} ${s.stats.features.toLocaleString('en').padStart(9)} features  ${String(s.stats.tiles).padStart(5)} tiles  ` +
        `${mb(s.stats.bytes).padStart(9)}  largest tile ${mb(s.stats.maxTileBytes)}${skipped}`,
    );
  }
  log(
    `  total: ${features.toLocaleString('en')} features, ${tiles.toLocaleString('en')} tiles, ${mb(bytes)} in ${seconds.toFixed(1)} s`,
  );
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

/** Picks the city: `--city`, or the only city in the store. */
async function resolveCity(store: CityStore, requested: string | undefined): Promise<string | Error> {
  if (requested) return requested;
  const cities = await store.listCities();
  if (cities.length === 1) return cities[0]!.id;
  if (cities.length === 0) return new Error('the store holds no city (run `npm run tiles -- demo` first)');
  return new Error(`several cities in the store, pick one with --city: ${cities.map((c) => c.id).join(', ')}`);
}

/**
 * `npm run tiles -- build [--city ID] [--out DIR]`: writes the city's 3D Tiles 1.1 tilesets (buildings and one per
 * utility, plus index.json) to `DATA_DIR/tiles/<cityId>/`, replacing an earlier build only once the new one is whole.
 */
export async function runBuildCommand(argv: string[], io: TilesCommandIo): Promise<number> {
  const parsed = parseCommandOptions(argv, { city: { type: 'string' }, out: { type: 'string' } });
  if (typeof parsed === 'string') {
    io.log(`error: ${parsed} for build (usage: build [--city ID] [--out DIR])`);
    return 2;
  }
  const { city: cityArg, out: outArg } = parsed.values;
  const cityId = await resolveCity(io.store, cityArg);
  if (cityId instanceof Error) {
    io.log(`error: ${cityId.message}`);
    return 2;
  }
  const t0 = io.now();
  const bundle = await io.store.loadCity(cityId);
  if (!bundle) {
    io.log(`error: no city "${cityId}" in the store`);
    return 2;
  }
  const out = outArg ?? tilesDir(io.dataDir, cityId);
  io.log(
    `building 3D Tiles of ${cityId}: ${bundle.buildings.length.toLocaleString('en')} buildings, ` +
      `${bundle.nodes.length.toLocaleString('en')} nodes, ${bundle.links.length.toLocaleString('en')} links -> ${out}`,
  );
  const staged = stagedDirectorySink(out);
  const progress = createProgressPrinter(io.log, io.now);
  try {
    const summaries = buildCityTilesets(bundle, staged.sink, { onProgress: progress });
    progress.done();
    staged.commit();
    printSummary(summaries, (io.now() - t0) / 1000, io.log);
    return 0;
  } catch (err) {
    staged.abort();
    throw err;
  }
}
