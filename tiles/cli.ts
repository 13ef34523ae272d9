import type { CityStore } from '../store/index.js';
import type * as ImportCommand from './commands/import.command.js';

type ImportModule = typeof ImportCommand;
type PreparedImport = ImportCommand.PreparedImport;

// Each command, the store and their libraries (PGlite, proj4, epanet-js...) load only when used: `help` starts at once.

const USAGE = `GridTwin data pipeline

usage: npm run tiles -- <command> [options]

commands:
  demo [--seed N]                 build the demo city (Shanghai Lujiazui / the Bund) into the store
  import --city ID [options] FILE...
                                  import buildings, EPANET .inp, or pipes/manholes into a city from
                                  GeoJSON, CityJSON, Shapefile (.shp or .zip) or GeoPackage (by content)
      --name NAME                 city name when the city is new
      --mode merge|replace        merge into the city (default) or replace it
      --crs EPSG:xxxx|gcj02|WKT   CRS of the source coordinates (default: the file's own, else EPSG:4326)
      --anchor LON,LAT --scale M  place a local drawing (network, buildings, pipes; metres per drawing unit)
      --length-unit m|mm|ft|us-ft unit of the coordinates (with --anchor: the scale; with a projected CRS:
                                  when the file's unit is not the CRS's)
      --height-unit m|mm|ft|us-ft unit of heights without one (building height, min_height, CityJSON z)
      --utility UTILITY           utility of a pipe GIS import (water, sewer, storm, gas, power, telecom, heat)
      --snap-tolerance M          pipe GIS: snap line ends to facilities within M metres (default 2)
      --as pipes                  the files are pipe GIS: lines (pipes) and points (manholes, hydrants, tanks...)
      --map field=ATTR[:unit],... pipe GIS: diameter, material, year, upstreamInvert, downstreamInvert, ground,
                                  invert, kind, id from these attributes (units in, mm, cm, m, ft, us-ft); fields
                                  not given are found by usual names (DIAMETER, DN, MATERIAL, INSTALLYR, ELEV...)
      --sources ID,...|FILE       pipe GIS: points (id or #index) or a point layer that are reservoirs/tanks
      --valves FILE               pipe GIS: valve points; each within --snap-m M (default 1) of a pipe splits it
      --merge-m M                 pipe GIS: points of one kind closer than M are duplicates (default the snap tolerance)
      --assume-slope M/M          pipe GIS: invent missing inverts with this fall (otherwise left missing, in the QA)
      --qa-out FILE.json          pipe GIS: write the QA report (read, merged, assumed, dropped, with examples)
      --as grids                  the file is the city's management grids (GeoJSON polygons: code, name, level,
                                  parent, worker, phone, crews); prints a QA report, re-assigns every feature
      --as sensors                the file is sensors (CSV id,kind,unit,lon,lat[,name,node|link,lolo,lo,hi,hihi,
                                  deadband,reportingIntervalS], JSON or GeoJSON); units converted to the kind's;
                                  new devices' credentials written once to --credentials-out FILE
                                  (default DATA_DIR/credentials/)
      --as crews                  the file is utility crews (CSV id,name,utility,phone[,nameEn,lon,lat,cells], JSON or
                                  GeoJSON with a service-area polygon); cells are grid codes ("MO-11;MO-12")
      --as users                  the file is accounts (CSV username,role[,name,crew,cells,password] or JSON); crew and
                                  cells checked against the city; generated passwords written once to
                                  --passwords-out FILE (default DATA_DIR/credentials/)
      --as readings               the file is SCADA history (CSV, wide: a time column and one column per sensor, headed
                                  by its id or mapped with --map SENSOR_ID=HEADER; or long: sensor,time,value);
                                  rules run over it in event time (--no-rules to skip)
      --decimal ,                 readings with decimal commas
      --time-format FMT           local times such as "DD.MM.YYYY HH:mm" (YYYY MM DD HH mm ss; default ISO-8601)
      --tz ZONE                   IANA zone of local times (default the city's, else UTC)
      --map field=SOURCE,...      read registry fields from other property names (e.g. code=GRID_ID,worker=FZR)
      --layer NAME                GeoPackage table or zipped Shapefile layer (default: the first)
      --isolation-valves REGEX    EPANET: valve links whose id or tag matches also count as isolation valves
      --isolation-valve-types T,..  EPANET valve types crews close for a burst (default TCV,GPV; add PRV,FCV...)
      --service-tolerance M       buildings connect to the junction of their nearest water main within M metres
                                  (default 50), whichever of buildings and network comes first; a QA line counts them
      --service-connections FILE  CSV building,node: these service connections instead of the nearest main
  readings delete --city ID [--sensor ID] [--from TIME] [--to TIME] [--source imported|live|all] [--tz ZONE] [--yes]
                                  delete history on purpose (imported history too, which retention keeps); TIME is
                                  ISO-8601 (a date, a local time in the city's zone, or with Z/offset) or epoch ms;
                                  without --yes a dry run that counts what would go (imported and live)
  grids generate --city ID [--roads FILE] [--cell-area M2] [--force]
                                  grids cut along the city's roads (or its pipes) for a city that has none
  export --city ID --network ID [-o FILE]
                                  write a water network as EPANET .inp
  basemap --city ID [--layer road|water|green|landuse] [--crs C] FILE...
                                  register the city's own basemap layers (GeoJSON roads, water, green,
                                  landuse; lines are roads, areas sorted by their tags) drawn under the city
      --online URL|off            an online imagery source under them (XYZ template, or WMTS with
                                  --wmts-layer L --wmts-matrix-set M); off by default
  build [--city ID] [--out DIR]   write the city's 3D Tiles 1.1 (buildings and one tileset per utility)
                                  into DATA_DIR/tiles/<city>/
  generate --buildings N [--city ID] [--seed S] [--no-store] [--no-tiles] [--no-networks] [--out DIR]
                                  a synthetic city of any size (streets, blocks, buildings, networks)
                                  for benchmarks; saved to the store (up to 200,000 buildings) and tiled
  audit clearances --city ID [--limit N]
                                  QA: pairs of networks closer than their minimum clearance (GB 50289)
  help                            this text

environment: DATA_DIR (default var), DATABASE_URL (PostgreSQL instead of the embedded PGlite), DEMO_SEED,
  PGLITE_IN_WORKER (1: the embedded PGlite on a worker thread; default 0 for these commands)`;

async function loadConfig() {
  return (await import('../core/config/config.js')).loadConfig();
}

type Config = Awaited<ReturnType<typeof loadConfig>>;

/**
 * The embedded database's cache for one command. PostgreSQL clears all of `shared_buffers` when it starts; at the
 * default 128MB that was 0.5-0.8 s of CPU on every command (profiled), for a cache a command barely fills: 32MB holds
 * a 12,840-junction network's rows and indexes while they are written, and costs about a quarter of that to clear.
 */
const ONE_SHOT_SHARED_BUFFERS = '32MB';

/**
 * Runs a command that needs the store: the command's module loads, and its `prepare` step (work that needs no store,
 * such as reading and importing files) runs, while the store opens (PGlite compiles its WebAssembly off the main
 * thread meanwhile); the store is closed whatever happens.
 */
async function withStore<M, P = undefined>(
  load: Promise<M>,
  fn: (module: M, store: CityStore, config: Config, prepared: P) => Promise<number>,
  prepare?: (module: M, config: Config) => Promise<P>,
): Promise<number> {
  const config = await loadConfig();
  const { openStore } = await import('../store/index.js');
  // A one-shot command has no event loop to keep responsive: PGlite runs on this thread unless PGLITE_IN_WORKER=1.
  const opening = openStore({
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    pgliteInWorker: config.PGLITE_IN_WORKER === '1',
    pgliteSharedBuffers: ONE_SHOT_SHARED_BUFFERS,
  });
  const [ready, store] = await Promise.allSettled([
    load.then(async (module) => ({ module, prepared: (await prepare?.(module, config)) as P })),
    opening,
  ]);
  if (store.status === 'rejected') throw store.reason;
  try {
    if (ready.status === 'rejected') throw ready.reason;
    return await fn(ready.value.module, store.value, config, ready.value.prepared);
  } finally {
    await store.value.close();
  }
}

/** The lines of USAGE about one command (its line and the indented options under it). */
function commandUsage(command: string): string | null {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${command} `) || l === `  ${command}`);
  if (start < 0) return null;
  let end = start + 1;
  while (end < lines.length && /^ {4,}/.test(lines[end]!)) end++;
  return `usage: npm run tiles -- ${lines.slice(start, end).join('\n').trim()}`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const log = (line: string) => console.log(line);
  const now = () => Date.now();
  // `<command> --help` answers at once: nothing but this file is loaded.
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    const usage = commandUsage(command);
    if (usage) {
      console.log(usage);
      return 0;
    }
  }
  switch (command) {
    case 'demo':
      return withStore(import('./commands/demo.command.js'), (m, store, config) =>
        m.runDemoCommand(rest, config.DEMO_SEED, { store, log, now, dataDir: config.dataDir }),
      );
    case 'import': {
      const ioOf = (config: Config) => ({
        log,
        now,
        dataDir: config.dataDir,
        retentionDays: config.READINGS_RETENTION_DAYS,
      });
      return withStore<ImportModule, PreparedImport>(
        import('./commands/import.command.js'),
        (m, store, config, prepared) => m.finishImport(prepared, { ...ioOf(config), store }),
        (m, config) => m.prepareImport(rest, ioOf(config)),
      );
    }
    case 'export':
      return withStore(import('./commands/export.command.js'), (m, store) =>
        m.runExportCommand(rest, { store, log, now }),
      );
    case 'basemap':
      return withStore(import('./commands/basemap.command.js'), (m, store, config) =>
        m.runBasemapCommand(rest, { store, log, dataDir: config.dataDir }),
      );
    case 'build':
      return withStore(import('./commands/build.command.js'), (m, store, config) =>
        m.runBuildCommand(rest, { store, log, now, dataDir: config.dataDir }),
      );
    case 'readings':
      return withStore(import('./commands/readings.command.js'), (m, store) =>
        m.runReadingsCommand(rest, { store, log, now }),
      );
    case 'grids':
      return withStore(import('./commands/grids.command.js'), (m, store) =>
        m.runGridsCommand(rest, { store, log, now }),
      );
    case 'generate':
      return withStore(import('./commands/generate.command.js'), (m, store, config) =>
        m.runGenerateCommand(rest, { store, log, now, dataDir: config.dataDir }),
      );
    case 'audit':
      return withStore(import('./commands/audit.command.js'), (m, store) => m.runAuditCommand(rest, { store, log }));
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
