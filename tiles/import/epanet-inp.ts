import { localDistanceM } from '../../core/geo/index.js';
import type { LonLat, Network, NetworkLink, NetworkNode, NodeHydraulics } from '../../core/model/index.js';
import {
  createPlacer,
  isValidLonLat,
  type Placement,
  type PlacementRequest,
  type Placer,
} from './coordinate-placement.js';
import { splitInp } from './inp-sections.js';
import { readInpElements, type InpElements, type InpLink, type InpNode } from './epanet-inp-read.js';
import { optionValue, readInpMetadata, type EpanetMetadata } from './epanet-inp-metadata.js';
import { unitFactors, type UnitFactors } from './epanet-units.js';
import {
  DEFAULT_ISOLATION_VALVES,
  isolationValveLinkTest,
  type IsolationValves,
} from '../../core/simulation/isolation-valves.js';
import {
  addCount,
  createReport,
  fail,
  finish,
  warn,
  type ImportReport,
  type ImportResult,
} from '../report/import-report.js';

/** Options of the EPANET importer. */
export interface EpanetImportOptions {
  /** File name for the report and provenance. @default 'network.inp' */
  source?: string;
  /** Id of the created network. @default `water-<file name>` */
  networkId?: string;
  networkName?: string;
  /** Prefixed to every EPANET id to make model ids (the EPANET id stays in `provenance.sourceId`). @default '' */
  prefix?: string;
  /** Where the coordinates are: a CRS, or an anchor and scale for schematic drawings. Required. */
  placement?: PlacementRequest | Placement;
  /** Keep the file's text on the network, so an export changes only what the twin changed. @default true */
  keepSourceText?: boolean;
  /** Depth of cover over junction pipes, m: ground = EPANET elevation + this. @default 1.0 */
  coverDepthM?: number;
  /** Which valve links crews close to isolate a burst (kept on the network). @default TCV and GPV */
  isolationValves?: IsolationValves;
}

/** The parts of a city bundle an EPANET import produces. */
export interface WaterNetworkParts {
  networks: Network[];
  nodes: NetworkNode[];
  links: NetworkLink[];
}

const HEADLOSS = new Set(['H-W', 'D-W', 'C-M']);
const DEFAULT_PUMP_DIAMETER_MM = 300;

/** `Net1.inp` -> `net1`: a string usable in ids. */
export function slug(text: string): string {
  return (
    text
      .replace(/\.[^.]*$/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'network'
  );
}

/**
 * Imports an EPANET .inp file into a water network of the model (SI: m, mm, L/s). EPANET's node elevation is taken
 * as the pipe invert and the ground is `coverDepthM` above it (an assumption the report states). Any error (unknown
 * section, missing node, bad number, bad CRS, a truncated file) returns no parts.
 * @example importEpanetInp(text, { source: 'Modena.inp', placement: { kind: 'crs', crs: 'EPSG:3003' } })
 */
export function importEpanetInp(text: string, options: EpanetImportOptions = {}): ImportResult<WaterNetworkParts> {
  const source = options.source ?? 'network.inp';
  const report = createReport(source, 'epanet-inp');
  const empty: WaterNetworkParts = { networks: [], nodes: [], links: [] };
  const split = splitInp(text);
  for (const p of split.problems) fail(report, p.message, { line: p.line });
  if (split.nulBytesRemoved > 0) warn(report, `${split.nulBytesRemoved} NUL bytes removed (padding after the text)`);
  if (!split.sawEnd) fail(report, 'the file ends without [END]: it looks truncated');
  if (!split.sections.has('JUNCTIONS') && !split.sections.has('RESERVOIRS') && !split.sections.has('TANKS')) {
    fail(report, 'no [JUNCTIONS], [RESERVOIRS] or [TANKS] section: not an EPANET input file');
  }
  const elements = readInpElements(split, report);
  const meta = readInpMetadata(split, report);
  const optionLines = meta.sections.OPTIONS ?? [];
  const flowUnits = (optionValue(optionLines, 'Units') ?? 'GPM').toUpperCase();
  const units = unitFactors(flowUnits);
  if (!units)
    fail(report, `flow units "${flowUnits}" are not EPANET units`, {
      section: 'OPTIONS',
      line: split.sections.get('OPTIONS')?.line,
    });
  const headloss = (optionValue(optionLines, 'Headloss') ?? 'H-W').toUpperCase();
  if (!HEADLOSS.has(headloss))
    fail(report, `headloss formula "${headloss}" is not H-W, D-W or C-M`, { section: 'OPTIONS' });
  const placer = makePlacer(elements, options.placement, report);
  if (report.errors.length > 0 || !units || !placer) return finish(report, empty);

  const coverDepthM = options.coverDepthM ?? 1.0;
  const prefix = options.prefix ?? '';
  const networkId = options.networkId ?? `water-${slug(source)}`;
  const emitterExponent = Number(optionValue(optionLines, 'Emitter Exponent') ?? 0.5);
  const positions = placeNodes(elements, placer, report);
  if (!positions) return finish(report, empty);

  const nodes: NetworkNode[] = [];
  const extraDemands: EpanetMetadata['extraDemands'] = {};
  for (const n of elements.nodes.values()) {
    nodes.push(
      toModelNode(n, positions.get(n.id)!, { networkId, prefix, source, units, coverDepthM, emitterExponent }),
    );
    if (n.demands.length > 1) {
      extraDemands[n.id] = n.demands
        .slice(1)
        .map((d) => ({ demandLps: d.demand * units.flow, ...optional(d.pattern, d.category) }));
    }
    addCount(report, `${n.kind}s`);
  }
  const nodeById = new Map(nodes.map((n) => [n.provenance.sourceId!, n]));
  const links: NetworkLink[] = [];
  for (const l of elements.links.values()) {
    links.push(toModelLink(l, nodeById, elements, { networkId, prefix, source, units, headloss, placer }));
    addCount(report, `${l.kind}s`);
  }
  const isolationValves = options.isolationValves ?? DEFAULT_ISOLATION_VALVES;
  const network: Network = {
    id: networkId,
    utility: 'water',
    name: options.networkName ?? meta.title[0]?.trim() ?? source,
    provenance: { source, synthetic: false },
    metadata: {
      isolationValves,
      epanet: {
        format: 'epanet-inp',
        flowUnits: units.flowUnits,
        headloss,
        ...meta,
        extraDemands,
        placement: placer.placement,
        assumedCoverM: coverDepthM,
        ...(options.keepSourceText === false ? {} : { sourceText: text.split(String.fromCharCode(0)).join('') }),
      } satisfies EpanetMetadata,
    },
  };
  reportIsolationValves(links, isolationValves, report);
  report.counts.patterns = meta.patterns.length;
  report.counts.curves = meta.curves.length;
  report.assumptions.push(
    `EPANET elevation taken as the pipe invert; ground = elevation + ${coverDepthM} m of cover at junctions (tanks and reservoirs sit at their elevation/head)`,
  );
  if (units.us)
    report.assumptions.push(
      `US units (${units.flowUnits}) converted to SI: ft -> m, in -> mm, ${units.flowUnits} -> L/s, psi -> m of head`,
    );
  const pumps = links.filter((l) => l.kind === 'pump').length;
  if (pumps > 0)
    report.assumptions.push(
      `${pumps} pump link(s) have no diameter in EPANET: given the largest adjacent pipe's (or ${DEFAULT_PUMP_DIAMETER_MM} mm)`,
    );
  return finish(report, { networks: [network], nodes, links });
}

/** Counts the valve links that crews can close and says what a burst will find when there are none. */
function reportIsolationValves(links: NetworkLink[], config: IsolationValves, report: ImportReport): void {
  const isIsolation = isolationValveLinkTest(config);
  const valves = links.filter((l) => l.kind === 'valve');
  const isolation = valves.filter(isIsolation);
  const rule = `${config.types.join(', ') || 'no type'}${config.pattern ? ` or matching /${config.pattern}/i` : ''}`;
  if (valves.length > 0) {
    report.counts['isolation valves'] = isolation.length;
    report.assumptions.push(
      `${isolation.length} of ${valves.length} valve link(s) taken as isolation valves crews can close (${rule}); the others regulate and are not closed for a burst`,
    );
  }
  if (isolation.length === 0)
    warn(
      report,
      `no valve of this model is an isolation valve (${rule}): a burst cannot be isolated by closing valves; name them with --isolation-valves REGEX (ids or tags) or --isolation-valve-types`,
    );
}

function optional(pattern?: string, category?: string): { pattern?: string; category?: string } {
  const o: { pattern?: string; category?: string } = {};
  if (pattern) o.pattern = pattern;
  if (category) o.category = category;
  return o;
}

/** Builds the placer from the request and the file's extent, or reports why it cannot. */
function makePlacer(
  elements: InpElements,
  request: PlacementRequest | Placement | undefined,
  report: ImportReport,
): Placer | null {
  const xs: number[] = [],
    ys: number[] = [];
  for (const n of elements.nodes.values())
    if (n.x !== undefined && n.y !== undefined) {
      xs.push(n.x);
      ys.push(n.y);
    }
  if (xs.length === 0) {
    if (elements.nodes.size > 0)
      fail(report, 'the file has no [COORDINATES]: its nodes cannot be placed on the map', { section: 'COORDINATES' });
    return null;
  }
  if (!request) {
    fail(
      report,
      'the coordinates have no CRS: give --crs EPSG:<code> (projected data) or --anchor lon,lat --scale <metres per unit> (schematic data)',
    );
    return null;
  }
  try {
    return createPlacer(request, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
  } catch (e) {
    fail(report, (e as Error).message);
    return null;
  }
}

/** WGS84 positions of all nodes; nodes without coordinates go to the mean of placed neighbours (warned). */
function placeNodes(elements: InpElements, placer: Placer, report: ImportReport): Map<string, LonLat> | null {
  const positions = new Map<string, LonLat>();
  for (const n of elements.nodes.values()) {
    if (n.x === undefined || n.y === undefined) continue;
    const p = placer.toLonLat(n.x, n.y);
    if (!isValidLonLat(p)) {
      fail(report, `coordinates (${n.x}, ${n.y}) of node "${n.id}" give no valid WGS84 position: wrong CRS?`, {
        section: 'COORDINATES',
        featureId: n.id,
      });
      return null;
    }
    positions.set(n.id, p);
  }
  const missing = [...elements.nodes.values()].filter((n) => !positions.has(n.id)).map((n) => n.id);
  if (missing.length === 0) return positions;
  const neighbours = new Map<string, string[]>();
  for (const l of elements.links.values()) {
    neighbours.set(l.from, [...(neighbours.get(l.from) ?? []), l.to]);
    neighbours.set(l.to, [...(neighbours.get(l.to) ?? []), l.from]);
  }
  let pending = missing;
  for (let pass = 0; pass < 50 && pending.length > 0; pass++) {
    pending = pending.filter((id) => {
      const placed = (neighbours.get(id) ?? []).map((o) => positions.get(o)).filter((p): p is LonLat => !!p);
      if (placed.length === 0) return true;
      positions.set(id, [
        placed.reduce((s, p) => s + p[0], 0) / placed.length,
        placed.reduce((s, p) => s + p[1], 0) / placed.length,
      ]);
      return false;
    });
  }
  warn(
    report,
    `${missing.length} node(s) without coordinates placed between their neighbours: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`,
    { section: 'COORDINATES' },
    missing.length,
  );
  if (pending.length > 0) {
    fail(
      report,
      `${pending.length} node(s) have no coordinates and no placed neighbour: ${pending.slice(0, 10).join(', ')}`,
      { section: 'COORDINATES' },
    );
    return null;
  }
  return positions;
}

interface NodeContext {
  networkId: string;
  prefix: string;
  source: string;
  units: UnitFactors;
  coverDepthM: number;
  emitterExponent: number;
}

function toModelNode(n: InpNode, position: LonLat, c: NodeContext): NetworkNode {
  const u = c.units;
  const elevationM = n.elevation * u.length;
  const hydraulics: NodeHydraulics = {};
  let groundM = elevationM;
  if (n.kind === 'junction') {
    groundM = elevationM + c.coverDepthM;
    // EPANET: a junction listed in [DEMANDS] takes its first entry there as its primary demand.
    const primary = n.demands[0] ?? { demand: n.demand ?? 0, pattern: n.pattern };
    hydraulics.demandLps = primary.demand * u.flow;
    if (primary.pattern) hydraulics.demandPattern = primary.pattern;
  } else if (n.kind === 'reservoir') {
    hydraulics.headM = elevationM;
    if (n.pattern) hydraulics.headPattern = n.pattern;
  } else if (n.tank) {
    const t = n.tank;
    hydraulics.tank = {
      initLevelM: t.init * u.length,
      minLevelM: t.min * u.length,
      maxLevelM: t.max * u.length,
      diameterM: t.diameter * u.length,
      minVolumeM3: t.minVolume * u.volume,
      ...(t.volumeCurve ? { volumeCurve: t.volumeCurve } : {}),
    };
  }
  if (n.emitter !== undefined) hydraulics.emitterCoeff = (n.emitter * u.flow) / Math.pow(u.pressure, c.emitterExponent);
  const attributes: NetworkNode['attributes'] = {};
  if (n.tag) attributes.tag = n.tag;
  if (n.tank?.overflow) attributes.overflow = n.tank.overflow;
  return {
    id: `${c.prefix}${n.id}`,
    networkId: c.networkId,
    utility: 'water',
    kind: n.kind,
    position,
    groundM,
    invertM: elevationM,
    gridId: null,
    hydraulics,
    provenance: { source: c.source, sourceId: n.id, synthetic: false },
    attributes,
  };
}

interface LinkContext {
  networkId: string;
  prefix: string;
  source: string;
  units: UnitFactors;
  headloss: string;
  placer: Placer;
}

function toModelLink(
  l: InpLink,
  nodeById: Map<string, NetworkNode>,
  elements: InpElements,
  c: LinkContext,
): NetworkLink {
  const u = c.units;
  const from = nodeById.get(l.from)!,
    to = nodeById.get(l.to)!;
  const path: LonLat[] = [from.position, ...l.vertices.map(([x, y]) => c.placer.toLonLat(x, y)), to.position];
  const attributes: NetworkLink['attributes'] = {};
  if (l.tag) attributes.tag = l.tag;
  if (l.extra) attributes.epanetExtra = l.extra;
  let diameterMm = (l.diameter ?? 0) * u.diameter;
  if (l.kind === 'pump') {
    diameterMm = adjacentPipeDiameter(l, elements) * u.diameter || DEFAULT_PUMP_DIAMETER_MM;
    attributes.diameterAssumed = true;
  }
  let lengthM = l.length !== undefined ? l.length * u.length : 0;
  if (l.kind !== 'pipe')
    for (let i = 1; i < path.length; i++)
      lengthM += localDistanceM(path[i - 1]![0], path[i - 1]![1], path[i]![0], path[i]![1]);
  const hydraulics: NonNullable<NetworkLink['hydraulics']> = {};
  if (l.roughness !== undefined)
    hydraulics.roughness = c.headloss === 'D-W' ? l.roughness * u.darcyRoughness : l.roughness;
  if (l.minorLoss !== undefined) hydraulics.minorLoss = l.minorLoss;
  if (l.status) hydraulics.status = l.status;
  if (l.pumpParameters) hydraulics.pumpParameters = l.pumpParameters;
  if (l.kind === 'pump' && l.setting !== undefined) hydraulics.setting = Number(l.setting);
  if (l.kind === 'valve') {
    hydraulics.valveType = l.valveType as NonNullable<NetworkLink['hydraulics']>['valveType'];
    if (l.valveType === 'GPV') attributes.headlossCurve = l.setting ?? null;
    else hydraulics.setting = valveSettingToSi(l.valveType!, Number(l.setting), u);
  }
  return {
    id: `${c.prefix}${l.id}`,
    networkId: c.networkId,
    utility: 'water',
    kind: l.kind,
    fromNodeId: from.id,
    toNodeId: to.id,
    path,
    lengthM,
    diameterMm,
    fromInvertM: from.invertM,
    toInvertM: to.invertM,
    gridId: null,
    hydraulics,
    provenance: { source: c.source, sourceId: l.id, synthetic: false },
    attributes,
  };
}

/** A valve setting in SI: pressure valves in m of head, flow control in L/s, the rest unitless. */
export function valveSettingToSi(type: string, setting: number, u: UnitFactors): number {
  if (type === 'PRV' || type === 'PSV' || type === 'PBV') return setting * u.pressure;
  if (type === 'FCV') return setting * u.flow;
  return setting;
}

function adjacentPipeDiameter(link: InpLink, elements: InpElements): number {
  let best = 0;
  for (const other of elements.links.values()) {
    if (other.kind !== 'pipe') continue;
    if (other.from === link.from || other.to === link.from || other.from === link.to || other.to === link.to)
      best = Math.max(best, other.diameter ?? 0);
  }
  return best;
}
