import { EnuFrame, localDistanceM } from '../../core/geo/index.js';
import type { LinkKind, LonLat, Network, NetworkLink, NetworkNode, NodeKind, Utility } from '../../core/model/index.js';
import { isValidLonLat } from './coordinate-placement.js';
import { parseFeatures, type GeoJsonFeature, type ParsedFeatures } from './geojson-source.js';
import { featureConverter, type SourcePlacement } from './source-placement.js';
import type { ToWgs84 } from '../../core/geo/index.js';
import { snapLineEnds, type EndNode, type PlanarPoint } from './snap-topology.js';
import { slug } from './epanet-inp.js';
import {
  addCount,
  createReport,
  fail,
  finish,
  warn,
  type ImportReport,
  type ImportResult,
} from '../report/import-report.js';

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
  /** Depth of manhole floors (and pipe inverts) below ground where the data has none, m. @default 2.5 */
  defaultDepthM?: number;
  /** Fall assumed along each pipe, m/m (flow follows the digitised direction). @default 0.005 */
  assumedSlope?: number;
  /** Ground elevation where the data has none, m. @default 0 */
  groundElevationM?: number;
  /** Prefix of network ids. @default the utility */
  networkIdPrefix?: string;
}

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

/** Node kind of a facility type (`Sanitary Manhole`, `CB tied to Sanitary Sewer`, `Known CSO Outfalls`...). */
export function facilityKindOf(type: string): NodeKind | undefined {
  const t = type.toLowerCase();
  if (/outfall|\bcso\b/.test(t)) return 'outfall';
  if (/manhole|\bmh\b/.test(t)) return 'manhole';
  if (/catch ?basin|\bcb\b|inlet|gully/.test(t)) return 'inlet';
  if (/hydrant/.test(t)) return 'hydrant';
  if (/valve/.test(t)) return 'valve';
  if (/pump/.test(t)) return 'pump';
  if (/regulator/.test(t)) return 'regulator';
  return undefined;
}

interface Facility {
  featureIndex: number;
  position: LonLat;
  kind: NodeKind;
  utility: Utility;
  props: Record<string, unknown>;
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

/**
 * Imports pipes (LineString/MultiLineString) and facilities (Point) from GIS GeoJSON: snaps line ends to
 * facilities within a tolerance, joins ends that meet without one, reports ends that met nothing, and assumes the
 * diameters, depths and falls the data lacks (stated once each in the report). Abandoned features are skipped.
 */
export function importPipeGis(
  linesText: string | ParsedFeatures,
  pointsText: string | ParsedFeatures | undefined,
  options: PipeGisOptions = {},
): ImportResult<{ networks: Network[]; nodes: NetworkNode[]; links: NetworkLink[] }> {
  const source = options.source ?? 'lines.geojson';
  const report = createReport(source, 'pipe-gis');
  const empty = { networks: [], nodes: [], links: [] };
  const tolerance = options.snapToleranceM ?? 2;
  const depth = options.defaultDepthM ?? 2.5;
  const slope = options.assumedSlope ?? 0.005;
  const ground = options.groundElevationM ?? 0;
  const facilities: Facility[] = [];
  const lines: Line[] = [];
  // A local drawing is placed by the lines' extent; the points file then shares the lines' placement.
  const used = readFeatures(linesText, source, options, report, lines, facilities);
  if (pointsText !== undefined)
    readFeatures(
      pointsText,
      options.pointsSource ?? 'points.geojson',
      options,
      report,
      lines,
      facilities,
      options.placement?.anchor ? used : undefined,
    );
  if (lines.length === 0 && report.errors.length === 0)
    fail(report, 'no LineString feature: nothing to import as pipes');
  if (report.errors.length > 0) return finish(report, empty);

  const all = [...lines.flatMap((l) => l.path), ...facilities.map((f) => f.position)];
  const frame = new EnuFrame(
    (Math.min(...all.map((p) => p[0])) + Math.max(...all.map((p) => p[0]))) / 2,
    (Math.min(...all.map((p) => p[1])) + Math.max(...all.map((p) => p[1]))) / 2,
  );
  const planar = (p: LonLat): PlanarPoint => {
    const e = frame.toEnu(p[0], p[1], 0);
    return [e[0], e[1]];
  };
  const networks: Network[] = [],
    nodes: NetworkNode[] = [],
    links: NetworkLink[] = [];
  let assumedDiameters = 0;
  for (const utility of [...new Set(lines.map((l) => l.utility))]) {
    const networkId = `${options.networkIdPrefix ?? utility}-${slug(source)}`;
    networks.push({
      id: networkId,
      utility,
      name: `${utility} network from ${source}`,
      provenance: { source, synthetic: false },
      metadata: { snapToleranceM: tolerance },
    });
    const uf = facilities.filter((f) => f.utility === utility);
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
    ): NetworkNode => ({
      id,
      networkId,
      utility,
      kind,
      position,
      groundM: ground,
      invertM: ground - depth,
      gridId: null,
      provenance: { source: sourceName, ...(sourceId !== undefined ? { sourceId } : {}), synthetic: false },
      attributes,
    });
    const facilityNodes = uf.map((f) =>
      node(
        f.kind,
        `${networkId}-f${f.featureIndex}`,
        f.position,
        options.pointsSource ?? source,
        `#${f.featureIndex}`,
        scalarAttributes(f.props),
      ),
    );
    const junctionNodes = snap.junctions.map((j, i) => {
      const e = frame.fromEnu(j.position[0], j.position[1], 0);
      return node('junction', `${networkId}-j${i}`, [e[0], e[1]], source, undefined, {
        endsJoined: j.ends,
        unsnapped: j.ends === 1,
      });
    });
    const nodeOf = (end: EndNode): NetworkNode =>
      end.kind === 'facility' ? facilityNodes[end.index]! : junctionNodes[end.index]!;
    const used = new Set<string>();
    ul.forEach((l, i) => {
      const [a, b] = snap.lineEnds[i]!.map(nodeOf) as [NetworkNode, NetworkNode];
      const where = { featureIndex: l.featureIndex };
      if (a.id === b.id) {
        warn(report, `both ends snap to node ${a.id}: line skipped (shorter than the snap tolerance?)`, where);
        addCount(report, 'skippedLoops');
        return;
      }
      const path: LonLat[] = [a.position, ...l.path.slice(1, -1), b.position];
      let lengthM = 0;
      for (let k = 1; k < path.length; k++)
        lengthM += localDistanceM(path[k - 1]![0], path[k - 1]![1], path[k]![0], path[k]![1]);
      const diameter = diameterOf(l.props);
      if (diameter === undefined) assumedDiameters++;
      // Pipes leave the downstream manhole at its floor and rise upstream at the assumed slope, keeping min cover.
      const toInvertM = b.invertM;
      const fromInvertM = Math.max(Math.min(toInvertM + slope * lengthM, a.groundM - MIN_COVER_M), toInvertM);
      const attributes = scalarAttributes(l.props);
      if (l.combined) attributes.combined = true;
      if (diameter === undefined) attributes.diameterAssumed = true;
      const material =
        typeof l.props.Material === 'string'
          ? l.props.Material
          : typeof l.props.MATERIAL === 'string'
            ? l.props.MATERIAL
            : undefined;
      links.push({
        id: `${networkId}-l${l.featureIndex}${l.part > 0 ? `-${l.part}` : ''}`,
        networkId,
        utility,
        kind: LINK_KIND[utility],
        fromNodeId: a.id,
        toNodeId: b.id,
        path,
        lengthM,
        diameterMm: diameter ?? DEFAULT_DIAMETER_MM[utility],
        ...(material ? { material } : {}),
        fromInvertM,
        toInvertM,
        gridId: null,
        provenance: { source, sourceId: `#${l.featureIndex}`, synthetic: false },
        attributes,
      });
      used.add(a.id);
      used.add(b.id);
    });
    for (const u of snap.unsnapped) {
      const l = ul[u.line]!;
      const p = u.end === 0 ? l.path[0]! : l.path[l.path.length - 1]!;
      warn(
        report,
        `${u.end === 0 ? 'start' : 'end'} of the line at ${p[0].toFixed(6)},${p[1].toFixed(6)} meets no facility or other line within ${tolerance} m`,
        { featureIndex: l.featureIndex },
      );
    }
    nodes.push(...facilityNodes, ...junctionNodes);
    addCount(report, 'snappedToFacility', snap.snappedToFacility);
    addCount(report, 'joinedEnds', snap.joinedEnds);
    addCount(report, 'unsnappedEnds', snap.unsnapped.length);
    addCount(report, 'facilitiesWithoutLine', facilityNodes.filter((n) => !used.has(n.id)).length);
  }
  for (const n of nodes) addCount(report, `${n.kind}s`);
  addCount(report, 'links', links.length);
  report.assumptions.push(
    `ground elevation ${ground} m everywhere (no elevation data); facility floors and pipe ends ${depth} m deep; pipes fall ${slope * 100}% along the digitised direction (min cover ${MIN_COVER_M} m)`,
  );
  if (assumedDiameters > 0) {
    const per = [...new Set(links.map((l) => l.utility))].map((u) => `${u} ${DEFAULT_DIAMETER_MM[u]} mm`).join(', ');
    report.assumptions.push(`${assumedDiameters} of ${links.length} pipes have no diameter: assumed ${per}`);
  }
  report.assumptions.push(
    `line ends snapped to facilities within ${tolerance} m; ends meeting without a facility joined by new junctions`,
  );
  return finish(report, { networks, nodes, links });
}

function readFeatures(
  text: string | ParsedFeatures,
  file: string,
  options: PipeGisOptions,
  report: ImportReport,
  lines: Line[],
  facilities: Facility[],
  shared?: { crs: string; convert: ToWgs84 } | null,
): { crs: string; convert: ToWgs84 } | null {
  const parsed = parseFeatures(text, report);
  if (!parsed) return null;
  const conv =
    shared ??
    featureConverter(
      { ...options.placement, ...(options.crs ? { crs: options.crs } : {}) },
      parsed.crsName,
      parsed.features,
      report,
    );
  if (!conv) return null;
  let abandoned = 0,
    noUtility = 0,
    other = 0,
    unknownKind = 0;
  parsed.features.forEach((f: GeoJsonFeature, featureIndex) => {
    const p = f.properties ?? {};
    const where = { file, featureIndex };
    const type = f.geometry?.type;
    if (type !== 'LineString' && type !== 'MultiLineString' && type !== 'Point' && type !== 'MultiPoint') {
      other++;
      return;
    }
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
    if (type === 'Point' || type === 'MultiPoint') {
      const points = convertPositions(type === 'Point' ? [coords] : coords);
      const kind = facilityKindOf(String(p.Type ?? p.type ?? ''));
      if (!kind) unknownKind++;
      for (const position of points ?? [])
        facilities.push({ featureIndex, position, kind: kind ?? 'chamber', utility: found.utility, props: p });
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
      lines.push({ featureIndex, part: index, path, utility: found.utility, combined: found.combined, props: p });
    });
  });
  if (abandoned > 0) {
    warn(report, `${abandoned} abandoned feature(s) skipped`, { file }, abandoned);
    addCount(report, 'skippedAbandoned', abandoned);
  }
  if (noUtility > 0) addCount(report, 'skippedNoUtility', noUtility);
  if (other > 0) {
    warn(report, `${other} feature(s) that are neither lines nor points skipped`, { file }, other);
    addCount(report, 'skippedOther', other);
  }
  if (unknownKind > 0)
    report.assumptions.push(`${unknownKind} point feature(s) of ${file} with an unknown type imported as chambers`);
  return conv;
}

/** A diameter in mm from `diameter_mm`, or `Diameter`/`DIAMETER`/`Size` (values under 50 read as inches). */
function diameterOf(p: Record<string, unknown>): number | undefined {
  const mm = Number(p.diameter_mm ?? p.diameterMm);
  if (mm > 0) return mm;
  const raw = Number(p.Diameter ?? p.DIAMETER ?? p.diameter ?? p.Size ?? p.PIPE_SIZE);
  if (!(raw > 0)) return undefined;
  return raw < 50 ? raw * 25.4 : raw;
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
