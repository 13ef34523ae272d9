import Flatbush from 'flatbush';
import { EnuFrame, ringCentroid } from '../../core/geo/index.js';
import type { Building, LonLat, NetworkLink, NetworkNode } from '../../core/model/index.js';
import type { PlanarPoint } from './snap-topology.js';

/**
 * Where a building's service connection goes: the main (pipe) nearest to it and the junction it is fed from. Kept on
 * the building (`attributes.serviceNodeId`, see core/simulation/service-attributes.ts) so a burst that cuts the
 * junction off finds the building, whichever of the two was imported first.
 */
export interface ServiceConnection {
  buildingId: string;
  nodeId: string;
  /** The nearest main. */
  linkId: string;
  /** Distance from the building's centroid to that main, m. */
  distanceM: number;
}

export interface NearestMainResult {
  connections: ServiceConnection[];
  /** Buildings with no main within the tolerance, with the distance to the nearest (Infinity: no main at all). */
  beyond: { buildingId: string; nearestM: number }[];
}

/** Default reach of a service line from its main, m (`--service-tolerance`). */
export const DEFAULT_SERVICE_TOLERANCE_M = 50;

/** The point a building is connected from: the centroid of its largest outer ring. */
export function buildingAnchor(b: Building): LonLat {
  let best = b.footprint[0]![0]!;
  for (const polygon of b.footprint) if (polygon[0]!.length > best.length) best = polygon[0]!;
  return ringCentroid(best);
}

/** Squared distance from p to segment ab, planar. */
function segmentDistance2(p: PlanarPoint, a: PlanarPoint, b: PlanarPoint): number {
  const dx = b[0] - a[0],
    dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  const x = a[0] + t * dx - p[0],
    y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/**
 * Connects each building to the nearest main (a `pipe` link) within `toleranceM` of its centroid, fed from the end of
 * that pipe nearest the building (a junction when either end is one: tanks and reservoirs feed no house directly).
 * Exact: every segment whose box lies within the tolerance is measured (a flat index of the pipes' segments).
 */
export function connectToNearestMains(
  buildings: readonly Building[],
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  toleranceM: number = DEFAULT_SERVICE_TOLERANCE_M,
): NearestMainResult {
  const result: NearestMainResult = { connections: [], beyond: [] };
  const mains = links.filter((l) => l.kind === 'pipe' && l.path.length >= 2);
  if (buildings.length === 0) return result;
  if (mains.length === 0) {
    for (const b of buildings) result.beyond.push({ buildingId: b.id, nearestM: Infinity });
    return result;
  }
  const first = mains[0]!.path[0]!;
  const frame = new EnuFrame(first[0], first[1]);
  const planar = (p: LonLat): PlanarPoint => {
    const e = frame.toEnu(p[0], p[1], 0);
    return [e[0], e[1]];
  };
  const paths = mains.map((l) => l.path.map(planar));
  const segMain: number[] = [],
    segStart: number[] = [];
  paths.forEach((path, m) => {
    for (let k = 1; k < path.length; k++) {
      segMain.push(m);
      segStart.push(k - 1);
    }
  });
  const index = new Flatbush(segMain.length);
  segMain.forEach((m, s) => {
    const a = paths[m]![segStart[s]!]!,
      b = paths[m]![segStart[s]! + 1]!;
    index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  });
  index.finish();
  // The nearest segment within `radius`: every segment whose box is that near is measured (a box's distance bounds
  // its segment's from below), so the answer is exact whenever it lies within the radius.
  const nearestWithin = (p: PlanarPoint, radius: number): { d2: number; main: number } => {
    let d2 = Infinity,
      main = -1;
    for (const s of index.neighbors(p[0], p[1], Infinity, radius)) {
      const m = segMain[s]!,
        k = segStart[s]!;
      const d = segmentDistance2(p, paths[m]![k]!, paths[m]![k + 1]!);
      if (d < d2) {
        d2 = d;
        main = m;
      }
    }
    return { d2, main };
  };
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  for (const b of buildings) {
    const p = planar(buildingAnchor(b));
    const found = nearestWithin(p, toleranceM);
    if (found.main < 0 || found.d2 > toleranceM * toleranceM) {
      // Beyond the tolerance: how far is the nearest main (the radius doubled until it holds one).
      let radius = Math.max(toleranceM, 1) * 2,
        far = nearestWithin(p, radius);
      while (far.d2 > radius * radius) far = nearestWithin(p, (radius *= 2));
      result.beyond.push({ buildingId: b.id, nearestM: Math.sqrt(far.d2) });
      continue;
    }
    const bestMain = found.main,
      bestD2 = found.d2;
    const main = mains[bestMain]!;
    const path = paths[bestMain]!;
    const ends = [
      { id: main.fromNodeId, d: Math.hypot(path[0]![0] - p[0], path[0]![1] - p[1]) },
      { id: main.toNodeId, d: Math.hypot(path.at(-1)![0] - p[0], path.at(-1)![1] - p[1]) },
    ].sort((x, y) => x.d - y.d);
    const junction = ends.find((e) => nodeById.get(e.id)?.kind === 'junction') ?? ends[0]!;
    result.connections.push({
      buildingId: b.id,
      nodeId: junction.id,
      linkId: main.id,
      distanceM: Math.sqrt(bestD2),
    });
  }
  return result;
}

/** A row of a `--service-connections` CSV file: a building and the node that feeds it. */
export interface MappedConnection {
  buildingId: string;
  nodeId: string;
  line: number;
}

/**
 * Reads a `building,node` CSV (a header naming `building` and `node` columns in any order, or two columns without
 * header; `,`, `;` or tab). Answers the rows, or an error naming the line.
 */
export function parseServiceConnectionsCsv(text: string): MappedConnection[] | string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const delimiter = /\t/.test(lines[0] ?? '') ? '\t' : /;/.test(lines[0] ?? '') ? ';' : ',';
  const cells = (line: string) => line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  let buildingCol = 0,
    nodeCol = 1,
    start = 0;
  const header = cells(lines[0] ?? '').map((c) => c.toLowerCase());
  const b = header.findIndex((c) => /^building(_?id)?$/.test(c));
  const n = header.findIndex((c) => /^(node|junction)(_?id)?$/.test(c));
  if (b >= 0 && n >= 0) {
    buildingCol = b;
    nodeCol = n;
    start = 1;
  }
  const rows: MappedConnection[] = [];
  for (let i = start; i < lines.length; i++) {
    if (lines[i]!.trim() === '' || lines[i]!.trim().startsWith('#')) continue;
    const c = cells(lines[i]!);
    const buildingId = c[buildingCol] ?? '',
      nodeId = c[nodeCol] ?? '';
    if (buildingId === '' || nodeId === '') return `line ${i + 1}: expected "building,node", got "${lines[i]}"`;
    rows.push({ buildingId, nodeId, line: i + 1 });
  }
  return rows;
}
