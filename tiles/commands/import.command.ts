import fs from 'node:fs';
import path from 'node:path';
import type { CityStore, SaveMode } from '../../store/index.js';
import { UtilitySchema, type Utility } from '../../core/model/index.js';
import { parseAnchor, type PlacementRequest } from '../import/coordinate-placement.js';
import type { SourcePlacement } from '../import/source-placement.js';
import { isLengthUnit, LENGTH_UNITS, type LengthUnit } from '../../core/geo/index.js';
import { kindOfFeatures, type SourceKind } from '../import/detect-kind.js';
import type { ParsedFeatures } from '../import/geojson-source.js';
import { FeatureReadError } from '../import/sources/feature-types.js';
import { sniffFormat } from '../import/sources/sniff-format.js';
import {
  compileValvePattern,
  DEFAULT_ISOLATION_VALVES,
  VALVE_TYPES,
  type IsolationValves,
} from '../../core/simulation/isolation-valves.js';
import type { PipeGisOptions } from '../import/pipe-gis.js';
import { parseFieldMap, type FieldMap } from '../import/pipe-gis-attributes.js';
import type { PipeGisQa } from '../../core/contracts/pipe-gis-qa.js';
import { cityAround, partsBbox, unionBbox, type BundleParts } from '../import/city-extent.js';
import { DEFAULT_SERVICE_TOLERANCE_M } from '../import/service-connections.js';
import { connectServices } from './service-connect.js';
import type { ImportResult } from '../report/import-report.js';
import { formatReport } from '../report/print-report.js';
import { parseCommandOptions, type OptionSpecs } from './command-options.js';
import { REGISTRY_KINDS, type RegistryKind } from './registry-kinds.js';

export interface ImportCommandIo {
  store: CityStore;
  log: (line: string) => void;
  now: () => number;
  /** DATA_DIR: where new device credentials are written (default `var`). */
  dataDir?: string;
  /** READINGS_RETENTION_DAYS of the twin: a history import says its readings past it are kept (live ones go). */
  retentionDays?: number;
}

const USAGE =
  'usage: import --city ID [--name NAME] [--mode merge|replace] [--crs EPSG:x | --anchor LON,LAT --scale M] ' +
  '[--utility U] [--snap-tolerance M] [--prefix P] [--network-id ID] [--layer NAME]\n' +
  '       [--length-unit m|mm|ft|us-ft] [--height-unit m|mm|ft|us-ft]\n' +
  '       [--isolation-valves REGEX] [--isolation-valve-types TCV,GPV,...]\n' +
  '       [--service-tolerance M | --service-connections FILE.csv] FILE...\n' +
  '       import --city ID --as pipes [--utility U] [--map diameter=ATTR[:in|mm|cm|m|ft],material=ATTR,year=ATTR,\n' +
  '         upstreamInvert=ATTR[:ft],downstreamInvert=ATTR,ground=ATTR,invert=ATTR,kind=ATTR,id=ATTR]\n' +
  '         [--sources ID,...|FILE] [--valves FILE] [--snap-m M] [--snap-tolerance M] [--merge-m M]\n' +
  '         [--assume-slope M/M] [--qa-out FILE.json] LINES [POINTS]\n' +
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
  /** A registry kind (the file is a city's own grids, sensors...), or `pipes`: line and point files are pipe GIS. */
  as?: RegistryKind | 'pipes';
  /** Pipe GIS: `--map diameter=DIAM:in,...` parsed. */
  pipeMap?: FieldMap;
  /** Pipe GIS: supply point ids (`--sources R1,R2`) or a point layer of them (`--sources FILE`). */
  sourceIds?: string[];
  sourcesFile?: string;
  /** Pipe GIS: a point layer of valves to place on the pipes. */
  valvesFile?: string;
  /** Pipe GIS: how far a valve may lie from its pipe, m. */
  valveSnapM?: number;
  /** Pipe GIS: points of one kind closer than this are duplicates, m. */
  mergeM?: number;
  /** Pipe GIS: fall to invent for pipes without inverts, m/m. */
  assumeSlope?: number;
  /** Pipe GIS: where the QA report (JSON) goes. */
  qaOut?: string;
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
  /** Buildings connect to the nearest water main within this distance, m. */
  serviceToleranceM: number;
  /** A `building,node` CSV of service connections (instead of the nearest main). */
  serviceConnections?: string;
  files: string[];
}

/** The options of `import` (every kind of source). */
const IMPORT_OPTIONS = {
  city: { type: 'string' },
  name: { type: 'string' },
  mode: { type: 'string' },
  crs: { type: 'string' },
  anchor: { type: 'string' },
  scale: { type: 'string' },
  utility: { type: 'string' },
  'snap-tolerance': { type: 'string' },
  prefix: { type: 'string' },
  'network-id': { type: 'string' },
  as: { type: 'string' },
  sources: { type: 'string' },
  valves: { type: 'string' },
  'qa-out': { type: 'string' },
  'snap-m': { type: 'string' },
  'merge-m': { type: 'string' },
  'assume-slope': { type: 'string' },
  map: { type: 'string' },
  layer: { type: 'string' },
  'credentials-out': { type: 'string' },
  decimal: { type: 'string' },
  'time-format': { type: 'string' },
  tz: { type: 'string' },
  'no-rules': { type: 'boolean' },
  'passwords-out': { type: 'string' },
  delimiter: { type: 'string' },
  'service-tolerance': { type: 'string' },
  'service-connections': { type: 'string' },
  'length-unit': { type: 'string' },
  'height-unit': { type: 'string' },
  'isolation-valves': { type: 'string' },
  'isolation-valve-types': { type: 'string' },
} as const satisfies OptionSpecs;

/** Parses the arguments, or returns an error message. */
export function parseImportArgs(argv: string[]): ImportArgs | string {
  const parsed = parseCommandOptions(argv, IMPORT_OPTIONS, { positionals: true });
  if (typeof parsed === 'string') return parsed;
  const v = parsed.values;
  const args: Partial<ImportArgs> & { files: string[] } = {
    files: parsed.positionals,
    mode: 'merge',
    serviceToleranceM: DEFAULT_SERVICE_TOLERANCE_M,
  };
  if (v.city !== undefined) args.city = v.city;
  if (v.name !== undefined) args.name = v.name;
  if (v.mode !== undefined) {
    if (v.mode !== 'merge' && v.mode !== 'replace') return `--mode must be merge or replace, got "${v.mode}"`;
    args.mode = v.mode;
  }
  if (v.crs !== undefined) args.crs = v.crs;
  if (v.anchor !== undefined) args.anchor = v.anchor;
  if (v.scale !== undefined) args.scale = Number(v.scale);
  if (v.utility !== undefined) {
    const u = UtilitySchema.safeParse(v.utility);
    if (!u.success) return `--utility must be one of ${UtilitySchema.options.join(', ')}`;
    args.utility = u.data;
  }
  if (v['snap-tolerance'] !== undefined) args.snapToleranceM = Number(v['snap-tolerance']);
  if (v.prefix !== undefined) args.prefix = v.prefix;
  if (v['network-id'] !== undefined) args.networkId = v['network-id'];
  if (v.as !== undefined) {
    const kind = v.as;
    if (kind !== 'pipes' && !(REGISTRY_KINDS as readonly string[]).includes(kind))
      return `--as must be one of pipes, ${REGISTRY_KINDS.join(', ')}, got "${kind}"`;
    args.as = kind as RegistryKind | 'pipes';
  }
  if (v.sources !== undefined) {
    const src = v.sources;
    if (src === '') return '--sources needs point ids (R1,T2) or a point file';
    if (fs.existsSync(src)) args.sourcesFile = src;
    else if (/[\\/]|\.(geojson|json|shp|zip|gpkg)$/i.test(src)) return `--sources: no such file: ${src}`;
    else
      args.sourceIds = src
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
  }
  if (v.valves !== undefined) args.valvesFile = v.valves;
  if (v['qa-out'] !== undefined) {
    if (v['qa-out'] === '') return '--qa-out needs a file name';
    args.qaOut = v['qa-out'];
  }
  for (const option of ['snap-m', 'merge-m', 'assume-slope'] as const) {
    const raw = v[option];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (raw === '' || !(n >= 0) || (option === 'assume-slope' && !(n > 0 && n < 1)))
      return option === 'assume-slope'
        ? `--assume-slope needs a fall in m/m between 0 and 1 (e.g. 0.005), got "${raw}"`
        : `--${option} needs a distance in metres, got "${raw}"`;
    if (option === 'snap-m') args.valveSnapM = n;
    else if (option === 'merge-m') args.mergeM = n;
    else args.assumeSlope = n;
  }
  if (v.map !== undefined) args.map = v.map;
  if (v.layer !== undefined) args.layer = v.layer;
  if (v['credentials-out'] !== undefined) args.credentialsOut = v['credentials-out'];
  if (v.decimal !== undefined) {
    if (v.decimal !== '.' && v.decimal !== ',') return `--decimal must be "." or ",", got "${v.decimal}"`;
    args.decimal = v.decimal;
  }
  if (v['time-format'] !== undefined) args.timeFormat = v['time-format'];
  if (v.tz !== undefined) args.tz = v.tz;
  if (v['no-rules']) args.rules = false;
  if (v['passwords-out'] !== undefined) args.passwordsOut = v['passwords-out'];
  if (v.delimiter !== undefined) args.delimiter = v.delimiter.replace('\\t', '\t');
  if (v['service-tolerance'] !== undefined) {
    const raw = v['service-tolerance'];
    const n = Number(raw);
    if (raw === '' || !(n >= 0)) return `--service-tolerance needs a distance in metres, got "${raw}"`;
    args.serviceToleranceM = n;
  }
  if (v['service-connections'] !== undefined) {
    if (v['service-connections'] === '') return '--service-connections needs a CSV file (building,node)';
    args.serviceConnections = v['service-connections'];
  }
  for (const option of ['length-unit', 'height-unit'] as const) {
    const unit = v[option];
    if (unit === undefined) continue;
    if (!isLengthUnit(unit)) return `--${option} must be one of ${Object.keys(LENGTH_UNITS).join(', ')}, got "${unit}"`;
    if (option === 'length-unit') args.lengthUnit = unit;
    else args.heightUnit = unit;
  }
  if (v['isolation-valves'] !== undefined) {
    const pattern = v['isolation-valves'];
    try {
      compileValvePattern(pattern);
    } catch (e) {
      return `--isolation-valves: ${(e as Error).message}`;
    }
    args.isolationValves = { ...DEFAULT_ISOLATION_VALVES, pattern };
  }
  if (v['isolation-valve-types'] !== undefined) {
    const types = v['isolation-valve-types']
      .split(',')
      .map((t) => t.trim().toUpperCase())
      .filter((t) => t !== '');
    const bad = types.filter((t) => !(VALVE_TYPES as readonly string[]).includes(t));
    if (bad.length > 0) return `--isolation-valve-types: ${bad.join(', ')} not among ${VALVE_TYPES.join(', ')}`;
    args.isolationValves = {
      ...(args.isolationValves ?? DEFAULT_ISOLATION_VALVES),
      types: types as IsolationValves['types'],
    };
  }
  if (!args.city || !/^[a-z0-9][a-z0-9-]*$/.test(args.city))
    return '--city needs an id of lower-case letters, digits and dashes';
  if (args.files.length === 0) return 'no file to import';
  if (args.scale !== undefined && !(args.scale > 0)) return '--scale must be a positive number of metres per unit';
  if (args.anchor !== undefined && !(args.scale! > 0) && !args.lengthUnit)
    return '--anchor needs --scale <metres per drawing unit> (a positive number) or --length-unit';
  if (args.anchor !== undefined && args.crs !== undefined) return '--anchor and --crs exclude each other';
  if (args.snapToleranceM !== undefined && !(args.snapToleranceM >= 0))
    return '--snap-tolerance must be a number of metres';
  if (args.map !== undefined && (args.as === undefined || args.as === 'pipes')) {
    const map = parseFieldMap(args.map);
    if (typeof map === 'string') return map;
    args.pipeMap = map;
  }
  const pipeOnly = [
    args.sourceIds || args.sourcesFile ? '--sources' : '',
    args.valvesFile !== undefined ? '--valves' : '',
    args.qaOut !== undefined ? '--qa-out' : '',
    args.assumeSlope !== undefined ? '--assume-slope' : '',
  ].filter((o) => o !== '');
  if (pipeOnly.length > 0 && args.as !== undefined && args.as !== 'pipes')
    return `${pipeOnly.join(', ')}: for pipe GIS (--as pipes), not --as ${args.as}`;
  for (const f of [args.valvesFile, args.sourcesFile, args.serviceConnections])
    if (f !== undefined && !fs.existsSync(f)) return `no such file: ${f}`;
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
  /** A pipe GIS point layer given by option (`--sources FILE`, `--valves FILE`) rather than as a file. */
  role?: 'sources' | 'valves';
  warnings: string[];
}

async function readSource(file: string, layer: string | undefined): Promise<SourceFile> {
  const name = path.basename(file);
  const bytes = new Uint8Array(fs.readFileSync(file));
  const sniffed = sniffFormat(bytes, name);
  if (sniffed === 'epanet-inp' || (/\.inp$/i.test(name) && sniffed === 'unknown')) {
    return { file, name, kind: 'epanet-inp', bytes: bytes.length, text: new TextDecoder().decode(bytes), warnings: [] };
  }
  // The feature readers (Shapefile, GeoPackage, CityJSON) load only for a file that needs them: not for an .inp.
  const { readFeaturesFromFile } = await import('../import/sources/read-features.js');
  const src = await readFeaturesFromFile(file, layer !== undefined ? { layer } : {});
  let features = src.features;
  if (src.format === 'cityjson') {
    features = (await import('../import/sources/cityjson-footprints.js')).cityJsonFootprints(features);
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
type Importer = (
  t: SourceFile,
  all: SourceFile[],
  args: ImportArgs,
  io: Omit<ImportCommandIo, 'store'>,
) => Promise<ImportResult<BundleParts>>;

/**
 * The importer of each kind of source: add a kind here to import a new kind of data. Each loads its own code when
 * it runs, so an import of one kind loads no other importer.
 */
const IMPORTERS: Partial<Record<SourceKind, Importer>> = {
  'epanet-inp': async (t, _all, args, io) => {
    // EPANET files carry their own units (its flow units set them); coordinates follow the CRS or the anchor.
    if (args.lengthUnit && args.crs)
      return failed(t.name, 'epanet-inp', '--length-unit with --crs: EPANET coordinates are in the CRS unit');
    if (args.heightUnit)
      io.log(`  note: --height-unit does not apply to ${t.name}: EPANET units follow its flow units`);
    const { importEpanetInp } = await import('../import/epanet-inp.js');
    return importEpanetInp(t.text!, {
      source: t.name,
      placement: placementOf(args),
      prefix: args.prefix,
      networkId: args.networkId,
      ...(args.isolationValves ? { isolationValves: args.isolationValves } : {}),
    });
  },
  'pipe-lines': async (t, all, args, io) => {
    const points = all.filter((s) => s.kind === 'pipe-points' && s.role === undefined);
    const p = points[0];
    if (points.length > 1)
      io.log(`  warning: ${points.length} point files given; only ${p!.name} is used with ${t.name}`);
    const layer = (role: SourceFile['role']) => {
      const s = all.find((x) => x.role === role);
      return s?.features ? { features: s.features, name: s.name } : undefined;
    };
    const sourcesLayer = layer('sources'),
      valves = layer('valves');
    const options: PipeGisOptions = {
      source: t.name,
      ...(p ? { pointsSource: p.name } : {}),
      ...(args.crs ? { crs: args.crs } : {}),
      ...(args.utility ? { utility: args.utility } : {}),
      ...(args.snapToleranceM !== undefined ? { snapToleranceM: args.snapToleranceM } : {}),
      ...(args.mergeM !== undefined ? { duplicateToleranceM: args.mergeM } : {}),
      ...(args.networkId ? { networkIdPrefix: args.networkId } : {}),
      ...(args.pipeMap ? { fieldMap: args.pipeMap } : {}),
      ...(args.heightUnit ? { heightUnit: args.heightUnit } : {}),
      ...(args.assumeSlope !== undefined ? { assumedSlope: args.assumeSlope } : {}),
      ...(args.sourceIds || sourcesLayer
        ? {
            sources: {
              ...(args.sourceIds ? { ids: args.sourceIds } : {}),
              ...(sourcesLayer ? { layer: sourcesLayer } : {}),
            },
          }
        : {}),
      ...(valves ? { valves } : {}),
      ...(args.valveSnapM !== undefined ? { valveSnapM: args.valveSnapM } : {}),
      placement: featurePlacementOf(args),
    };
    const { importPipeGis } = await import('../import/pipe-gis.js');
    const result = importPipeGis(t.features!, p?.features, options);
    for (const line of qaSummary(result.qa)) io.log(line);
    if (args.qaOut) {
      const lineFiles = all.filter((s) => s.kind === 'pipe-lines');
      const out =
        lineFiles.length > 1 ? args.qaOut.replace(/(\.json)?$/i, `-${lineFiles.indexOf(t) + 1}$1`) : args.qaOut;
      fs.writeFileSync(out, `${JSON.stringify(result.qa, null, 2)}\n`);
      io.log(`  QA report written to ${out}`);
    }
    return result;
  },
  'geojson-buildings': async (t, _all, args) =>
    (await import('../import/geojson-buildings.js')).importGeojsonBuildings(t.features!, {
      source: t.name,
      crs: args.crs,
      placement: featurePlacementOf(args),
      ...(args.heightUnit ? { heightUnit: args.heightUnit } : {}),
    }),
};

/** The QA report in a few lines for the terminal (the JSON with examples goes to --qa-out). */
function qaSummary(qa: PipeGisQa): string[] {
  const d = qa.merged;
  const out = [
    `  QA: read ${qa.read.lines} lines, ${qa.read.points} points${qa.read.valvePoints ? `, ${qa.read.valvePoints} valve points` : ''}; ` +
      `merged ${d.exactDuplicatePoints.count} exact and ${d.nearDuplicatePoints.count} near duplicate points; ` +
      `${qa.network.links} links, ${qa.network.nodes} nodes in ${qa.network.pieces} piece(s), ${qa.network.sources.length} source(s)`,
    `  QA: ${qa.network.orphanFacilities.count} point(s) joined to no line; ${qa.snapped.endsUnsnapped.count} line end(s) meeting nothing; ` +
      `${qa.dropped.loops.count} line(s) dropped (both ends on one node); ${qa.assumed.diameters.count} diameter(s) assumed; ` +
      `${qa.assumed.invertsMissing.count} pipe(s) without inverts${qa.assumed.invertsAssumed ? `, ${qa.assumed.invertsAssumed} invert(s) invented` : ''}`,
  ];
  if (qa.valvesSource || qa.valves.snapped > 0)
    out.push(
      `  QA: ${qa.valves.snapped} valve(s) placed on pipes (${qa.valves.pipeSplits} split(s)), ${qa.valves.notSnapped.count} not placed`,
    );
  for (const m of qa.mapping)
    out.push(
      `  map: ${m.field} <- ${m.attribute}${m.unit ? ` (${m.unit})` : ''}${m.detected ? ' (found by name)' : ''}: ${m.found} value(s)${m.invalid ? `, ${m.invalid} unreadable` : ''}`,
    );
  return out;
}

function failed(source: string, kind: string, message: string): ImportResult<BundleParts> {
  return { parts: null, report: { source, kind, counts: {}, assumptions: [], warnings: [], errors: [{ message }] } };
}

/** Runs the importers over the files; null parts when any failed. */
async function importFiles(
  args: ImportArgs,
  io: Omit<ImportCommandIo, 'store'>,
): Promise<{ results: ImportResult<BundleParts>[]; ms: number[] }> {
  const results: ImportResult<BundleParts>[] = [];
  const ms: number[] = [];
  const sources: SourceFile[] = [];
  const roles: [string, SourceFile['role']][] = [
    ...args.files.map((f): [string, SourceFile['role']] => [f, undefined]),
    ...(args.sourcesFile ? [[args.sourcesFile, 'sources'] as [string, SourceFile['role']]] : []),
    ...(args.valvesFile ? [[args.valvesFile, 'valves'] as [string, SourceFile['role']]] : []),
  ];
  for (const [file, role] of roles) {
    try {
      const src = await readSource(file, role ? undefined : args.layer);
      if (role) {
        src.role = role;
        if (src.kind !== 'pipe-points') {
          const message = `--${role} ${src.name}: expected a layer of points, found ${src.kind === 'pipe-lines' ? 'lines' : 'no points'}`;
          io.log(`  error: ${message}`);
          results.push(failed(src.name, 'pipe-points', message));
          ms.push(0);
          continue;
        }
      } else if (args.as === 'pipes' && src.kind !== 'pipe-lines' && src.kind !== 'pipe-points') {
        const message = `--as pipes: ${src.name} holds ${src.kind === 'epanet-inp' ? 'an EPANET model' : 'polygons'}, not pipe lines or points`;
        io.log(`  error: ${message}`);
        results.push(failed(src.name, src.kind, message));
        ms.push(0);
        continue;
      }
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
    if (t.kind === 'pipe-points' || t.role) continue;
    io.log(`- ${t.name}: ${t.kind}${t.format ? ` from ${t.format}` : ''} (${(t.bytes / 1024).toFixed(0)} KB)`);
    const t0 = io.now();
    const importer = IMPORTERS[t.kind];
    if (!importer) {
      io.log(`  error: ${t.name}: not a file GridTwin imports (.inp, or features with polygons or lines)`);
      results.push(failed(t.name, 'unknown', 'unknown file kind'));
    } else {
      results.push(await importer(t, sources, args, io));
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

/**
 * Refuses a merge that would overwrite nodes or links of another network (same ids): suggests --prefix. Asks the
 * store about these ids only, so the check costs the same whatever else the city holds.
 */
async function collisions(store: CityStore, cityId: string, parts: BundleParts): Promise<string[]> {
  const clash: string[] = [];
  for (const [table, records] of [
    ['nodes', parts.nodes ?? []],
    ['links', parts.links ?? []],
  ] as const) {
    if (records.length === 0) continue;
    const owner = await store.networksOfIds(
      cityId,
      table,
      records.map((r) => r.id),
    );
    for (const r of records) {
      const o = owner.get(r.id);
      if (o && o !== r.networkId) clash.push(`${table === 'nodes' ? 'node' : 'link'} ${r.id} (in ${o})`);
    }
  }
  return clash;
}

/** What `import` does before it needs the store: an exit code already, a registry import, or the files imported. */
export type PreparedImport =
  | { done: number }
  | { registry: ImportArgs }
  | { args: ImportArgs; parts: Required<BundleParts>; box: NonNullable<ReturnType<typeof partsBbox>> };

/**
 * `npm run tiles -- import --city ID [...] FILE...`: imports every file, prints each report (counts, assumptions,
 * warnings and errors with their line or feature), and saves all of it in one transaction only if no file had an
 * error. Exit code 0 on success, 1 on import errors, 2 on bad arguments.
 */
export async function runImportCommand(argv: string[], io: ImportCommandIo): Promise<number> {
  return finishImport(await prepareImport(argv, io), io);
}

/**
 * The first half of `import`, which needs no store: arguments checked, files read, imported and reported. The CLI
 * runs it while the store opens (the embedded database compiles off the main thread meanwhile).
 */
export async function prepareImport(argv: string[], io: Omit<ImportCommandIo, 'store'>): Promise<PreparedImport> {
  const args = parseImportArgs(argv);
  if (typeof args === 'string') {
    io.log(`error: ${args}`);
    io.log(USAGE);
    return { done: 2 };
  }
  const missing = args.files.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    io.log(`error: no such file: ${missing.join(', ')}`);
    return { done: 2 };
  }
  if (args.as !== undefined && args.as !== 'pipes') return { registry: args };

  let imported: Awaited<ReturnType<typeof importFiles>>;
  try {
    imported = await importFiles(args, io);
  } catch (e) {
    io.log(`error: ${(e as Error).message}`);
    return { done: 2 };
  }
  imported.results.forEach((r, i) => {
    for (const line of formatReport(r.report)) io.log(line);
    if (imported.ms[i] !== undefined) io.log(`  imported in ${imported.ms[i]!.toFixed(0)} ms`);
  });
  if (imported.results.some((r) => !r.parts)) {
    io.log('nothing saved: fix the errors above');
    return { done: 1 };
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
    return { done: 1 };
  }
  return { args, parts, box };
}

/** The second half of `import`: checks against the store and saves (or runs a registry import). */
export async function finishImport(prepared: PreparedImport, io: ImportCommandIo): Promise<number> {
  if ('done' in prepared) return prepared.done;
  if ('registry' in prepared) {
    const args = prepared.registry;
    const { runCrewImport, runGridImport, runReadingsImport, runSensorImport, runUserImport } =
      await import('./registry-import.js');
    if (args.as === 'grids') return runGridImport(args, io);
    if (args.as === 'sensors') return runSensorImport(args, io);
    if (args.as === 'crews') return runCrewImport(args, io);
    if (args.as === 'users') return runUserImport(args, io);
    return runReadingsImport(args, io);
  }
  const { args, parts, box } = prepared;
  const current = await io.store.getCity(args.city);
  // A new city holds no ids to clash with: the imported ids need not travel to the database and back.
  const clash = args.mode === 'merge' && current ? await collisions(io.store, args.city, parts) : [];
  if (clash.length > 0) {
    io.log(
      `error: ${clash.length} id(s) already belong to another network of ${args.city}, e.g. ${clash.slice(0, 3).join(', ')}: import with --prefix <text>`,
    );
    return 1;
  }
  const services = await connectServices(io.store, args.city, args.mode, parts, {
    toleranceM: args.serviceToleranceM,
    ...(args.serviceConnections ? { mappingFile: args.serviceConnections } : {}),
  });
  for (const line of services.lines) io.log(line);
  if (services.errors.length > 0) {
    for (const e of services.errors.slice(0, 20)) io.log(`  error: ${e}`);
    io.log('nothing saved: fix the errors above');
    return 1;
  }
  const city = current
    ? { ...current, bbox: unionBbox(current.bbox, box), ...(args.name ? { name: args.name } : {}) }
    : cityAround(args.city, args.name ?? args.city, box, io.now());
  const t0 = io.now();
  try {
    // The networks go in as their files imported them (service connections change buildings only): until something
    // edits them, an export writes each file as it came instead of proving row by row that nothing changed.
    await io.store.saveCity({ city, ...parts }, args.mode, { asImported: parts.networks.map((n) => n.id) });
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
