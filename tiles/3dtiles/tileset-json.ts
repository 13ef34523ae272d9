import type { EnuBounds, TileNode } from './quadtree-builder.js';

/** A 3D Tiles `box` (centre, then three half-axis vectors) for ENU bounds. */
export function boxOf(bounds: EnuBounds): number[] {
  const [minE, minN, minU, maxE, maxN, maxU] = bounds;
  // A flat box is legal but some renderers cull it: keep every half-axis at least a centimetre.
  const h = (a: number, b: number) => Math.max((b - a) / 2, 0.01);
  return [
    (minE + maxE) / 2,
    (minN + maxN) / 2,
    (minU + maxU) / 2,
    h(minE, maxE),
    0,
    0,
    0,
    h(minN, maxN),
    0,
    0,
    0,
    h(minU, maxU),
  ];
}

/** Options of {@link tilesetJson}. */
export interface TilesetJsonOptions {
  /** Column-major 4x4 ENU -> ECEF matrix of the city frame (the root tile's `transform`). */
  transform: readonly number[];
  /** Free-form facts kept in the tileset's `extras` (city id, feature counts, generator). */
  extras?: Record<string, unknown>;
}

/**
 * The tileset.json of a finished tree: explicit tiling, REPLACE refinement, boxes in the city's ENU frame (the root
 * carries the ENU -> ECEF transform), geometric error from the builder (leaves 0).
 */
export function tilesetJson(root: TileNode, options: TilesetJsonOptions): Record<string, unknown> {
  const rootTile = tileJson(root);
  rootTile.transform = [...options.transform];
  const size = Math.max(root.bounds[3] - root.bounds[0], root.bounds[4] - root.bounds[1], 1);
  return {
    asset: { version: '1.1', generator: 'GridTwin tiles/3dtiles - generated, do not edit' },
    // Above the root's own error, so Cesium starts drawing the root from afar and refines from there.
    geometricError: Math.max(root.geometricError * 2, size * 0.1),
    ...(options.extras ? { extras: options.extras } : {}),
    root: rootTile,
  };
}

function tileJson(node: TileNode): Record<string, unknown> {
  const tile: Record<string, unknown> = {
    boundingVolume: { box: boxOf(node.bounds).map(round) },
    geometricError: round(node.geometricError),
    refine: 'REPLACE',
  };
  if (node.uri) tile.content = { uri: node.uri };
  if (node.children.length > 0) tile.children = node.children.map(tileJson);
  return tile;
}

/** Millimetres are plenty in tileset.json and keep a large tileset readable. */
function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
