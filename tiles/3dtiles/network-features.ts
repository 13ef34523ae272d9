import { addFitting, addTube, type FittingPlacement, type MeshBuffer, type Rgb } from '../../core/geometry/index.js';
import type { EnuFrame } from '../../core/geo/index.js';
import type { NetworkLink, NetworkNode, Utility } from '../../core/model/index.js';
import { NETWORK_CLASS, type NetworkRow } from './metadata-classes.js';
import type { PropertyTableBuilder } from './property-table.js';
import type { TileContentStrategy } from './tile-content-strategy.js';
import { CJJ61_COLORS, hexToRgb, srgbToLinearBytes } from './utility-colors.js';

/** Pipes thinner than this are drawn at this radius (m) so a 100 mm duct is still visible and pickable. */
export const MIN_PIPE_RADIUS_M = 0.15;

interface FeatureBase {
  id: string;
  centroidE: number;
  centroidN: number;
  /** Larger draws first on coarse levels (pipes: diameter x length). */
  importance: number;
  color: Rgb;
  row: NetworkRow;
}

/** A link ready for tiling: centre line in ENU metres (heights in the tile frame) and drawn radius. */
export interface LinkFeature extends FeatureBase {
  type: 'link';
  /** Flat `[e, n, up, ...]` of the pipe axis. */
  points: Float64Array;
  radius: number;
}

/** A node ready for tiling. */
export interface NodeFeature extends FeatureBase {
  type: 'node';
  placement: FittingPlacement;
}

export type NetworkFeature = LinkFeature | NodeFeature;

/** Linear COLOR_0 bytes of each utility's CJJ 61 colour. */
export const UTILITY_LINEAR_COLORS: Readonly<Record<Utility, Rgb>> = Object.fromEntries(
  Object.entries(CJJ61_COLORS).map(([u, hex]) => [u, srgbToLinearBytes(hexToRgb(hex))]),
) as Record<Utility, Rgb>;

/** What link and node conversion need to know about the rest of the network. */
export interface NetworkContext {
  frame: EnuFrame;
  /** The city's ground elevation: heights in tiles are elevations minus this (ADR 0002). */
  groundElevationM: number;
  /** Ground elevation of each node, for the cover depth of links. */
  nodeGroundM: ReadonlyMap<string, number>;
  /** Largest drawn pipe radius meeting each node (sizes joints and valve bodies). */
  nodeRadiusM: ReadonlyMap<string, number>;
}

/** Builds the lookups of a {@link NetworkContext} from a network's nodes and links. */
export function networkContext(
  frame: EnuFrame,
  groundElevationM: number,
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
): NetworkContext {
  const nodeGroundM = new Map(nodes.map((n) => [n.id, n.groundM]));
  const nodeRadiusM = new Map<string, number>();
  for (const l of links) {
    const r = drawnRadius(l.diameterMm);
    for (const id of [l.fromNodeId, l.toNodeId]) nodeRadiusM.set(id, Math.max(nodeRadiusM.get(id) ?? 0, r));
  }
  return { frame, groundElevationM, nodeGroundM, nodeRadiusM };
}

/** Drawn radius of a pipe of inside diameter `diameterMm`, m. */
export function drawnRadius(diameterMm: number): number {
  return Math.max(diameterMm / 2000, MIN_PIPE_RADIUS_M);
}

/**
 * A link's tube axis: the path in ENU with the pipe centre (invert + diameter / 2) interpolated from the from-invert
 * to the to-invert along the path's length, so slopes, steep runs and vertical drops (a path whose points coincide in
 * plan) come out as true 3D lines.
 */
export function toLinkFeature(l: NetworkLink, ctx: NetworkContext): LinkFeature | null {
  const enu: [number, number, number] = [0, 0, 0];
  const n = l.path.length;
  const points = new Float64Array(n * 3);
  const cumulative = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [lon, lat] = l.path[i]!;
    ctx.frame.toEnu(lon, lat, 0, enu);
    points[i * 3] = enu[0];
    points[i * 3 + 1] = enu[1];
    if (i > 0)
      cumulative[i] = cumulative[i - 1]! + Math.hypot(enu[0] - points[i * 3 - 3]!, enu[1] - points[i * 3 - 2]!);
  }
  const total = cumulative[n - 1]!;
  const halfD = l.diameterMm / 2000;
  for (let i = 0; i < n; i++) {
    const t = total > 1e-9 ? cumulative[i]! / total : i / (n - 1);
    points[i * 3 + 2] = l.fromInvertM + (l.toInvertM - l.fromInvertM) * t + halfD - ctx.groundElevationM;
  }
  const from = ctx.nodeGroundM.get(l.fromNodeId) ?? ctx.groundElevationM;
  const to = ctx.nodeGroundM.get(l.toNodeId) ?? ctx.groundElevationM;
  const midInvert = (l.fromInvertM + l.toInvertM) / 2;
  const depthM = (from + to) / 2 - (midInvert + 2 * halfD);
  let sumE = 0,
    sumN = 0;
  for (let i = 0; i < n; i++) {
    sumE += points[i * 3]!;
    sumN += points[i * 3 + 1]!;
  }
  return {
    type: 'link',
    id: l.id,
    points,
    radius: drawnRadius(l.diameterMm),
    centroidE: sumE / n,
    centroidN: sumN / n,
    importance: l.diameterMm * Math.max(l.lengthM, total, 1),
    color: UTILITY_LINEAR_COLORS[l.utility],
    row: [
      l.id,
      l.kind,
      l.utility,
      l.name,
      l.diameterMm,
      l.material,
      depthM,
      midInvert,
      l.installYear,
      l.lengthM,
      l.gridId ?? undefined,
    ],
  };
}

/** A node as a fitting mesh placed at its position, ground and invert. */
export function toNodeFeature(node: NetworkNode, ctx: NetworkContext): NodeFeature {
  const enu = ctx.frame.toEnu(node.position[0], node.position[1], 0);
  const tank = node.hydraulics?.tank;
  const color = UTILITY_LINEAR_COLORS[node.utility];
  const placement: FittingPlacement = {
    kind: node.kind,
    east: enu[0],
    north: enu[1],
    groundUp: node.groundM - ctx.groundElevationM,
    invertUp: node.invertM - ctx.groundElevationM,
    pipeRadius: ctx.nodeRadiusM.get(node.id) ?? MIN_PIPE_RADIUS_M,
    color,
    ...(tank ? { tankDiameterM: tank.diameterM, tankHeightM: tank.maxLevelM } : {}),
  };
  return {
    type: 'node',
    id: node.id,
    placement,
    centroidE: enu[0],
    centroidN: enu[1],
    importance: 0,
    color,
    row: [
      node.id,
      node.kind,
      node.utility,
      node.name,
      undefined,
      undefined,
      node.groundM - node.invertM,
      node.invertM,
      undefined,
      undefined,
      node.gridId ?? undefined,
    ],
  };
}

/** Coarse levels of a network keep at most this many of the most important pipes. */
const COARSE_LINKS = 400;

/**
 * The network strategy: leaves hold 8-sided tubes with mitred or sphere joints and the fitting meshes, coloured per
 * utility; parents keep the largest pipes (diameter x length) as 4-sided tubes, so mains show from afar.
 */
export const NETWORK_STRATEGY: TileContentStrategy<NetworkFeature, LinkFeature[]> = {
  metadataClass: NETWORK_CLASS,
  baseColor: [1, 1, 1, 1],
  withColors: true,
  // Tubes and fittings weigh 2-3 KB a feature (more along curved streets, whose runs keep every bend): 340 keeps a
  // tile under 1 MB (400 gave 1.15 MB tiles of the demo's cable networks).
  maxFeaturesPerTile: 340,
  writeFull(f: NetworkFeature, mesh: MeshBuffer, table: PropertyTableBuilder): void {
    const fid = table.addRow(f.row);
    if (f.type === 'link') {
      mesh.setColor(f.color[0], f.color[1], f.color[2]);
      addTube(mesh, f.points, f.radius, fid, { sides: 8 });
    } else {
      addFitting(mesh, f.placement, fid);
    }
  },
  summarize(features: readonly NetworkFeature[]): LinkFeature[] {
    return topLinks(features.filter((f): f is LinkFeature => f.type === 'link'));
  },
  merge(parts: readonly LinkFeature[][]): LinkFeature[] {
    return topLinks(parts.flat());
  },
  writeCoarse(links: LinkFeature[], mesh: MeshBuffer, table: PropertyTableBuilder): void {
    for (const l of links) {
      const fid = table.addRow(l.row);
      mesh.setColor(l.color[0], l.color[1], l.color[2]);
      addTube(mesh, l.points, l.radius, fid, { sides: 4, caps: false });
    }
  },
};

function topLinks(links: LinkFeature[]): LinkFeature[] {
  if (links.length <= COARSE_LINKS) return links;
  return [...links].sort((a, b) => b.importance - a.importance).slice(0, COARSE_LINKS);
}
