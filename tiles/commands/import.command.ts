import fs from 'node:fs';
import path from 'node:path';
import type { CityStore, SaveMode } from '../../store/index.js';
import { UtilitySchema, type CityBundle, type Utility } from '../../core/model/index.js';
import { parseAnchor, type PlacementRequest } from '../import/coordinate-placement.js';
import type { SourcePlacement } from '../import/source-placement.js';
import { isLengthUnit, LENGTH_UNITS, type LengthUnit } from '../../core/geo/index.js';
import { kindOfFeatures, type SourceKind } from '../import/detect-kind.js';
import type { ParsedFeatures } from '../import/geojson-source.js';
import { cityJsonFootprints } from '../import/sources/cityjson-footprints.js';
import { FeatureReadError, readFeaturesFromFile, sniffFormat } from '../import/sources/read-features.js';
import { importEpanetInp } from '../import/epanet-inp.js';
import {
  compileValvePattern,
  DEFAULT_ISOLATION_VALVES,
  VALVE_TYPES,
  type IsolationValves,
} from '../../core/simulation/isolation-valves.js';
import { importGeojsonBuildings } from '../import/geojson-buildings.js';
import { importPipeGis } from '../import/pipe-gis.js';
import { cityAround, partsBbox, unionBbox, type BundleParts } from '../import/city-extent.js';
import type { ImportResult } from '../report/import-report.js';
import { formatReport } from '../report/print-report.js';
import {
  REGISTRY_KINDS,
  runCrewImport,
  runGridImport,
  runSensorImport,
  runUserImport,
  runReadingsImport,
  type RegistryKind,
} from './registry-import.js';

export interface ImportCommandIo {
  store: CityStore;
  log: (line: string) => void;
  now: () => number;
  /** DATA_DIR: where new device credentials are written (default `var`). */
  dataDir?: string;
  /** READINGS_RETENTION_DAYS of the twin: a history import warns when the next start would delete what it stored. */
  retentionDays?: number;
}

const USAGE =
  'usage: import --city ID [--name NAME] [--mode merge|replace] [--crs EPSG:x | --anchor LON,LAT --scale M] ' +
  '[--utility U] [--snap-tolerance M] [--prefix P] [--network-id ID] [--layer NAME]\n' +
  '       [--length-unit m|mm|ft|us-ft] [--height-unit m|mm|ft|us-ft]\n' +
  '       [--isolation-valves REGEX] [--isolation-valve-types TCV,GPV,...] FILE...\n' +
  '       import --city ID --as grids [--crs EPSG:x] [--map field=SOURCE,...] FILE\n' +
  '       import --city ID --as sensors [--map field=SOURCE,...] [--delimiter C] [--credentials-out FILE] FILE...\n' +
  '       import --city ID --as crews [--map field=SOURCE,...] [--delimiter C] FILE...\n' +
  '       import --city ID --as users [--map field=SOURCE,...] [--delimiter C] [--passwords-out FILE] FILE...\n' +
  '       import --city ID --as readings [--map SENSOR=COLUMN,...] [--delimiter C] [--decimal ,] ' +
  '[--time-format "DD.MM.YYYY HH:mm"] [--tz ZONE] [--no-rules] FILE...';

interface ImportArgs {
  city: string;
  name?: string;
  mode: SaveMode;
  crs?: string;
  anchor?: string;
  scale?: number;
  utility?: Utility;
  snapToleranceM?: number;
  prefix?: string;
  networkId?: string;
  /** A registry kind: the file is a city's own grids (crews, sensors... later) rather than city features. */
  as?: RegistryKind;
  /** `--map code=GRID_ID,worker=FZR`: registry fields read from other column names. */
  map?: string;
  /** GeoPackage table or zipped Shapefile layer to read. */
  layer?: string;
  /** `--credentials-out FILE`: where new device credentials go (once). */
  credentialsOut?: string;
  /** `--decimal ,`: readings written with decimal commas. */
  decimal?: '.' | ',';
  /** `--time-format`: local time tokens (YYYY MM DD HH mm ss). */
  timeFormat?: string;
  /** `--tz ZONE`: IANA zone of local times (default the city's). */
  tz?: string;
  /** `--no-rules`: store readings without evaluating the sensors' rules. */
  rules?: boolean;
  /** `--passwords-out FILE`: where generated account passwords go (once). */
  passwordsOut?: string;
  /** `--delimiter C` of a CSV registry file (default: guessed from the header). */
  delimiter?: string;
  /** EPANET valve links crews close: types (default TCV, GPV) and an id/tag pattern. */
  isolationValves?: IsolationValves;
  /** Unit of the source coordinates (anchor drawings; or a projected file whose unit is not its CRS's). */
  lengthUnit?: LengthUnit;
  /** Unit of unitless heights (building height, min_height, CityJSON z). */
  heightUnit?: LengthUnit;
  files: string[];
}

/** Parses the arguments, or returns an error message. */
export function parseImportArgs(argv: string[]): ImportArgs | string {
  const args: Partial<ImportArgs> & { files: string[] } = { files: [], mode: 'merge' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => argv[++i] ?? '';
    switch (a) {
      case '--city':
        args.city = value();
        break;
      case '--name':
        args.name = value();
        break;
      case '--mode': {
        const m = value();
        if (m !== 'merge' && m !== 'replace') return `--mode must be merge or replace, got "${m}"`;
        args.mode = m;
        break;
      }
      case '--crs':
        args.crs = value();
        break;
      case '--anchor':
        args.anchor = value();
        break;
      case '--scale':
        args.scale = Number(value());
        break;
      case '--utility': {
        const u = UtilitySchema.safeParse(value());
        if (!u.success) return `--utility must be one of ${UtilitySchema.options.join(', ')}`;
        args.utility = u.data;
        break;
      }
      case '--snap-tolerance':
        args.snapToleranceM = Number(value());
        break;
      case '--prefix':
        args.prefix = value();
        break;
      case '--network-id':
        args.networkId = value();
        break;
      case '--as': {
        const kind = value();
        if (!(REGISTRY_KINDS as readonly string[]).includes(kind))
          return `--as must be one of ${REGISTRY_KINDS.join(', ')}, got "${kind}"`;
        args.as = kind as RegistryKind;
        break;
      }
      case '--map':
        args.map = value();
        break;
      case '--layer':
        args.layer = value();
        break;
      case '--credentials-out':
        args.credentialsOut = value();
        break;
      case '--decimal': {
        const dm = value();
        if (dm !== '.' && dm !== ',') return `--decimal must be "." or ",", got "${dm}"`;
        args.decimal = dm;
        break;
      }
      case '--time-format':
        args.timeFormat = value();
        break;
      case '--tz':
        args.tz = value();
        break;
      case '--no-rules':
        args.rules = false;
        break;
      case '--passwords-out':
        args.passwordsOut = value();
        break;
      case '--delimiter':
        args.delimiter = value().replace('\\t', '\t');
        break;
      case '--length-unit':
      case '--height-unit': {
        const unit = value();
        if (!isLengthUnit(unit)) return `${a} must be one of ${Object.keys(LENGTH_UNITS).join(', ')}, got "${unit}"`;
        if (a === '--length-unit') args.lengthUnit = unit;
        else args.heightUnit = unit;
        break;
      }
      case '--isolation-valves': {
        const pattern = value();
        try {
          compileValvePattern(pattern);
        } catch (e) {
          return `--isolation-valves: ${(e as Error).message}`;
        }
        args.isolationValves = { ...(args.isolationValves ?? DEFAULT_ISOLATION_VALVES), pattern };
        break;
      }
      case '--isolation-valve-types': {
        const types = value()
          .split(',')
          .map((t) => t.trim().toUpperCase())
          .filter((t) => t !== '');
        const bad = types.filter((t) => !(VALVE_TYPES as readonly string[]).includes(t));
        if (bad.length > 0) return `--isolation-valve-types: ${bad.join(', ')} not among ${VALVE_TYPES.join(', ')}`;
        args.isolationValves = {
          ...(args.isolationValves ?? DEFAULT_ISOLATION_VALVES),
          types: types as IsolationValves['types'],
        };
        break;
      }
      default:
        if (a.startsWith('--')) return `unknown option "${a}"`;
        args.files.push(a);
    }
  }
  if (!args.city || !/^[a-z0-9][a-z0-9-]*$/.test(args.city))
    return '--city needs an id of lower-case letters, digits and dashes';
  if (args.files.length === 0) return 'no file to import';
  if (args.anchor !== undefined && !(args.scale! > 0) && !args.lengthUnit)
    return '--anchor needs --scale <metres per drawing unit> (a positive number) or --length-unit';
  if (args.scale !== undefined && !(args.scale > 0)) return '--scale must be a positive number of metres per unit';
  if (args.anchor !== undefined && args.crs !== undefined) return '--anchor and --crs exclude each other';
  if (args.snapToleranceM !== undefined && !(args.snapToleranceM >= 0))
    return '--snap-tolerance must be a number of metres';
  return args as ImportArgs;
}

function placementOf(args: ImportArgs): PlacementRequest | undefined {
  if (args.anchor !== undefined)
    return {
      kind: 'anchor',
      anchorLonLat: parseAnchor(args.anchor),
      metresPerUnit: args.scale ?? LENGTH_UNITS[args.lengthUnit ?? 'm'],
    };
  return args.crs ? { kind: 'crs', crs: args.crs } : undefined;
}

/** Anchor, scale and coordinate unit for the feature importers (buildings, pipe GIS). */
function featurePlacementOf(args: ImportArgs): Omit<SourcePlacement, 'crs'> {
  return {
    ...(args.anchor !== undefined ? { anchor: parseAnchor(args.anchor) } : {}),
    ...(args.scale !== undefined ? { metresPerUnit: args.scale } : {}),
    ...(args.lengthUnit ? { lengthUnit: args.lengthUnit } : {}),
  };
}

/** A file read once: .inp text, or features from any vector format (GeoJSON, CityJSON, Shapefile, GeoPackage). */
interface SourceFile {
  file: string;
  name: string;
  kind: SourceKind;
  bytes: number;
  text?: string;
  features?: ParsedFeatures;
  /** The reader's format and warnings, for the log. */
  format?: string;
  warnings: string[];
}

async function readSource(file: string, layer: string | undefined): Promise<SourceFile> {
  const name = path.basename(file);
  const bytes = new Uint8Array(fs.readFileSync(file));
  const sniffed = sniffFormat(bytes, name);
  if (sniffed === 'epanet-inp' || (/\.inp$/i.test(name) && sniffed === 'unknown')) {
    return { file, name, kind: 'epanet-inp', bytes: bytes.length, text: new TextDecoder().decode(bytes), warnings: [] };
  }
  const src = await readFeaturesFromFile(file, layer !== undefined ? { layer } : {});
  let features = src.features;
  if (src.format === 'cityjson') {
    features = cityJsonFootprints(features);
    src.warnings.push('CityJSON buildings placed as footprint + height (exact for LoD1; LoD2 roofs flattened)');
  }
  const crsName = src.crs.crs;
  return {
    file,
    name,
    kind: kindOfFeatures(features),
    bytes: bytes.length,
    features: crsName ? { features, crsName } : { features },
    format: src.format,
    warnings: src.warnings,
  };
}

/** What an importer gets: the file, the other files given with it, the arguments. */
type Importer = (t: SourceFile, all: SourceFile[], args: ImportArgs, io: ImportCommandIo) => ImportResult<BundleParts>;

/** The importer of each kind of source: add a kind here to import a new kind of data. */
const IMPORTERS: Partial<Record<SourceKind, Importer>> = {
  'epanet-inp': (t, _all, args, io) => {
    // EPANET files carry their own units (its flow units set them); coordinates follow the CRS or the anchor.
    if (args.lengthUnit && args.crs)
      return failed(t.name, 'epanet-inp', '--length-unit with --crs: EPANET coordinates are in the CRS unit');
    if (args.heightUnit)
      io.log(`  note: --height-unit does not apply to ${t.name}: EPANET units follow its flow units`);
    return importEpanetInp(t.text!, {
      source: t.name,
      placement: placementOf(args),
      prefix: args.prefix,
      networkId: args.networkId,
      ...(args.isolationValves ? { isolationValves: args.isolationValves } : {}),
    });
  },
  'pipe-lines': (t, all, args, io) => {
    const points = all.filter((s) => s.kind === 'pipe-points');
    const p = points[0];
    if (points.length > 1)
      io.log(`  warning: ${points.length} point files given; only ${p!.name} is used with ${t.name}`);
    return importPipeGis(t.features!, p?.features, {
      source: t.name,
      pointsSource: p?.name,
      crs: args.crs,
      utility: args.utility,
      snapToleranceM: args.snapToleranceM,
      networkIdPrefix: args.networkId,
      placement: featurePlacementOf(args),
    });
  },
  'geojson-buildings': (t, _all, args) =>
    importGeojsonBuildings(t.features!, {
      source: t.name,
      crs: args.crs,
      placement: featurePlacementOf(args),
      ...(args.heightUnit ? { heightUnit: args.heightUnit } : {}),
    }),
};

function failed(source: string, kind: string, message: string): ImportResult<BundleParts> {
  return { parts: null, report: { source, kind, counts: {}, assumptions: [], warnings: [], errors: [{ message }] } };
}

/** Runs the importers over the files; null parts when any failed. */
async function importFiles(
  args: ImportArgs,
  io: ImportCommandIo,
): Promise<{ results: ImportResult<BundleParts>[]; ms: number[] }> {
  const results: ImportResult<BundleParts>[] = [];
  const ms: number[] = [];
  const sources: SourceFile[] = [];
  for (const file of args.files) {
    try {
      const src = await readSource(file, args.layer);
      sources.push(src);
      for (const w of src.warnings) io.log(`  warning: ${w}`);
    } catch (e) {
      if (!(e instanceof FeatureReadError)) throw e;
      io.log(`  error: ${e.message}`);
      results.push(failed(path.basename(file), 'unknown', e.message));
      ms.push(0);
    }
  }
  for (const t of sources) {
    if (t.kind === 'pipe-points') continue;
    io.log(`- ${t.name}: ${t.kind}${t.format ? ` from ${t.format}` : ''} (${(t.bytes / 1024).toFixed(0)} KB)`);
    const t0 = io.now();
    const importer = IMPORTERS[t.kind];
    if (!importer) {
      io.log(`  error: ${t.name}: not a file GridTwin imports (.inp, or features with polygons or lines)`);
      results.push(failed(t.name, 'unknown', 'unknown file kind'));
    } else {
      results.push(importer(t, sources, args, io));
    }
    ms.push(io.now() - t0);
  }
  const points = sources.filter((s) => s.kind === 'pipe-points');
  if (points.length > 0 && !sources.some((s) => s.kind === 'pipe-lines')) {
    io.log(`  error: ${points.map((p) => p.name).join(', ')} hold only points: give the pipe (line) file with them`);
    results.push(failed(points[0]!.name, 'pipe-points', 'points without lines'));
  }
  return { results, ms };
}

/** Refuses a merge that would overwrite nodes or links of another network (same ids): suggests --prefix. */
function collisions(existing: CityBundle | null, parts: BundleParts): string[] {
  if (!existing) return [];
  const owner = new Map<string, string>();
  for (const n of existing.nodes) owner.set(`node ${n.id}`, n.networkId);
  for (const l of existing.links) owner.set(`link ${l.id}`, l.networkId);
  const clash: string[] = [];
  for (const n of parts.nodes ?? []) {
    const o = owner.get(`node ${n.id}`);
    if (o && o !== n.networkId) clash.push(`node ${n.id} (in ${o})`);
  }
  for (const l of parts.links ?? []) {
    const o = owner.get(`link ${l.id}`);
    if (o && o !== l.networkId) clash.push(`link ${l.id} (in ${o})`);
  }
  return clash;
}

/**
 * `npm run tiles -- import --city ID [...] FILE...`: imports every file, prints each report (counts, assumptions,
 * warnings and errors with their line or feature), and saves all of it in one transaction only if no file had an
 * error. Exit code 0 on success, 1 on import errors, 2 on bad arguments.
 */
export async function runImportCommand(argv: string[], io: ImportCommandIo): Promise<number> {
  const args = parseImportArgs(argv);
  if (typeof args === 'string') {
    io.log(`error: ${args}`);
    io.log(USAGE);
    return 2;
  }
  const missing = args.files.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    io.log(`error: no such file: ${missing.join(', ')}`);
    return 2;
  }
  if (args.as === 'grids') return runGridImport(args, io);
  if (args.as === 'sensors') return runSensorImport(args, io);
  if (args.as === 'crews') return runCrewImport(args, io);
  if (args.as === 'users') return runUserImport(args, io);
  if (args.as === 'readings') return runReadingsImport(args, io);
  if (args.map !== undefined) {
    io.log('error: --map is for registry files (--as grids)');
    return 2;
  }
  let imported: Awaited<ReturnType<typeof importFiles>>;
  try {
    imported = await importFiles(args, io);
  } catch (e) {
    io.log(`error: ${(e as Error).message}`);
    return 2;
  }
  imported.results.forEach((r, i) => {
    for (const line of formatReport(r.report)) io.log(line);
    if (imported.ms[i] !== undefined) io.log(`  imported in ${imported.ms[i]!.toFixed(0)} ms`);
  });
  if (imported.results.some((r) => !r.parts)) {
    io.log('nothing saved: fix the errors above');
    return 1;
  }
  const parts: Required<BundleParts> = {
    buildings: [],
    networks: [],
    nodes: [],
    links: [],
    sensors: [],
    grids: [],
    crews: [],
  };
  for (const r of imported.results)
    for (const key of Object.keys(parts) as (keyof BundleParts)[])
      (parts[key] as unknown[]).push(...(r.parts![key] ?? []));
  const box = partsBbox(parts);
  if (!box) {
    io.log('nothing to save: the files hold no features');
    return 1;
  }
  const existing = args.mode === 'merge' ? await io.store.loadCity(args.city) : null;
  const clash = collisions(existing, parts);
  if (clash.length > 0) {
    io.log(
      `error: ${clash.length} id(s) already belong to another network of ${args.city}, e.g. ${clash.slice(0, 3).join(', ')}: import with --prefix <text>`,
    );
    return 1;
  }
  const current = existing?.city ?? (await io.store.getCity(args.city));
  const city = current
    ? { ...current, bbox: unionBbox(current.bbox, box), ...(args.name ? { name: args.name } : {}) }
    : cityAround(args.city, args.name ?? args.city, box, io.now());
  const t0 = io.now();
  try {
    await io.store.saveCity({ city, ...parts }, args.mode);
  } catch (e) {
    io.log(`error: saving failed, nothing saved: ${(e as Error).message}`);
    return 1;
  }
  io.log(
    `saved into city ${args.city} (${args.mode}) in ${(io.now() - t0).toFixed(0)} ms: ` +
      `${parts.buildings.length} buildings, ${parts.networks.length} networks, ${parts.nodes.length} nodes, ${parts.links.length} links`,
  );
  // Name the networks: `export --network ID` and the API's networkId filter need their ids.
  for (const n of parts.networks) io.log(`  network ${n.id} (${n.utility}): ${n.name}`);
  return 0;
}
