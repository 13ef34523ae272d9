import type { Network, NetworkLink, NetworkNode } from '../../core/model/index.js';
import { createPlacer, type Placement } from '../import/coordinate-placement.js';
import type { EpanetMetadata } from '../import/epanet-inp-metadata.js';
import { formatNumber as num, unitFactors, type UnitFactors } from '../import/epanet-units.js';
import { importEpanetInp, valveSettingToSi } from '../import/epanet-inp.js';
import { epanetIdsOf } from '../../core/network/epanet-ids.js';
import { joinLines, LINE_END } from './imported-inp.js';

/** Options of the .inp writer. */
export interface WriteInpOptions {
  /** First TITLE line when the network has none from a source file. @default the network's name */
  title?: string;
}

const DEFAULT_ROUGHNESS: Record<string, number> = { 'H-W': 130, 'D-W': 0.1, 'C-M': 0.011 };
const MIN_PIPE_LENGTH_M = 0.01;

/** Reads the EPANET metadata an import left on a network, or undefined for networks made elsewhere (the demo). */
export function epanetMetadataOf(network: Network): EpanetMetadata | undefined {
  const meta = network.metadata.epanet as EpanetMetadata | undefined;
  return meta && meta.format === 'epanet-inp' ? meta : undefined;
}

function row(...cells: (string | number | undefined)[]): string {
  return (
    ' ' +
    cells
      .filter((c) => c !== undefined)
      .map((c) => (typeof c === 'number' ? num(c) : c))
      .join('\t')
  );
}

/**
 * Writes a water network as EPANET .inp text. An imported network is written in its original flow units with
 * its patterns, curves, controls, options and coordinates (in its original CRS), so it solves as the original
 * file did. Other networks get SI defaults (LPS, Hazen-Williams, steady state) and WGS84 degrees as coordinates.
 * Model valve nodes (isolation valves) and other point features become zero-demand junctions.
 * Throws a RangeError when a link names a node that is not given.
 */
export function writeInp(
  network: Network,
  allNodes: readonly NetworkNode[],
  allLinks: readonly NetworkLink[],
  options: WriteInpOptions = {},
): string {
  const nodes = allNodes.filter((n) => n.networkId === network.id);
  const links = allLinks.filter((l) => l.networkId === network.id);
  const meta = epanetMetadataOf(network);
  if (meta?.sourceText !== undefined) {
    const faithful = faithfulInp(network, meta, nodes, links);
    if (faithful !== null) return faithful;
  }
  const rows = elementRows(network, nodes, links);
  const u = unitFactors(meta?.flowUnits ?? 'LPS')!;
  const headloss = meta?.headloss ?? 'H-W';
  const out: string[] = [];
  const section = (name: string, header: string | null, lines: string[]): void => {
    out.push(`[${name}]`);
    if (header) out.push(`;${header}`);
    out.push(...lines, '');
  };
  const element = (name: ElementSection): void =>
    section(
      name,
      ELEMENT_HEADERS[name],
      rows.get(name)!.map((r) => r.row),
    );
  section('TITLE', null, meta?.title.length ? meta.title : [options.title ?? network.name]);
  for (const name of [
    'JUNCTIONS',
    'RESERVOIRS',
    'TANKS',
    'PIPES',
    'PUMPS',
    'VALVES',
    'TAGS',
    'DEMANDS',
    'STATUS',
  ] as const)
    element(name);
  section(
    'PATTERNS',
    'ID\tMultipliers',
    (meta?.patterns ?? []).flatMap((p) => [
      ...(p.comment ? [`;${p.comment}`] : []),
      ...chunk(p.multipliers, 6).map((c) => row(p.id, ...c)),
    ]),
  );
  section(
    'CURVES',
    'ID\tX-Value\tY-Value',
    (meta?.curves ?? []).flatMap((c) => [
      ...(c.comment ? [`;${c.comment}`] : []),
      ...c.points.map(([x, y]) => row(c.id, x, y)),
    ]),
  );
  const raw = meta?.sections ?? {};
  for (const name of ['CONTROLS', 'RULES', 'ENERGY']) section(name, null, raw[name] ?? []);
  element('EMITTERS');
  for (const name of ['QUALITY', 'SOURCES', 'REACTIONS', 'MIXING']) section(name, null, raw[name] ?? []);
  section('TIMES', null, raw.TIMES ?? [' Duration\t0:00', ' Hydraulic Timestep\t1:00']);
  section('REPORT', null, raw.REPORT ?? [' Status\tNo', ' Summary\tNo']);
  const keptOptions = (raw.OPTIONS ?? []).filter((line) => !/^\s*(units|headloss)\b/i.test(line));
  section('OPTIONS', null, [row('Units', u.flowUnits), row('Headloss', headloss), ...keptOptions]);
  element('COORDINATES');
  element('VERTICES');
  for (const name of ['LABELS', 'BACKDROP', 'LEAKAGE']) if (raw[name]) section(name, null, raw[name]);
  out.push('[END]', '');
  return out.join('\n');
}

/** The sections whose rows belong to one node or link each. */
const ELEMENT_SECTIONS = [
  'JUNCTIONS',
  'RESERVOIRS',
  'TANKS',
  'PIPES',
  'PUMPS',
  'VALVES',
  'TAGS',
  'DEMANDS',
  'STATUS',
  'EMITTERS',
  'COORDINATES',
  'VERTICES',
] as const;
type ElementSection = (typeof ELEMENT_SECTIONS)[number];

const ELEMENT_HEADERS: Record<ElementSection, string | null> = {
  JUNCTIONS: 'ID\tElev\tDemand\tPattern',
  RESERVOIRS: 'ID\tHead\tPattern',
  TANKS: 'ID\tElevation\tInitLevel\tMinLevel\tMaxLevel\tDiameter\tMinVol\tVolCurve',
  PIPES: 'ID\tNode1\tNode2\tLength\tDiameter\tRoughness\tMinorLoss\tStatus',
  PUMPS: 'ID\tNode1\tNode2\tParameters',
  VALVES: 'ID\tNode1\tNode2\tDiameter\tType\tSetting\tMinorLoss',
  TAGS: null,
  DEMANDS: 'Junction\tDemand\tPattern\tCategory',
  STATUS: 'ID\tStatus/Setting',
  EMITTERS: 'Junction\tCoefficient',
  COORDINATES: 'Node\tX-Coord\tY-Coord',
  VERTICES: 'Link\tX-Coord\tY-Coord',
};

/** One written row and the element it belongs to (`N:<EPANET id>` or `L:<EPANET id>`). */
interface KeyedRow {
  key: string;
  row: string;
}

/**
 * The rows of every element section, in the model's order, each keyed by its element. Throws a RangeError when a
 * link names a node that is not given.
 */
function elementRows(
  network: Network,
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
): Map<ElementSection, KeyedRow[]> {
  const meta = epanetMetadataOf(network);
  const u = unitFactors(meta?.flowUnits ?? 'LPS')!;
  const headloss = meta?.headloss ?? 'H-W';
  const ids = epanetIdsOf(nodes, links, !!meta);
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  for (const l of links) {
    for (const end of [l.fromNodeId, l.toNodeId])
      if (!nodeById.has(end))
        throw new RangeError(`link ${l.id} refers to node ${end}, which is not among the nodes given`);
  }
  const placement: Placement | undefined = meta?.placement;
  const project = placement
    ? createPlacer(placement).fromLonLat
    : (lon: number, lat: number): [number, number] => [lon, lat];
  const nid = (id: string): string => ids.node.get(id)!;
  const lid = (id: string): string => ids.link.get(id)!;
  const nk = (n: NetworkNode): string => `N:${nid(n.id)}`;
  const lk = (l: NetworkLink): string => `L:${lid(l.id)}`;
  const out = new Map<ElementSection, KeyedRow[]>(ELEMENT_SECTIONS.map((s) => [s, []]));
  const put = (section: ElementSection, key: string, text: string): void => {
    out.get(section)!.push({ key, row: text });
  };
  const junctions = nodes.filter((n) => n.kind !== 'reservoir' && n.kind !== 'tank');
  for (const n of junctions)
    put(
      'JUNCTIONS',
      nk(n),
      row(nid(n.id), n.invertM / u.length, (n.hydraulics?.demandLps ?? 0) / u.flow, n.hydraulics?.demandPattern, ';'),
    );
  for (const n of nodes.filter((x) => x.kind === 'reservoir'))
    put(
      'RESERVOIRS',
      nk(n),
      row(nid(n.id), (n.hydraulics?.headM ?? n.groundM) / u.length, n.hydraulics?.headPattern, ';'),
    );
  for (const n of nodes.filter((x) => x.kind === 'tank')) {
    const t = n.hydraulics?.tank ?? { initLevelM: 2, minLevelM: 0, maxLevelM: 5, diameterM: 10, minVolumeM3: 0 };
    const overflow = typeof n.attributes.overflow === 'string' ? n.attributes.overflow : undefined;
    put(
      'TANKS',
      nk(n),
      row(
        nid(n.id),
        n.invertM / u.length,
        t.initLevelM / u.length,
        t.minLevelM / u.length,
        t.maxLevelM / u.length,
        t.diameterM / u.length,
        t.minVolumeM3 / u.volume,
        t.volumeCurve ?? (overflow ? '*' : undefined),
        overflow,
        ';',
      ),
    );
  }
  for (const l of links.filter((x) => x.kind !== 'pump' && x.kind !== 'valve')) {
    const h = l.hydraulics;
    const roughness = h?.roughness ?? DEFAULT_ROUGHNESS[headloss]!;
    const status = h?.status === 'cv' ? 'CV' : h?.status === 'closed' ? 'Closed' : 'Open';
    put(
      'PIPES',
      lk(l),
      row(
        lid(l.id),
        nid(l.fromNodeId),
        nid(l.toNodeId),
        Math.max(l.lengthM, MIN_PIPE_LENGTH_M) / u.length,
        l.diameterMm / u.diameter,
        headloss === 'D-W' ? roughness / u.darcyRoughness : roughness,
        h?.minorLoss ?? 0,
        status,
        ';',
      ),
    );
  }
  for (const l of links.filter((x) => x.kind === 'pump'))
    put(
      'PUMPS',
      lk(l),
      row(lid(l.id), nid(l.fromNodeId), nid(l.toNodeId), l.hydraulics?.pumpParameters ?? 'POWER 10', ';'),
    );
  for (const l of links.filter((x) => x.kind === 'valve')) {
    const type = l.hydraulics?.valveType ?? 'TCV';
    const setting =
      type === 'GPV'
        ? String(l.attributes.headlossCurve ?? '')
        : num(valveSettingFromSi(type, l.hydraulics?.setting ?? 0, u));
    const extra = typeof l.attributes.epanetExtra === 'string' ? l.attributes.epanetExtra : undefined;
    put(
      'VALVES',
      lk(l),
      row(
        lid(l.id),
        nid(l.fromNodeId),
        nid(l.toNodeId),
        l.diameterMm / u.diameter,
        type,
        setting,
        l.hydraulics?.minorLoss ?? 0,
        extra,
        ';',
      ),
    );
  }
  for (const n of nodes)
    if (typeof n.attributes.tag === 'string') put('TAGS', nk(n), row('NODE', nid(n.id), n.attributes.tag));
  for (const l of links)
    if (typeof l.attributes.tag === 'string') put('TAGS', lk(l), row('LINK', lid(l.id), l.attributes.tag));
  for (const n of junctions) for (const text of demandLines(n, meta, u, nid)) put('DEMANDS', nk(n), text);
  for (const l of links) for (const text of statusLines(l, lid)) put('STATUS', lk(l), text);
  const exponent = emitterExponent(meta?.sections.OPTIONS);
  for (const n of junctions)
    if (n.hydraulics?.emitterCoeff !== undefined)
      put('EMITTERS', nk(n), row(nid(n.id), (n.hydraulics.emitterCoeff * Math.pow(u.pressure, exponent)) / u.flow));
  for (const n of nodes) put('COORDINATES', nk(n), row(nid(n.id), ...project(n.position[0], n.position[1])));
  for (const l of links)
    for (const p of l.path.slice(1, -1)) put('VERTICES', lk(l), row(lid(l.id), ...project(p[0], p[1])));
  return out;
}

/**
 * The imported file again, changing only what the twin changed: every line of the original (sections, order,
 * comments, blank lines, options, patterns, curves, controls, rules, labels, backdrop, tags) is kept, except the rows
 * of elements whose written rows differ from those of the network as imported (re-read from the kept text): those
 * are written anew where the element's first row was, removed elements lose their rows, added ones are appended to
 * their sections. Null when the kept text no longer imports (then the caller writes the network afresh).
 */
function faithfulInp(
  network: Network,
  meta: EpanetMetadata,
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
): string | null {
  const again = importEpanetInp(meta.sourceText!, {
    source: network.provenance.source,
    networkId: network.id,
    placement: meta.placement,
    coverDepthM: meta.assumedCoverM,
    keepSourceText: false,
  });
  if (!again.parts) return null;
  // A network as imported (the common case: import, then export) is its file: no row needs writing or comparing.
  const unchanged =
    sameValue(
      { ...meta, sourceText: undefined },
      { ...epanetMetadataOf(again.parts.networks[0]!), sourceText: undefined },
    ) &&
    sameRecords(nodes, again.parts.nodes) &&
    sameRecords(links, again.parts.links);
  const current = unchanged
    ? new Map<ElementSection, KeyedRow[]>(ELEMENT_SECTIONS.map((name) => [name, []]))
    : elementRows(network, nodes, links);
  const before = unchanged ? current : elementRows(again.parts.networks[0]!, again.parts.nodes, again.parts.links);
  // Per section and element: the rows written for it now and as imported. Only differing ones are rewritten.
  const signature = (rows: Map<ElementSection, KeyedRow[]>): Map<string, string> => {
    const sig = new Map<string, string>();
    for (const [section, list] of rows)
      for (const r of list) {
        const k = `${section}|${r.key}`;
        sig.set(k, `${sig.get(k) ?? ''}${r.row}\n`);
      }
    return sig;
  };
  const was = signature(before);
  const now = signature(current);
  const rewrite = new Set<string>();
  for (const [k, sig] of now) if (was.get(k) !== sig) rewrite.add(k);
  for (const k of was.keys()) if (!now.has(k)) rewrite.add(k);
  const pending = new Map<ElementSection, Map<string, string[]>>();
  for (const [section, list] of current) {
    const bySection = new Map<string, string[]>();
    for (const r of list)
      if (rewrite.has(`${section}|${r.key}`)) bySection.set(r.key, [...(bySection.get(r.key) ?? []), r.row]);
    pending.set(section, bySection);
  }
  const lines = meta.sourceText!.split(LINE_END);
  const out: string[] = [];
  let section: string | null = null;
  const flush = (): void => {
    // Rows of rewritten elements not placed yet (added elements, or a section they had no row in): at its end.
    if (!section || !(ELEMENT_SECTIONS as readonly string[]).includes(section)) return;
    const left = pending.get(section as ElementSection)!;
    let at = out.length;
    while (at > 0 && out[at - 1]!.trim() === '') at--;
    out.splice(at, 0, ...[...left.values()].flat());
    left.clear();
  };
  let ended = false;
  for (const raw of lines) {
    const trimmed = raw.trim();
    const header = /^\[([^\]]*)\]/.exec(trimmed);
    if (header && !ended) {
      flush();
      section = header[1]!.trim().toUpperCase();
      if (section === 'END') {
        for (const s of ELEMENT_SECTIONS) {
          const left = pending.get(s)!;
          if (left.size === 0) continue;
          out.push(`[${s}]`, ...[...left.values()].flat(), '');
          left.clear();
        }
        ended = true;
      }
      out.push(raw);
      continue;
    }
    if (ended || !section || trimmed === '' || trimmed.startsWith(';')) {
      out.push(raw);
      continue;
    }
    if (!(ELEMENT_SECTIONS as readonly string[]).includes(section)) {
      out.push(raw);
      continue;
    }
    const key = rowKey(section as ElementSection, trimmed);
    if (key === null || !rewrite.has(`${section}|${key}`)) {
      out.push(raw);
      continue;
    }
    // The element's rows of this section, written anew at the place of its first original row.
    const left = pending.get(section as ElementSection)!;
    const fresh = left.get(key);
    if (fresh) {
      out.push(...fresh);
      left.delete(key);
    }
  }
  return joinLines(out, meta.sourceText!);
}

/** Whether two lists hold the same records by id (in any order), as `sameValue` compares them. */
function sameRecords<T extends { id: string }>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(b.map((r) => [r.id, r]));
  return a.every((r) => sameValue(r, byId.get(r.id)));
}

/**
 * Deep equality of JSON-like values, blind to key order and to keys whose value is undefined: a record read back from
 * the store (keys in the database's order, no undefined) equals the record it was saved from.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameValue(x, other[i]));
  }
  const x = a as Record<string, unknown>,
    y = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const kx = keys(x);
  return kx.length === keys(y).length && kx.every((k) => sameValue(x[k], y[k]));
}

/** The element a data row of an element section belongs to, as `N:<id>` or `L:<id>`. */
function rowKey(section: ElementSection, trimmed: string): string | null {
  const tokens = trimmed.replace(/;.*$/, '').trim().split(/\s+/);
  if (section === 'TAGS') {
    const kind = tokens[0]?.toUpperCase();
    return tokens[1] === undefined
      ? null
      : kind === 'NODE'
        ? `N:${tokens[1]}`
        : kind === 'LINK'
          ? `L:${tokens[1]}`
          : null;
  }
  if (tokens[0] === undefined) return null;
  const node = ['JUNCTIONS', 'RESERVOIRS', 'TANKS', 'DEMANDS', 'EMITTERS', 'COORDINATES'].includes(section);
  return `${node ? 'N' : 'L'}:${tokens[0]}`;
}

function valveSettingFromSi(type: string, setting: number, u: UnitFactors): number {
  return setting / valveSettingToSi(type, 1, u);
}

function emitterExponent(optionLines: string[] | undefined): number {
  const line = (optionLines ?? []).find((l) => /^\s*emitter\s+exponent\b/i.test(l));
  const value = line ? Number(line.trim().split(/\s+/)[2]) : NaN;
  return Number.isFinite(value) ? value : 0.5;
}

/** [DEMANDS] lines of a junction with several demands (EPANET takes the first as the primary one, as the importer does). */
function demandLines(
  n: NetworkNode,
  meta: EpanetMetadata | undefined,
  u: UnitFactors,
  nid: (id: string) => string,
): string[] {
  const extras = meta?.extraDemands[n.provenance.sourceId ?? ''];
  if (!extras?.length) return [];
  return [
    row(nid(n.id), (n.hydraulics?.demandLps ?? 0) / u.flow, n.hydraulics?.demandPattern),
    ...extras.map((d) =>
      row(
        nid(n.id),
        d.demandLps / u.flow,
        d.pattern ?? (d.category ? '' : undefined),
        d.category ? `;${d.category}` : undefined,
      ),
    ),
  ];
}

/** Initial status of a pump or valve (pipes carry theirs in [PIPES]). */
function statusLines(l: NetworkLink, lid: (id: string) => string): string[] {
  const h = l.hydraulics;
  if (l.kind === 'pump') {
    if (h?.status === 'closed') return [row(lid(l.id), 'Closed')];
    if (h?.setting !== undefined) return [row(lid(l.id), h.setting)];
  } else if (l.kind === 'valve' && (h?.status === 'open' || h?.status === 'closed')) {
    return [row(lid(l.id), h.status === 'open' ? 'Open' : 'Closed')];
  }
  return [];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
