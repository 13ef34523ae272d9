import { buildStreamedTilesets } from '../3dtiles/stream-city-tilesets.js';
import { syntheticCity, syntheticCityBundle, type SyntheticCityOptions } from '../generate/synthetic-city.js';
import { createProgressPrinter } from '../report/progress.js';
import { parseCommandOptions, type OptionSpecs } from './command-options.js';
import { printSummary, stagedDirectorySink, tilesDir, type TilesCommandIo } from './build.command.js';

/** Above this many buildings the city goes straight to tiles: the store is for cities one works with, not benchmarks. */
export const MAX_STORED_BUILDINGS = 200_000;

const USAGE =
  'usage: generate --buildings N [--city ID] [--seed S] [--no-store] [--no-tiles] [--no-networks] [--out DIR]';

interface GenerateArgs {
  buildings: number;
  cityId?: string;
  seed: number;
  store: boolean;
  tiles: boolean;
  networks: boolean;
  out?: string;
}

const GENERATE_OPTIONS = {
  buildings: { type: 'string' },
  seed: { type: 'string' },
  city: { type: 'string' },
  out: { type: 'string' },
  'no-store': { type: 'boolean' },
  'no-tiles': { type: 'boolean' },
  'no-networks': { type: 'boolean' },
} as const satisfies OptionSpecs;

function parseGenerateArgs(argv: string[]): GenerateArgs | string {
  const parsed = parseCommandOptions(argv, GENERATE_OPTIONS);
  if (typeof parsed === 'string') return parsed;
  const v = parsed.values;
  const args: GenerateArgs = {
    buildings: 0,
    seed: 1,
    store: !v['no-store'],
    tiles: !v['no-tiles'],
    networks: !v['no-networks'],
  };
  for (const option of ['buildings', 'seed'] as const) {
    const value = v[option];
    if (value === undefined) continue;
    const n = Number(value.replace(/[_,]/g, ''));
    if (value.trim() === '' || !Number.isInteger(n) || (option === 'buildings' && n < 1))
      return `--${option} needs ${option === 'seed' ? 'an integer' : 'a positive integer'}, got "${value}"`;
    args[option] = n;
  }
  if (v.city !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(v.city))
      return `--city must be lower-case letters, digits and dashes, got "${v.city}"`;
    args.cityId = v.city;
  }
  if (v.out !== undefined) args.out = v.out;
  if (args.buildings < 1) return '--buildings is required';
  return args;
}

/**
 * `npm run tiles -- generate --buildings N [--city ID] [--seed S]`: a synthetic city of any size (street grid,
 * blocks, buildings, seven networks), saved to the store (up to 200,000 buildings) and tiled straight from the
 * generator, block by block, so a million buildings tile in bounded memory.
 */
export async function runGenerateCommand(argv: string[], io: TilesCommandIo): Promise<number> {
  const args = parseGenerateArgs(argv);
  if (typeof args === 'string') {
    io.log(`error: ${args} (${USAGE})`);
    return 2;
  }
  if (args.store && args.buildings > MAX_STORED_BUILDINGS) {
    io.log(
      `error: ${args.buildings.toLocaleString('en')} buildings is more than the store takes here (${MAX_STORED_BUILDINGS.toLocaleString('en')}); add --no-store to only build tiles`,
    );
    return 2;
  }
  const options: SyntheticCityOptions = {
    buildings: args.buildings,
    seed: args.seed,
    networks: args.networks,
    now: io.now(),
    ...(args.cityId ? { cityId: args.cityId } : {}),
  };
  const t0 = io.now();
  if (args.store) {
    const bundle = syntheticCityBundle(options);
    io.log(
      `generated ${bundle.city.id}: ${bundle.buildings.length.toLocaleString('en')} buildings, ${bundle.nodes.length.toLocaleString('en')} nodes, ` +
        `${bundle.links.length.toLocaleString('en')} links in ${((io.now() - t0) / 1000).toFixed(1)} s; saving`,
    );
    await io.store.saveCity(bundle, 'replace');
  }
  if (!args.tiles) return 0;
  const city = syntheticCity(options);
  const out = args.out ?? tilesDir(io.dataDir, city.city.id);
  io.log(`tiling ${city.city.id} (${args.buildings.toLocaleString('en')} buildings, streamed) -> ${out}`);
  const t1 = io.now();
  const staged = stagedDirectorySink(out);
  const progress = createProgressPrinter(io.log, io.now);
  try {
    const { layout } = city;
    const summaries = buildStreamedTilesets(
      {
        city: city.city,
        grid: { minE: layout.minE, minN: layout.minN, size: layout.size, level: layout.level },
        chunks: city.chunks(),
        totalBuildings: args.buildings,
      },
      staged.sink,
      { networks: args.networks, onProgress: progress },
    );
    progress.done();
    staged.commit();
    printSummary(summaries, (io.now() - t1) / 1000, io.log);
    return 0;
  } catch (err) {
    staged.abort();
    throw err;
  }
}
