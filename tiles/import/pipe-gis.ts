import { EnuFrame, LENGTH_UNITS, localDistanceM, type LengthUnit, type ToWgs84 } from '../../core/geo/index.js';
import type { LinkKind, LonLat, Network, NetworkLink, NetworkNode, NodeKind, Utility } from '../../core/model/index.js';
import type { PipeGisFeatureRef, PipeGisQa } from '../../core/contracts/pipe-gis-qa.js';
import { isValidLonLat } from './coordinate-placement.js';
import { parseFeatures, type GeoJsonFeature, type ParsedFeatures } from './geojson-source.js';
import { featureConverter, type SourcePlacement } from './source-placement.js';
import { snapLineEnds, type EndNode, type PlanarPoint } from './snap-topology.js';
import { slug } from './epanet-inp.js';
import {
  ATTRIBUTE_UNITS,
  detectFieldMap,
  diameterUnitOf,
  FieldReader,
  LINE_FIELDS,
  POINT_FIELDS,
  type FieldMap,
} from './pipe-gis-attributes.js';
import { lineLinks, mergeDuplicatePoints } from './point-duplicates.js';
import { PipeGisQaBuilder } from './pipe-gis-qa.js';
import { splitLinksAtValves } from './pipe-gis-valves.js';
import {
  addCount,
  createReport,
  fail,
  finish,
  warn,
  type ImportReport,
  type ImportResult,
} from '../report/import-report.js';

/** A point layer given with the pipes: its features (or GeoJSON text) and its file name. */
export interface PointLayer {
  features: string | ParsedFeatures;
  name: string;
}

/** Options of the pipe/manhole GIS importer. */
export interface PipeGisOptions {
  /** File names for the report and provenance. */
  source?: string;
  pointsSource?: string;
  crs?: string;
  /** An anchor and scale for a local drawing, or the unit of the coordinates (see SourcePlacement). */
  placement?: Omit<SourcePlacement, 'crs'>;
  /** Utility of every feature; else read from `System_Type`/`Type` (sanitary, combined -> sewer; storm -> storm). */
  utility?: Utility;
  /** Snap distance between a line end and a facility or another end, m. @default 2 */
  snapToleranceM?: number;
  /** Points of one kind closer than this are one point digitised twice, m. @default the snap tolerance */
  duplicateToleranceM?: number;
  /** Depth of manhole floors (and pipe ends without an invert) below ground, m. @default 2.5 */
  defaultDepthM?: number;
  /**
   * Fall to invent along pipes without inverts, m/m (flow follows the digitised direction). Without it, missing
   * inverts stay missing: such pipe ends are drawn at the default depth and counted in the QA report.
   */
  assumedSlope?: number;
  /** Ground elevation where the data has none, m. @default 0 */
  groundElevationM?: number;
  /** Prefix of network ids. @default the utility */
  networkIdPrefix?: string;
  /** Model fields read from named attributes (`--map`); the rest are found by their usual names. */
  fieldMap?: FieldMap;
  /** Unit of unit-less levels (inverts, ground) the map does not give one for. @default m */
  heightUnit?: LengthUnit;
  /** Supply points: ids (or `#index`) of points of the points layer, and/or a point layer of reservoirs and tanks. */
  sources?: { ids?: string[]; layer?: PointLayer };
  /** A layer of valve points: each within `valveSnapM` of a pipe splits it and becomes a valve node. */
  valves?: PointLayer;
  /** @default 1 */
  valveSnapM?: number;
}

/** What the pipe GIS importer gives: the network parts, and the QA report (also when the import failed). */
export type PipeGisImport = ImportResult<{ networks: Network[]; nodes: NetworkNode[]; links: NetworkLink[] }> & {
  qa: PipeGisQa;
};

/** Pipe diameters assumed when the data has none, mm. */
export const DEFAULT_DIAMETER_MM: Record<Utility, number> = {
  sewer: 200,
  storm: 300,
  water: 150,
  gas: 110,
  heat: 150,
  power: 150,
  telecom: 100,
};
const LINK_KIND: Record<Utility, LinkKind> = {
  sewer: 'conduit',
  storm: 'conduit',
  water: 'pipe',
  gas: 'pipe',
  heat: 'pipe',
  power: 'duct',
  telecom: 'duct',
};
const MIN_COVER_M = 1.0;

/** Utility from attributes: `System_Type`/`Type`/`utility` words. */
export function utilityOf(p: Record<string, unknown>): { utility: Utility; combined: boolean } | undefined {
  const words = ['System_Type', 'system_type', 'Type', 'type', 'utility']
    .map((k) => p[k])
    .filter((v) => typeof v === 'string')
    .join(' ')
    .toLowerCase();
  const combined = words.includes('combined');
  if (words.includes('storm')) return { utility: 'storm', combined: false };
  if (combined || /sanitary|wastewater|sewer|foul/.test(words)) return { utility: 'sewer', combined };
  if (/\bwater\b/.test(words)) return { utility: 'water', combined: false };
  if (words.includes('gas')) return { utility: 'gas', combined: false };
  return undefined;
}

/** Node kind of a facility type (`Sanitary Manhole`, `CB tied to Sanitary Sewer`, `Known CSO Outfalls`, `tank`...). */
export function facilityKindOf(type: string): NodeKind | undefined {
  const t = type.toLowerCase();
  if (/outfall|\bcso\b/.test(t)) return 'outfall';
  if (/manhole|\bmh\b/.test(t)) return 'manhole';
  if (/catch ?basin|\bcb\b|inlet|gully/.test(t)) return 'inlet';
  if (/hydrant/.test(t)) return 'hydrant';
  if (/valve/.test(t)) return 'valve';
  if (/pump/.test(t)) return 'pump';
  if (/regulator/.test(t)) return 'regulator';
  if (/reservoir|\bsource\b|\bwell\b|treatment|intake/.test(t)) return 'reservoir';
  if (/tank|tower|standpipe/.test(t)) return 'tank';
  if (/junction|\bnode\b|fitting|\btee\b|bend|reducer/.test(t)) return 'junction';
  return undefined;
}

/** Where a point came from: the points layer, the sources layer or the valves layer. */
type PointRole = 'point' | 'source' | 'valve';
interface Facility {
  file: string;
  featureIndex: number;
  role: PointRole;
  position: LonLat;
  kind: NodeKind;
  utility: Utility;
  props: Record<string, unknown>;
  id?: string;
  groundM?: number;
  invertM?: number;
  /** Features merged into this one (duplicates). */
  merged: number;
}
interface Line {
  featureIndex: number;
  part: number;
  path: LonLat[];
  utility: Utility;
  combined: boolean;
  props: Record<string, unknown>;
}

const isAbandoned = (p: Record<string, unknown>): boolean =>
  typeof p.Status === 'string' && /abandon|removed|retired/i.test(p.Status);

const now = (): number => performance.now();

/**
 * Imports pipes (LineString/MultiLineString) and facilities (Point) from GIS features: reads diameter, material,
 * year, inverts and ground from mapped or usually named attributes (converting units), merges points digitised twice,
 * marks supply points, snaps line ends to facilities within a tolerance, joins ends that meet without one, splits
 * pipes at valve points, and reports each finding (counts and examples) in a QA report. Abandoned features are
 * skipped. Values the data lacks are assumed (diameters) or left missing (inverts, unless `assumedSlope`), and said so.
 */
export function importPipeGis(
  linesText: string | ParsedFeatures,
  pointsText: string | ParsedFeatures | undefined,
  options: PipeGisOptions = {},
): PipeGisImport {
  const t0 = now();
  const source = options.source ?? 'lines.geojson';
  const pointsSource = options.pointsSource ?? 'points.geojson';
  const report = createReport(source, 'pipe-gis');
  const tolerance = options.snapToleranceM ?? 2;
  const qa = new PipeGisQaBuilder(source, tolerance, {
    ...(pointsText !== undefined ? { pointsSource } : {}),
    ...(options.valves ? { valvesSource: options.valves.name } : {}),
  });
  const done = (parts: PipeGisImport['parts'] & object): PipeGisImport => {
    const result = finish(report, parts);
    return { ...result, qa: qa.build(report, now() - t0) };
  };
  const empty = { networks: [], nodes: [], links: [] };
  const dupTolerance = options.duplicateToleranceM ?? tolerance;
  const depth = options.defaultDepthM ?? 2.5;
  const slope = options.assumedSlope;
  const ground = options.groundElevationM ?? 0;
  const heightUnit = LENGTH_UNITS[options.heightUnit ?? 'm'];

  const lines: Line[] = [];
  const facilities: Facility[] = [];
  const linesParsed = parseFeatures(linesText, report);
  if (!linesParsed) return done(empty);
  const lineReader = readerFor(linesParsed.features, LINE_FIELDS, options.fieldMap ?? {}, heightUnit, qa, source);
  // A local drawing is placed by the lines' extent; the point files then share the lines' placement.
  const conv = converterOf(linesParsed, options, report);
  if (!conv) return done(empty);
  readLayer(linesParsed, source, 'point', conv, options, report, qa, lines, facilities);
  const shared = options.placement?.anchor ? conv : undefined;
  const pointLayers: [PointLayer, PointRole][] = [
    ...(pointsText !== undefined
      ? [[{ features: pointsText, name: pointsSource }, 'point'] as [PointLayer, PointRole]]
      : []),
    ...(options.sources?.layer ? [[options.sources.layer, 'source'] as [PointLayer, PointRole]] : []),
    ...(options.valves ? [[options.valves, 'valve'] as [PointLayer, PointRole]] : []),
  ];
  const onlyUtility = (): Utility | undefined => {
    const u = [...new Set(lines.map((l) => l.utility))];
    return u.length === 1 ? u[0] : undefined;
  };
  for (const [layer, role] of pointLayers) {
    const parsed = parseFeatures(layer.features, report);
    if (!parsed) continue;
    const reader = readerFor(parsed.features, POINT_FIELDS, options.fieldMap ?? {}, heightUnit, qa, layer.name);
    const c = shared ?? converterOf(parsed, options, report);
    if (!c) continue;
    const before = facilities.length;
    readLayer(
      parsed,
      layer.name,
      role,
      c,
      { ...options, utility: options.utility ?? onlyUtility() },
      report,
      qa,
      lines,
      facilities,
    );
    for (const f of facilities.slice(before)) {
      const kindText = reader.text('kind', f.props);
      const kind = kindText ? facilityKindOf(kindText) : undefined;
      if (role === 'valve') f.kind = 'valve';
      else if (role === 'source') f.kind = kind === 'tank' ? 'tank' : 'reservoir';
      else if (kind) f.kind = kind;
      else qa.unknownKind++;
      const id = reader.text('id', f.props);
      if (id !== undefined) f.id = id;
      const g = reader.lengthM('ground', f.props);
      if (g !== undefined) f.groundM = g;
      const inv = reader.lengthM('invert', f.props);
      if (inv !== undefined) f.invertM = inv;
    }
  }
  if (lines.length === 0 && report.errors.length === 0)
    fail(report, 'no LineString feature: nothing to import as pipes');
  if (report.errors.length > 0) return done(empty);

  const all = [...lines.flatMap((l) => l.path), ...facilities.map((f) => f.position)];
  const frame = new EnuFrame(
    (Math.min(...all.map((p) => p[0])) + Math.max(...all.map((p) => p[0]))) / 2,
    (Math.min(...all.map((p) => p[1])) + Math.max(...all.map((p) => p[1]))) / 2,
  );
  const planar = (p: LonLat): PlanarPoint => {
    const e = frame.toEnu(p[0], p[1], 0);
    return [e[0], e[1]];
  };
  const lonLat = (p: PlanarPoint): LonLat => {
    const e = frame.fromEnu(p[0], p[1], 0);
    return [e[0], e[1]];
  };
  const ref = (f: Facility, extra: Partial<PipeGisFeatureRef> = {}): PipeGisFeatureRef => ({
    file: f.file,
    featureIndex: f.featureIndex,
    ...(f.id !== undefined ? { id: f.id } : {}),
    position: f.position,
    ...extra,
  });

  // Points digitised twice (same utility and kind, within the tolerance) become one.
  const facilityPoints = facilities.map((f) => planar(f.position));
  const dup = mergeDuplicatePoints(
    facilityPoints,
    facilities.map((f) => `${f.utility}|${f.kind}`),
    dupTolerance,
    lineLinks(
      facilityPoints,
      lines.map((l) => [planar(l.path[0]!), planar(l.path[l.path.length - 1]!)]),
      tolerance,
    ),
    (i) => facilities[i]!.kind === 'valve',
  );
  for (const m of dup.exact)
    qa.exact(ref(facilities[m.index]!, { note: `same position as ${describe(facilities[m.into]!)}` }));
  for (const m of dup.near)
    qa.near(
      ref(facilities[m.index]!, {
        distanceM: round2(m.distanceM),
        note: `merged into ${describe(facilities[m.into]!)}`,
      }),
    );
  for (const m of [...dup.exact, ...dup.near]) facilities[m.into]!.merged++;
  let kept = facilities.filter((_, i) => dup.keptAs[i] === i);
  addCount(report, 'exactDuplicatePoints', dup.exact.length);
  addCount(report, 'nearDuplicatePoints', dup.near.length);
  if (dup.exact.length + dup.near.length > 0)
    warn(
      report,
      `${dup.exact.length} exact and ${dup.near.length} near duplicate point(s) (within ${dupTolerance} m, same kind) merged`,
      {},
      dup.exact.length + dup.near.length,
    );

  // Supply points: a point of the sources layer on an existing point marks that point; ids mark points by id.
  kept = markSources(kept, options.sources?.ids ?? [], tolerance, planar, report, qa);
  if (report.errors.length > 0) return done(empty);

  const networks: Network[] = [],
    nodes: NetworkNode[] = [],
    links: NetworkLink[] = [];
  const assumedPerUtility = new Map<Utility, number>();
  for (const utility of [...new Set(lines.map((l) => l.utility))]) {
    const networkId = `${options.networkIdPrefix ?? utility}-${slug(source)}`;
    networks.push({
      id: networkId,
      utility,
      name: `${utility} network from ${source}`,
      provenance: { source, synthetic: false },
      metadata: { snapToleranceM: tolerance },
    });
    const uf = kept.filter((f) => f.utility === utility && f.role !== 'valve');
    const valvePoints = kept.filter((f) => f.utility === utility && f.role === 'valve');
    const ul = lines.filter((l) => l.utility === utility);
    const snap = snapLineEnds(
      ul.map((l) => [planar(l.path[0]!), planar(l.path[l.path.length - 1]!)]),
      uf.map((f) => planar(f.position)),
      tolerance,
    );
    const node = (
      kind: NodeKind,
      id: string,
      position: LonLat,
      sourceName: string,
      sourceId: string | undefined,
      attributes: NetworkNode['attributes'],
      levels: { groundM?: number; invertM?: number } = {},
    ): NetworkNode => {
      if (levels.groundM === undefined) qa.groundMissing++;
      const groundM = levels.groundM ?? ground;
      return {
        id,
        networkId,
        utility,
        kind,
        position,
        groundM,
        invertM: levels.invertM ?? groundM - depth,
        ...(kind === 'valve' ? { normallyOpen: !isClosedValve(attributes) } : {}),
        gridId: null,
        provenance: { source: sourceName, ...(sourceId !== undefined ? { sourceId } : {}), synthetic: false },
        attributes,
      };
    };
    const facilityNode = (f: Facility): NetworkNode =>
      node(
        f.kind,
        `${networkId}-${f.role === 'valve' ? 'v' : f.role === 'source' ? 's' : 'f'}${f.featureIndex}`,
        f.position,
        f.file,
        f.id ?? `#${f.featureIndex}`,
        { ...scalarAttributes(f.props), ...(f.merged > 0 ? { mergedDuplicates: f.merged } : {}) },
        {
          ...(f.groundM !== undefined ? { groundM: f.groundM } : {}),
          ...(f.invertM !== undefined ? { invertM: f.invertM } : {}),
        },
      );
    const facilityNodes = uf.map(facilityNode);
    const junctionNodes = snap.junctions.map((j, i) =>
      node('junction', `${networkId}-j${i}`, lonLat(j.position), source, undefined, {
        endsJoined: j.ends,
        unsnapped: j.ends === 1,
      }),
    );
    const nodeOf = (end: EndNode): NetworkNode =>
      end.kind === 'facility' ? facilityNodes[end.index]! : junctionNodes[end.index]!;
    const used = new Set<string>();
    const utilityLinks: NetworkLink[] = [];
    ul.forEach((l, i) => {
      const [a, b] = snap.lineEnds[i]!.map(nodeOf) as [NetworkNode, NetworkNode];
      const where = { featureIndex: l.featureIndex };
      if (a.id === b.id) {
        warn(report, `both ends snap to node ${a.id}: line skipped (shorter than the snap tolerance?)`, where);
        addCount(report, 'skippedLoops');
        qa.loop({ file: source, featureIndex: l.featureIndex, position: l.path[0]!, note: `both ends on ${a.id}` });
        return;
      }
      const path: LonLat[] = [a.position, ...l.path.slice(1, -1), b.position];
      let lengthM = 0;
      for (let k = 1; k < path.length; k++)
        lengthM += localDistanceM(path[k - 1]![0], path[k - 1]![1], path[k]![0], path[k]![1]);
      const lineRef = { file: source, featureIndex: l.featureIndex, ...idOf(lineReader.text('id', l.props)) };
      const diameter = lineReader.diameterMm(l.props);
      if (diameter === undefined) {
        assumedPerUtility.set(utility, (assumedPerUtility.get(utility) ?? 0) + 1);
        qa.assumedDiameter(lineRef, utility, DEFAULT_DIAMETER_MM[utility]);
      }
      const material = lineReader.text('material', l.props);
      if (material === undefined) qa.materialsMissing++;
      const installYear = lineReader.year(l.props);
      if (installYear === undefined) qa.yearsMissing++;
      const upData = lineReader.lengthM('upstreamInvert', l.props);
      const downData = lineReader.lengthM('downstreamInvert', l.props);
      const attributes = scalarAttributes(l.props);
      let fromInvertM: number, toInvertM: number;
      if (slope !== undefined) {
        // Invented where asked: the pipe leaves its downstream end and rises upstream at the slope, keeping cover.
        toInvertM = downData ?? (upData !== undefined ? upData - slope * lengthM : b.invertM);
        fromInvertM = upData ?? Math.max(Math.min(toInvertM + slope * lengthM, a.groundM - MIN_COVER_M), toInvertM);
        const invented = (upData === undefined ? 1 : 0) + (downData === undefined ? 1 : 0);
        qa.invertsAssumed += invented;
        if (invented > 0) attributes.invertsAssumed = true;
      } else {
        fromInvertM = upData ?? a.invertM;
        toInvertM = downData ?? b.invertM;
        if (upData === undefined || downData === undefined) {
          const missing =
            upData === undefined && downData === undefined ? 'both' : upData === undefined ? 'upstream' : 'downstream';
          attributes.invertMissing = missing;
          qa.invertMissing({ ...lineRef, note: `${missing} invert missing` });
        }
      }
      if (l.combined) attributes.combined = true;
      if (diameter === undefined) attributes.diameterAssumed = true;
      const kindText = lineReader.text('kind', l.props);
      const link: NetworkLink = {
        id: `${networkId}-l${l.featureIndex}${l.part > 0 ? `-${l.part}` : ''}`,
        networkId,
        utility,
        kind: kindText && /pump/i.test(kindText) ? 'pump' : LINK_KIND[utility],
        fromNodeId: a.id,
        toNodeId: b.id,
        path,
        lengthM,
        diameterMm: diameter ?? DEFAULT_DIAMETER_MM[utility],
        ...(material ? { material } : {}),
        ...(installYear !== undefined ? { installYear } : {}),
        fromInvertM,
        toInvertM,
        gridId: null,
        provenance: { source, sourceId: lineRef.id ?? `#${l.featureIndex}`, synthetic: false },
        attributes,
      };
      utilityLinks.push(link);
      used.add(a.id);
      used.add(b.id);
    });
    // Valve points (of the valves layer, or valves of the points layer no line end reached) split their pipe.
    const strayValves = uf
      .map((f, i) => ({ f, n: facilityNodes[i]! }))
      .filter((x) => x.f.kind === 'valve' && !used.has(x.n.id));
    const stray = new Set(strayValves.map((x) => x.n.id));
    const valveSnapM = options.valveSnapM ?? 1;
    const split = splitLinksAtValves(
      utilityLinks,
      [
        ...valvePoints.map((f) => ({ node: facilityNode(f), ref: ref(f) })),
        ...strayValves.map((x) => ({ node: x.n, ref: ref(x.f) })),
      ],
      valveSnapM,
      planar,
      lonLat,
    );
    qa.valves(split);
    addCount(report, 'valvesSnapped', split.snapped.length);
    if (split.notSnapped.length > 0) {
      addCount(report, 'valvesNotSnapped', split.notSnapped.length);
      warn(
        report,
        `${split.notSnapped.length} valve point(s) farther than ${valveSnapM} m from every pipe: not placed on a pipe`,
        {},
        split.notSnapped.length,
      );
    }
    // Valves of the points layer that stay off every pipe are kept where they are (as the orphans they are).
    const ownFacilities = facilityNodes.filter((n) => !stray.has(n.id));
    const strayKept = split.notSnapped.filter((v) => stray.has(v.node.id)).map((v) => v.node);
    const orphans = ownFacilities.filter((n) => !used.has(n.id));
    for (const n of orphans) qa.orphan(ref(uf[facilityNodes.indexOf(n)]!, { note: n.kind }));
    if (orphans.length > 0)
      warn(
        report,
        `${orphans.length} point(s) joined to no line (${kindsOf(orphans)}), e.g. ${orphans
          .slice(0, 3)
          .map((n) => n.provenance.sourceId)
          .join(', ')}`,
        { file: pointsSource },
        orphans.length,
      );
    // Line by line after the summaries, which must not be crowded out of the capped warning list.
    for (const u of snap.unsnapped) {
      const l = ul[u.line]!;
      const p = u.end === 0 ? l.path[0]! : l.path[l.path.length - 1]!;
      warn(
        report,
        `${u.end === 0 ? 'start' : 'end'} of the line at ${p[0].toFixed(6)},${p[1].toFixed(6)} meets no facility or other line within ${tolerance} m`,
        { featureIndex: l.featureIndex },
      );
      qa.unsnapped({ file: source, featureIndex: l.featureIndex, position: p, note: u.end === 0 ? 'start' : 'end' });
    }
    const utilityNodes = [...ownFacilities, ...strayKept, ...split.snapped, ...junctionNodes];
    nodes.push(...utilityNodes);
    links.push(...split.links);
    const sources = utilityNodes.filter((n) => n.kind === 'reservoir' || n.kind === 'tank');
    qa.network(utilityNodes, split.links, sources);
    if ((utility === 'water' || utility === 'gas') && sources.length === 0)
      qa.warning(
        `the ${utility} network has no reservoir or tank: no burst can be isolated. Mark them with --sources ID,... or a point layer (--sources FILE)`,
      );
    addCount(report, 'snappedToFacility', snap.snappedToFacility);
    addCount(report, 'joinedEnds', snap.joinedEnds);
    addCount(report, 'unsnappedEnds', snap.unsnapped.length);
    addCount(report, 'facilitiesWithoutLine', orphans.length);
    qa.snapCounts(snap.snappedToFacility, snap.joinedEnds);
  }
  for (const n of nodes) addCount(report, `${n.kind}s`);
  addCount(report, 'links', links.length);
  for (const w of qa.warnings) warn(report, w);
  report.assumptions.push(
    slope !== undefined
      ? `ground elevation ${ground} m where the data has none; facility floors ${depth} m deep; pipe ends without an invert fall ${slope * 100}% along the digitised direction (--assume-slope, min cover ${MIN_COVER_M} m)`
      : `ground elevation ${ground} m where the data has none; facility floors and pipe ends without an invert drawn ${depth} m deep (not levels: --assume-slope invents falls)`,
  );
  const assumed = [...assumedPerUtility.values()].reduce((a, b) => a + b, 0);
  if (assumed > 0) {
    const per = [...assumedPerUtility.keys()].map((u) => `${u} ${DEFAULT_DIAMETER_MM[u]} mm`).join(', ');
    report.assumptions.push(`${assumed} of ${links.length} pipes have no diameter: assumed ${per}`);
  }
  report.assumptions.push(...qa.unitGuesses);
  if (qa.unknownKind > 0)
    report.assumptions.push(`${qa.unknownKind} point feature(s) with an unknown type imported as chambers`);
  report.assumptions.push(
    `line ends snapped to facilities within ${tolerance} m; ends meeting without a facility joined by new junctions`,
  );
  return done({ networks, nodes, links });
}

/** `manhole 12` / `#12` for QA notes. */
function describe(f: Facility): string {
  return `${f.kind} ${f.id ?? `#${f.featureIndex}`}`;
}
const round2 = (x: number): number => Math.round(x * 100) / 100;
const idOf = (id: string | undefined): { id?: string } => (id !== undefined ? { id } : {});

function kindsOf(nodes: readonly NetworkNode[]): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  return [...counts].map(([k, c]) => `${c} ${k}${c > 1 ? 's' : ''}`).join(', ');
}

/** A valve is normally closed when a status attribute says so (`Status: Closed`, `NORMPOS: C`...). */
function isClosedValve(attributes: NetworkNode['attributes']): boolean {
  for (const [k, v] of Object.entries(attributes))
    if (
      /status|normpos|normal|position|state/i.test(k) &&
      typeof v === 'string' &&
      /^(closed?|c|shut|nc)$/i.test(v.trim())
    )
      return true;
  return false;
}

/**
 * Marks supply points: ids given by the user (a point's id attribute or `#featureIndex`) become reservoirs (tanks
 * stay tanks); a point of the sources layer within the tolerance of another point turns that point into the source.
 * Unknown ids are an error (a network saved without the source asked for would isolate nothing).
 */
function markSources(
  points: Facility[],
  ids: readonly string[],
  toleranceM: number,
  planar: (p: LonLat) => PlanarPoint,
  report: ImportReport,
  qa: PipeGisQaBuilder,
): Facility[] {
  const wanted = new Set(ids);
  const found = new Set<string>();
  for (const f of points) {
    if (f.role !== 'point') continue;
    for (const key of [f.id, `#${f.featureIndex}`])
      if (key !== undefined && wanted.has(key)) {
        found.add(key);
        if (f.kind !== 'tank') f.kind = 'reservoir';
      }
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const examples = points
      .filter((f) => f.role === 'point' && f.id !== undefined)
      .slice(0, 3)
      .map((f) => f.id);
    fail(
      report,
      `--sources: no point has the id ${missing.join(', ')}${examples.length > 0 ? ` (ids look like ${examples.join(', ')}; or use #featureIndex)` : ' (the points have no id attribute: use #featureIndex)'}`,
    );
  }
  const others = points.filter((f) => f.role !== 'source');
  const absorbed = new Set<Facility>();
  for (const s of points.filter((f) => f.role === 'source')) {
    const p = planar(s.position);
    let best: Facility | undefined,
      bestD = Infinity;
    for (const o of others) {
      if (o.utility !== s.utility || o.role === 'valve') continue;
      const q = planar(o.position);
      const d = Math.hypot(p[0] - q[0], p[1] - q[1]);
      if (d <= toleranceM && d < bestD) {
        best = o;
        bestD = d;
      }
    }
    if (best) {
      best.kind = s.kind;
      best.props = { ...best.props, ...s.props };
      absorbed.add(s);
    }
  }
  qa.sourcePoints = points.filter((f) => f.role === 'source').length;
  return points.filter((f) => !absorbed.has(f));
}

function converterOf(
  parsed: ParsedFeatures,
  options: PipeGisOptions,
  report: ImportReport,
): { crs: string; convert: ToWgs84 } | null {
  return featureConverter(
    { ...options.placement, ...(options.crs ? { crs: options.crs } : {}) },
    parsed.crsName,
    parsed.features,
    report,
  );
}

/** The field reader of a layer: the user's map, usual names, and the diameter unit guessed from the values. */
function readerFor(
  features: readonly GeoJsonFeature[],
  fields: readonly (typeof LINE_FIELDS)[number][] | readonly (typeof POINT_FIELDS)[number][],
  given: FieldMap,
  heightUnit: number,
  qa: PipeGisQaBuilder,
  file: string,
): FieldReader {
  const names = new Set<string>();
  for (const f of features.slice(0, 2000)) for (const k of Object.keys(f?.properties ?? {})) names.add(k);
  // The user's map applies to the layer that has the attribute (lines and points are mapped in one --map).
  const own: FieldMap = {};
  for (const [field, s] of Object.entries(given) as [keyof FieldMap, NonNullable<FieldMap[keyof FieldMap]>][])
    if ((fields as readonly string[]).includes(field) && names.has(s.attribute)) own[field] = s;
  const map = detectFieldMap(names, fields, own);
  for (const [field, s] of Object.entries(given))
    if ((fields as readonly string[]).includes(field) && !names.has(s!.attribute) && fields === LINE_FIELDS)
      qa.warning(`--map ${field}=${s!.attribute}: ${file} has no attribute ${s!.attribute}`);
  // An id attribute that repeats (OBJECTID 0 on every feature of an export) identifies nothing.
  const id = map.id;
  if (id?.detected) {
    const values = features
      .map((f) => f?.properties?.[id.attribute])
      .filter((v) => v !== null && v !== undefined && v !== '');
    if (new Set(values.map(String)).size < values.length * 0.9) delete map.id;
  }
  let diameterUnit = 0.001;
  const d = map.diameter;
  if (d && !d.unit) {
    const guess = diameterUnitOf(features.map((f) => f?.properties?.[d.attribute]));
    diameterUnit = ATTRIBUTE_UNITS[guess.unit]!;
    qa.unitGuess(
      guess.unit === 'in'
        ? `diameters of ${d.attribute} read in inches: every value is at most 72 (largest ${guess.largest}); give --map diameter=${d.attribute}:mm if they are millimetres`
        : `diameters of ${d.attribute} read in millimetres (largest ${guess.largest}); give --map diameter=${d.attribute}:in if they are inches`,
    );
  }
  for (const field of ['upstreamInvert', 'downstreamInvert', 'ground', 'invert'] as const) {
    const s = map[field];
    if (s && !s.unit && heightUnit === 1 && features.some((f) => f?.properties?.[s.attribute] != null))
      qa.unitGuess(
        `${field} from ${s.attribute} read in metres (no unit given: --map ${field}=${s.attribute}:ft or --height-unit)`,
      );
  }
  const reader = new FieldReader(map, heightUnit, diameterUnit);
  qa.addReader(reader, file);
  return reader;
}

/** Reads one layer's lines and points (converted to WGS84), skipping abandoned features and counting the rest. */
function readLayer(
  parsed: ParsedFeatures,
  file: string,
  role: PointRole,
  conv: { crs: string; convert: ToWgs84 },
  options: PipeGisOptions,
  report: ImportReport,
  qa: PipeGisQaBuilder,
  lines: Line[],
  facilities: Facility[],
): void {
  let abandoned = 0,
    noUtility = 0,
    other = 0;
  parsed.features.forEach((f: GeoJsonFeature, featureIndex) => {
    const p = f.properties ?? {};
    const where = { file, featureIndex };
    const type = f.geometry?.type;
    const isLine = type === 'LineString' || type === 'MultiLineString';
    const isPoint = type === 'Point' || type === 'MultiPoint';
    if (!isLine && !isPoint) {
      other++;
      return;
    }
    if (isLine) qa.read.lineFeatures++;
    else if (role === 'valve') qa.read.valvePoints++;
    else qa.read.pointFeatures++;
    if (isAbandoned(p)) {
      abandoned++;
      return;
    }
    const found = options.utility
      ? { utility: options.utility, combined: /combined/i.test(String(p.System_Type ?? '')) }
      : utilityOf(p);
    if (!found) {
      noUtility++;
      if (noUtility <= 5) warn(report, 'utility not recognised from attributes: skipped (pass --utility)', where);
      return;
    }
    const convertPositions = (positions: unknown): LonLat[] | null => {
      if (!Array.isArray(positions)) return null;
      const out: LonLat[] = [];
      for (const pos of positions) {
        const c =
          Array.isArray(pos) && typeof pos[0] === 'number' && typeof pos[1] === 'number'
            ? conv.convert(pos[0], pos[1])
            : [NaN, NaN];
        if (!isValidLonLat(c)) {
          fail(
            report,
            `position ${JSON.stringify(pos)} gives no valid WGS84 position: wrong CRS or bad numbers`,
            where,
          );
          return null;
        }
        out.push([c[0]!, c[1]!]);
      }
      return out;
    };
    const coords = f.geometry!.coordinates;
    if (isPoint) {
      const points = convertPositions(type === 'Point' ? [coords] : coords);
      const kind = facilityKindOf(String(p.Type ?? p.type ?? ''));
      for (const position of points ?? []) {
        qa.read.points++;
        facilities.push({
          file,
          featureIndex,
          role,
          position,
          kind: kind ?? 'chamber',
          utility: found.utility,
          props: p,
          merged: 0,
        });
      }
      return;
    }
    if (role !== 'point') {
      other++;
      return;
    }
    const parts = type === 'LineString' ? [coords] : Array.isArray(coords) ? coords : [];
    parts.forEach((part: unknown, index: number) => {
      const path = convertPositions(part);
      if (!path) return;
      if (path.length < 2) {
        warn(report, 'line with fewer than 2 positions skipped', where);
        return;
      }
      qa.read.lines++;
      lines.push({ featureIndex, part: index, path, utility: found.utility, combined: found.combined, props: p });
    });
  });
  if (abandoned > 0) {
    warn(report, `${abandoned} abandoned feature(s) skipped`, { file }, abandoned);
    addCount(report, 'skippedAbandoned', abandoned);
    qa.dropped.abandoned += abandoned;
  }
  if (noUtility > 0) {
    addCount(report, 'skippedNoUtility', noUtility);
    qa.dropped.noUtility += noUtility;
  }
  if (other > 0) {
    warn(
      report,
      `${other} feature(s) of ${file} that are not ${role === 'point' ? 'lines or points' : 'points'} skipped`,
      { file },
      other,
    );
    addCount(report, 'skippedOther', other);
    qa.dropped.otherGeometry += other;
  }
}

function scalarAttributes(p: Record<string, unknown>): NetworkNode['attributes'] {
  const out: NetworkNode['attributes'] = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'string') {
      if (v.trim() !== '') out[k] = v.trim();
    } else if (v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
  }
  return out;
}
