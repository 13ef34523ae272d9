import type { Network, NetworkLink, NetworkNode } from '../../core/model/index.js';
import { createPlacer, type Placement } from '../import/coordinate-placement.js';
import type { EpanetMetadata } from '../import/epanet-inp-metadata.js';
import { formatNumber as num, unitFactors, type UnitFactors } from '../import/epanet-units.js';
import { valveSettingToSi } from '../import/epanet-inp.js';
import { epanetIdsOf } from '../../core/network/epanet-ids.js';

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
  const out: string[] = [];
  const section = (name: string, header: string | null, lines: string[]): void => {
    out.push(`[${name}]`);
    if (header) out.push(`;${header}`);
    out.push(...lines, '');
  };
  const nid = (id: string): string => ids.node.get(id)!;
  const lid = (id: string): string => ids.link.get(id)!;

  section('TITLE', null, meta?.title.length ? meta.title : [options.title ?? network.name]);
  const junctions = nodes.filter((n) => n.kind !== 'reservoir' && n.kind !== 'tank');
  section(
    'JUNCTIONS',
    'ID\tElev\tDemand\tPattern',
    junctions.map((n) =>
      row(nid(n.id), n.invertM / u.length, (n.hydraulics?.demandLps ?? 0) / u.flow, n.hydraulics?.demandPattern, ';'),
    ),
  );
  section(
    'RESERVOIRS',
    'ID\tHead\tPattern',
    nodes
      .filter((n) => n.kind === 'reservoir')
      .map((n) => row(nid(n.id), (n.hydraulics?.headM ?? n.groundM) / u.length, n.hydraulics?.headPattern, ';')),
  );
  section(
    'TANKS',
    'ID\tElevation\tInitLevel\tMinLevel\tMaxLevel\tDiameter\tMinVol\tVolCurve',
    nodes
      .filter((n) => n.kind === 'tank')
      .map((n) => {
        const t = n.hydraulics?.tank ?? { initLevelM: 2, minLevelM: 0, maxLevelM: 5, diameterM: 10, minVolumeM3: 0 };
        const overflow = typeof n.attributes.overflow === 'string' ? n.attributes.overflow : undefined;
        return row(
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
        );
      }),
  );
  const pipes = links.filter((l) => l.kind !== 'pump' && l.kind !== 'valve');
  section(
    'PIPES',
    'ID\tNode1\tNode2\tLength\tDiameter\tRoughness\tMinorLoss\tStatus',
    pipes.map((l) => {
      const h = l.hydraulics;
      const roughness = h?.roughness ?? DEFAULT_ROUGHNESS[headloss]!;
      const status = h?.status === 'cv' ? 'CV' : h?.status === 'closed' ? 'Closed' : 'Open';
      return row(
        lid(l.id),
        nid(l.fromNodeId),
        nid(l.toNodeId),
        Math.max(l.lengthM, MIN_PIPE_LENGTH_M) / u.length,
        l.diameterMm / u.diameter,
        headloss === 'D-W' ? roughness / u.darcyRoughness : roughness,
        h?.minorLoss ?? 0,
        status,
        ';',
      );
    }),
  );
  section(
    'PUMPS',
    'ID\tNode1\tNode2\tParameters',
    links
      .filter((l) => l.kind === 'pump')
      .map((l) => row(lid(l.id), nid(l.fromNodeId), nid(l.toNodeId), l.hydraulics?.pumpParameters ?? 'POWER 10', ';')),
  );
  section(
    'VALVES',
    'ID\tNode1\tNode2\tDiameter\tType\tSetting\tMinorLoss',
    links
      .filter((l) => l.kind === 'valve')
      .map((l) => {
        const type = l.hydraulics?.valveType ?? 'TCV';
        const setting =
          type === 'GPV'
            ? String(l.attributes.headlossCurve ?? '')
            : num(valveSettingFromSi(type, l.hydraulics?.setting ?? 0, u));
        const extra = typeof l.attributes.epanetExtra === 'string' ? l.attributes.epanetExtra : undefined;
        return row(
          lid(l.id),
          nid(l.fromNodeId),
          nid(l.toNodeId),
          l.diameterMm / u.diameter,
          type,
          setting,
          l.hydraulics?.minorLoss ?? 0,
          extra,
          ';',
        );
      }),
  );
  section('TAGS', null, [
    ...nodes
      .filter((n) => typeof n.attributes.tag === 'string')
      .map((n) => row('NODE', nid(n.id), String(n.attributes.tag))),
    ...links
      .filter((l) => typeof l.attributes.tag === 'string')
      .map((l) => row('LINK', lid(l.id), String(l.attributes.tag))),
  ]);
  section('DEMANDS', 'Junction\tDemand\tPattern\tCategory', demandLines(junctions, meta, u, nid));
  section('STATUS', 'ID\tStatus/Setting', statusLines(links, lid));
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
  section(
    'EMITTERS',
    'Junction\tCoefficient',
    junctions
      .filter((n) => n.hydraulics?.emitterCoeff !== undefined)
      .map((n) =>
        row(nid(n.id), (n.hydraulics!.emitterCoeff! * Math.pow(u.pressure, emitterExponent(raw.OPTIONS))) / u.flow),
      ),
  );
  for (const name of ['QUALITY', 'SOURCES', 'REACTIONS', 'MIXING']) section(name, null, raw[name] ?? []);
  section('TIMES', null, raw.TIMES ?? [' Duration\t0:00', ' Hydraulic Timestep\t1:00']);
  section('REPORT', null, raw.REPORT ?? [' Status\tNo', ' Summary\tNo']);
  const keptOptions = (raw.OPTIONS ?? []).filter((line) => !/^\s*(units|headloss)\b/i.test(line));
  section('OPTIONS', null, [row('Units', u.flowUnits), row('Headloss', headloss), ...keptOptions]);
  section(
    'COORDINATES',
    'Node\tX-Coord\tY-Coord',
    nodes.map((n) => row(nid(n.id), ...project(n.position[0], n.position[1]))),
  );
  section(
    'VERTICES',
    'Link\tX-Coord\tY-Coord',
    links.flatMap((l) => l.path.slice(1, -1).map((p) => row(lid(l.id), ...project(p[0], p[1])))),
  );
  for (const name of ['LABELS', 'BACKDROP', 'LEAKAGE']) if (raw[name]) section(name, null, raw[name]);
  out.push('[END]', '');
  return out.join('\n');
}

function valveSettingFromSi(type: string, setting: number, u: UnitFactors): number {
  return setting / valveSettingToSi(type, 1, u);
}

function emitterExponent(optionLines: string[] | undefined): number {
  const line = (optionLines ?? []).find((l) => /^\s*emitter\s+exponent\b/i.test(l));
  const value = line ? Number(line.trim().split(/\s+/)[2]) : NaN;
  return Number.isFinite(value) ? value : 0.5;
}

/** [DEMANDS] lines for junctions with several demands (EPANET takes the first as the primary one, as the importer does). */
function demandLines(
  junctions: NetworkNode[],
  meta: EpanetMetadata | undefined,
  u: UnitFactors,
  nid: (id: string) => string,
): string[] {
  const lines: string[] = [];
  for (const n of junctions) {
    const extras = meta?.extraDemands[n.provenance.sourceId ?? ''];
    if (!extras?.length) continue;
    lines.push(row(nid(n.id), (n.hydraulics?.demandLps ?? 0) / u.flow, n.hydraulics?.demandPattern));
    for (const d of extras)
      lines.push(
        row(
          nid(n.id),
          d.demandLps / u.flow,
          d.pattern ?? (d.category ? '' : undefined),
          d.category ? `;${d.category}` : undefined,
        ),
      );
  }
  return lines;
}

/** Initial status of pumps and valves (pipes carry theirs in [PIPES]). */
function statusLines(links: NetworkLink[], lid: (id: string) => string): string[] {
  const lines: string[] = [];
  for (const l of links) {
    const h = l.hydraulics;
    if (l.kind === 'pump') {
      if (h?.status === 'closed') lines.push(row(lid(l.id), 'Closed'));
      else if (h?.setting !== undefined) lines.push(row(lid(l.id), h.setting));
    } else if (l.kind === 'valve' && (h?.status === 'open' || h?.status === 'closed')) {
      lines.push(row(lid(l.id), h.status === 'open' ? 'Open' : 'Closed'));
    }
  }
  return lines;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
