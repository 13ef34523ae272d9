import { buildStreamedTilesets } from '../3dtiles/stream-city-tilesets.js';
import { syntheticCity, syntheticCityBundle, type SyntheticCityOptions } from '../generate/synthetic-city.js';
import { createProgressPrinter } from '../report/progress.js';
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

function parseArgs(argv: string[]): GenerateArgs | string {
  const args: GenerateArgs = { buildings: 0, seed: 1, store: true, tiles: true, networks: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = argv[i + 1];
    if (a === '--buildings' || a === '--seed') {
      const n = Number(String(value).replace(/[_,]/g, ''));
      if (!Number.isInteger(n) || (a === '--buildings' && n < 1))
        return `${a} needs ${a === '--seed' ? 'an integer' : 'a positive integer'}, got "${value ?? ''}"`;
      if (a === '--buildings') args.buildings = n;
      else args.seed = n;
      i++;
    } else if (a === '--city' && value) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(value))
        return `--city must be lower-case letters, digits and dashes, got "${value}"`;
      args.cityId = value;
      i++;
    } else if (a === '--out' && value) {
      args.out = value;
      i++;
    } else if (a === '--no-store') args.store = false;
    else if (a === '--no-tiles') args.tiles = false;
    else if (a === '--no-networks') args.networks = false;
    else return `unknown or incomplete option "${a ?? ''}"`;
  }
  if (args.buildings < 1) return '--buildings is required';
  return args;
}

/**
 * `npm run tiles -- generate --buildings N [--city ID] [--seed S]`: a synthetic city of any size (street grid,
 * blocks, buildings, seven networks), saved to the store (up to 200,000 buildings) and tiled straight from the
 * generator, block by block, so a million buildings tile in bounded memory.
 */
export async function runGenerateCommand(argv: string[], io: TilesCommandIo): Promise<number> {
  const args = parseArgs(argv);
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
