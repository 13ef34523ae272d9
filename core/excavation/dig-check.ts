import Flatbush from 'flatbush';
import type { LineCoords, LonLat, NetworkLink, NetworkNode, NodeKind, PolygonCoords, Utility } from '../model/index.js';
import { LocalPlane } from './local-plane.js';
import { digPrism, elementDistances, type AxisPoint, type DigPrism } from './prism-distance.js';
import type { ClearanceTable } from './clearance-table.js';
import { trenchOutline } from './trench.js';

/** A planned dig: a polygon, or a trench (a line and a width), down to a depth below ground. Lon/lat in degrees. */
export type DigGeometry =
  { polygon: PolygonCoords; depthM: number } | { line: LineCoords; widthM: number; depthM: number };

/**
 * Radius (m) of the chamber or box of a node, as a vertical cylinder from the surface to its invert. Junctions and
 * service points are fittings on pipes: the pipes stand for them.
 */
export const NODE_RADIUS_M: Partial<Record<NodeKind, number>> = {
  manhole: 0.5,
  chamber: 0.6,
  inlet: 0.35,
  valve: 0.25,
  hydrant: 0.15,
  regulator: 0.6,
  cabinet: 0.5,
  substation: 2.0,
  pump: 1.0,
  tank: 3.0,
  reservoir: 5.0,
  outfall: 0.5,
};

export type Conflict = 'inside' | 'within-clearance';

/** One network element a dig reaches or passes within its clearance. */
export interface DigHit {
  id: string;
  element: 'link' | 'node';
  utility: Utility;
  kind: string;
  networkId: string;
  /** Plan distance from the element's outer surface to the dig, m (0 when they overlap in plan). */
  horizontalDistanceM: number;
  /** 3D clear distance from the element to the dig solid, m (0 when the dig reaches it). */
  distanceM: number;
  /** Where the element lies under the dig in plan: the clear distance below the dig's bottom; null beside it. */
  verticalDistanceM: number | null;
  /** Ground minus the top of the element (least along a link), m; 0 for chambers that reach the surface. */
  coverDepthM: number;
  clearanceM: { horizontal: number; vertical: number };
  conflict: Conflict;
  diameterMm: number | null;
  material: string | null;
  installYear: number | null;
  gridId: string | null;
  /** A building this element serves (service connections). */
  buildingId: string | null;
}

/** The dig in the local plane, ready for distance queries. */
export interface PreparedDig {
  plane: LocalPlane;
  prism: DigPrism;
  /** Plan outline in lon/lat (a trench's buffered outline), as GeoJSON MultiPolygon coordinates. */
  outline: LonLat[][][];
  /** Lon/lat box of the outline. */
  bbox: [number, number, number, number];
  areaM2: number;
}

/** Turns a dig's geometry into its prism in a local plane centred on it. */
export function prepareDig(dig: DigGeometry): PreparedDig {
  const first = 'polygon' in dig ? dig.polygon[0]![0]! : dig.line[0]!;
  const plane = new LocalPlane(first[0], first[1]);
  const toXY = (p: readonly number[]): [number, number] => [plane.x(p[0]!), plane.y(p[1]!)];
  const planPolys: [number, number][][][] =
    'polygon' in dig ? [dig.polygon.map((ring) => ring.map(toXY))] : trenchOutline(dig.line.map(toXY), dig.widthM);
  const rings = planPolys.flat();
  const prism = digPrism(rings, dig.depthM);
  const outline = planPolys.map((poly) => poly.map((ring) => ring.map(([x, y]) => plane.toLonLat(x, y) as LonLat)));
  const sw = plane.toLonLat(prism.bbox[0], prism.bbox[1]);
  const ne = plane.toLonLat(prism.bbox[2], prism.bbox[3]);
  let areaM2 = 0;
  for (const poly of planPolys)
    poly.forEach((ring, i) => {
      let a = 0;
      for (let k = 0, j = ring.length - 1; k < ring.length; j = k++)
        a += ring[j]![0] * ring[k]![1] - ring[k]![0] * ring[j]![1];
      areaM2 += (i === 0 ? 1 : -1) * Math.abs(a / 2);
    });
  return { plane, prism, outline, bbox: [sw[0], sw[1], ne[0], ne[1]], areaM2 };
}

/** Depth geometry of a link: its axis (plan in the plane, depth of the axis) and radius. */
export interface LinkSection {
  axis: AxisPoint[];
  radiusM: number;
  coverDepthM: number;
}

/**
 * The buried axis of a link. Ground and invert are interpolated along the path between its end nodes (ground from the
 * nodes, or the city's ground elevation where a node is missing); the axis lies one radius above the invert.
 */
export function linkSection(
  link: NetworkLink,
  nodes: ReadonlyMap<string, NetworkNode>,
  groundElevationM: number,
  plane: LocalPlane,
): LinkSection {
  const r = link.diameterMm / 2000;
  const g0 = nodes.get(link.fromNodeId)?.groundM ?? groundElevationM;
  const g1 = nodes.get(link.toNodeId)?.groundM ?? groundElevationM;
  const xs = link.path.map((p) => plane.x(p[0]));
  const ys = link.path.map((p) => plane.y(p[1]));
  const cum = [0];
  for (let i = 1; i < xs.length; i++) cum.push(cum[i - 1]! + Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!));
  const total = cum[cum.length - 1]! || 1;
  const axis = xs.map((x, i) => {
    const s = cum[i]! / total;
    const ground = g0 + s * (g1 - g0);
    const invert = link.fromInvertM + s * (link.toInvertM - link.fromInvertM);
    return { x, y: ys[i]!, z: ground - (invert + r) };
  });
  return { axis, radiusM: r, coverDepthM: linkCoverDepthM(link, g0, g1) };
}

/** Ground minus top of pipe, the least of both ends, m (what `coverDepthM` of a link in the API says). */
export function linkCoverDepthM(
  link: Pick<NetworkLink, 'diameterMm' | 'fromInvertM' | 'toInvertM'>,
  groundFromM: number,
  groundToM: number,
): number {
  const d = link.diameterMm / 1000;
  return round3(Math.min(groundFromM - (link.fromInvertM + d), groundToM - (link.toInvertM + d)));
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/**
 * A city's networks under a spatial index (flatbush over link and node boxes), built once per city revision and
 * queried for every dig.
 */
export class DigIndex {
  private readonly index: Flatbush | null;
  private readonly nodesById: Map<string, NetworkNode>;
  /** Links first, then the nodes that have a body (see NODE_RADIUS_M). */
  private readonly items: ({ link: NetworkLink } | { node: NetworkNode })[] = [];
  /** Largest element radius, m: how far beyond its box an element may reach. */
  readonly maxRadiusM: number;

  constructor(
    nodes: readonly NetworkNode[],
    links: readonly NetworkLink[],
    readonly groundElevationM: number,
  ) {
    this.nodesById = new Map(nodes.map((n) => [n.id, n]));
    let maxR = 0;
    for (const link of links) {
      this.items.push({ link });
      maxR = Math.max(maxR, link.diameterMm / 2000);
    }
    for (const node of nodes) {
      const r = NODE_RADIUS_M[node.kind];
      if (r === undefined) continue;
      this.items.push({ node });
      maxR = Math.max(maxR, r);
    }
    this.maxRadiusM = maxR;
    if (this.items.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(this.items.length);
    for (const item of this.items) {
      if ('link' in item) {
        let w = Infinity,
          s = Infinity,
          e = -Infinity,
          n = -Infinity;
        for (const p of item.link.path) {
          w = Math.min(w, p[0]);
          s = Math.min(s, p[1]);
          e = Math.max(e, p[0]);
          n = Math.max(n, p[1]);
        }
        index.add(w, s, e, n);
      } else index.add(item.node.position[0], item.node.position[1], item.node.position[0], item.node.position[1]);
    }
    index.finish();
    this.index = index;
  }

  get size(): number {
    return this.items.length;
  }

  node(id: string): NetworkNode | undefined {
    return this.nodesById.get(id);
  }

  /** Elements whose boxes meet a lon/lat box. */
  search(bbox: readonly [number, number, number, number]): ({ link: NetworkLink } | { node: NetworkNode })[] {
    if (this.index === null) return [];
    return this.index.search(bbox[0], bbox[1], bbox[2], bbox[3]).map((i) => this.items[i]!);
  }

  /** Every element the dig reaches or passes within the element's excavation clearance, nearest first. */
  check(dig: PreparedDig, table: ClearanceTable): DigHit[] {
    let reach = 0;
    for (const c of Object.values(table.excavation)) reach = Math.max(reach, c.horizontalM);
    const grow = dig.plane.degrees(reach + this.maxRadiusM + 1);
    const box = [
      dig.bbox[0] - grow.lon,
      dig.bbox[1] - grow.lat,
      dig.bbox[2] + grow.lon,
      dig.bbox[3] + grow.lat,
    ] as const;
    const hits: DigHit[] = [];
    for (const item of this.search(box)) {
      const hit = 'link' in item ? this.linkHit(dig, item.link, table) : this.nodeHit(dig, item.node, table);
      if (hit) hits.push(hit);
    }
    return hits.sort(
      (a, b) =>
        (a.conflict === b.conflict ? 0 : a.conflict === 'inside' ? -1 : 1) ||
        a.distanceM - b.distanceM ||
        a.horizontalDistanceM - b.horizontalDistanceM ||
        (a.id < b.id ? -1 : 1),
    );
  }

  private linkHit(dig: PreparedDig, link: NetworkLink, table: ClearanceTable): DigHit | null {
    const section = linkSection(link, this.nodesById, this.groundElevationM, dig.plane);
    const clearance = table.excavation[link.utility];
    const judged = judge(
      elementDistances(dig.prism, section.axis, section.radiusM, clearance.horizontalM + 0.01),
      clearance,
    );
    if (judged === null) return null;
    const buildingId = link.attributes['buildingId'];
    return {
      id: link.id,
      element: 'link',
      utility: link.utility,
      kind: link.kind,
      networkId: link.networkId,
      ...judged,
      coverDepthM: Math.max(0, section.coverDepthM),
      diameterMm: link.diameterMm,
      material: link.material ?? null,
      installYear: link.installYear ?? null,
      gridId: link.gridId,
      buildingId: typeof buildingId === 'string' ? buildingId : null,
    };
  }

  private nodeHit(dig: PreparedDig, node: NetworkNode, table: ClearanceTable): DigHit | null {
    const r = NODE_RADIUS_M[node.kind]!;
    const x = dig.plane.x(node.position[0]),
      y = dig.plane.y(node.position[1]);
    const axis = [
      { x, y, z: 0 },
      { x, y, z: Math.max(0, node.groundM - node.invertM) },
    ];
    const clearance = table.excavation[node.utility];
    const judged = judge(elementDistances(dig.prism, axis, r, clearance.horizontalM + 0.01), clearance);
    if (judged === null) return null;
    const buildingId = node.attributes['buildingId'];
    const diameter = node.attributes['diameterMm'];
    return {
      id: node.id,
      element: 'node',
      utility: node.utility,
      kind: node.kind,
      networkId: node.networkId,
      ...judged,
      coverDepthM: 0,
      diameterMm: typeof diameter === 'number' ? diameter : Math.round(r * 2000),
      material: typeof node.attributes['material'] === 'string' ? node.attributes['material'] : null,
      installYear: typeof node.attributes['installYear'] === 'number' ? node.attributes['installYear'] : null,
      gridId: node.gridId,
      buildingId: typeof buildingId === 'string' ? buildingId : null,
    };
  }
}

/**
 * The rule: the dig reaches the element (3D clear distance 0) -> `inside`; beside the dig in plan, closer than the
 * horizontal clearance -> `within-clearance`; under the dig in plan, closer than the vertical clearance below its
 * bottom -> `within-clearance`; anything else is clear of the dig.
 */
export function judge(
  d: { horizontalM: number; distanceM: number },
  clearance: { horizontalM: number; verticalM: number },
): Pick<DigHit, 'horizontalDistanceM' | 'distanceM' | 'verticalDistanceM' | 'clearanceM' | 'conflict'> | null {
  const under = d.horizontalM === 0;
  let conflict: Conflict | null = null;
  if (d.distanceM === 0) conflict = 'inside';
  else if (under ? d.distanceM <= clearance.verticalM : d.horizontalM <= clearance.horizontalM)
    conflict = 'within-clearance';
  if (conflict === null) return null;
  return {
    horizontalDistanceM: round3(d.horizontalM),
    distanceM: round3(d.distanceM),
    verticalDistanceM: under ? round3(d.distanceM) : null,
    clearanceM: { horizontal: clearance.horizontalM, vertical: clearance.verticalM },
    conflict,
  };
}
