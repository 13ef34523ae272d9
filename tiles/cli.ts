import { loadConfig } from '../core/config/config.js';
import { openStore, type CityStore } from '../store/index.js';
import { runDemoCommand } from './commands/demo.command.js';
import { runImportCommand } from './commands/import.command.js';
import { runExportCommand } from './commands/export.command.js';
import { runBuildCommand } from './commands/build.command.js';
import { runGenerateCommand } from './commands/generate.command.js';
import { runGridsCommand } from './commands/grids.command.js';
import { runAuditCommand } from './commands/audit.command.js';
import { runBasemapCommand } from './commands/basemap.command.js';

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
      --anchor LON,LAT --scale M  place a schematic network (metres per drawing unit)
      --utility UTILITY           utility of a pipe GIS import (water, sewer, storm, gas, power, telecom, heat)
      --snap-tolerance M          pipe GIS: snap line ends to facilities within M metres (default 2)
      --as grids                  the file is the city's management grids (GeoJSON polygons: code, name, level,
                                  parent, worker, phone, crews); prints a QA report, re-assigns every feature
      --as sensors                the file is sensors (CSV id,kind,unit,lon,lat[,name,node|link,lolo,lo,hi,hihi,
                                  deadband,reportingIntervalS], JSON or GeoJSON); units converted to the kind's;
                                  new devices' credentials written once to --credentials-out FILE
                                  (default DATA_DIR/credentials/)
      --map field=SOURCE,...      read registry fields from other property names (e.g. code=GRID_ID,worker=FZR)
      --layer NAME                GeoPackage table or zipped Shapefile layer (default: the first)
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

environment: DATA_DIR (default var), DATABASE_URL (PostgreSQL instead of the embedded PGlite), DEMO_SEED`;

async function withStore(fn: (store: CityStore) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const log = (line: string) => console.log(line);
  const now = () => Date.now();
  switch (command) {
    case 'demo':
      return withStore((store) =>
        runDemoCommand(rest, loadConfig().DEMO_SEED, { store, log, now, dataDir: loadConfig().dataDir }),
      );
    case 'import':
      return withStore((store) => runImportCommand(rest, { store, log, now, dataDir: loadConfig().dataDir }));
    case 'export':
      return withStore((store) => runExportCommand(rest, { store, log, now }));
    case 'basemap':
      return withStore((store) => runBasemapCommand(rest, { store, log, dataDir: loadConfig().dataDir }));
    case 'build':
      return withStore((store) => runBuildCommand(rest, { store, log, now, dataDir: loadConfig().dataDir }));
    case 'grids':
      return withStore((store) => runGridsCommand(rest, { store, log, now }));
    case 'generate':
      return withStore((store) => runGenerateCommand(rest, { store, log, now, dataDir: loadConfig().dataDir }));
    case 'audit':
      return withStore((store) => runAuditCommand(rest, { store, log }));
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
