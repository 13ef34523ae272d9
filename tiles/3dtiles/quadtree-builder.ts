import { MeshBuffer } from '../../core/geometry/index.js';
import { writeGlb } from './glb-writer.js';
import { PropertyTableBuilder, schemaJson } from './property-table.js';
import type { TileContentStrategy } from './tile-content-strategy.js';

/** ENU bounds `[minE, minN, minU, maxE, maxN, maxU]`, metres. */
export type EnuBounds = [number, number, number, number, number, number];

/** A tile of the finished tree (explicit tiling). */
export interface TileNode {
  level: number;
  x: number;
  y: number;
  /** Content URI relative to the tileset, or null for a tile without content. */
  uri: string | null;
  /** Contains the tile's content and all its descendants' content. */
  bounds: EnuBounds;
  geometricError: number;
  /** Features in this tile's own content (full in leaves, simplified in parents). */
  featureCount: number;
  children: TileNode[];
}

/** Options of the quadtree. The root cell is the square `[minE, minE + size] x [minN, minN + size]` (ENU metres). */
export interface QuadtreeOptions {
  rootMinE: number;
  rootMinN: number;
  rootSize: number;
  /** Level of the cells callers address features by (`add(feature, x, y)`); 2^depth cells per side. */
  depth: number;
  /** Leaves hold at most this many features (unless one finest cell alone holds more). @default the strategy's */
  maxFeaturesPerTile?: number;
  /** Geometric error of a parent as a fraction of its cell edge. @default 0.04 */
  errorFactor?: number;
  /** EXT_structural_metadata schema id. @default 'gridtwin' */
  schemaId?: string;
  /** `asset.generator` of every GLB. */
  generator?: string;
}

/** Receives each tile's bytes as soon as it is complete. */
export type TileSink = (uri: string, bytes: Uint8Array) => void;

/** Counts of a build so far. */
export interface QuadtreeStats {
  features: number;
  tiles: number;
  leaves: number;
  bytes: number;
  maxTileBytes: number;
  maxTileFeatures: number;
}

type Summary<F, C> =
  { small: true; level: number; x: number; y: number; features: F[] } | { small: false; node: TileNode; coarse: C };

interface Pending<F, C> {
  x: number;
  y: number;
  features: F[];
  children: Summary<F, C>[];
}

/**
 * Builds a quadtree tileset from features that arrive in Morton (Z-order) of their finest cell, writing each tile
 * the moment its subtree is complete. Memory stays bounded by the open path (at most 4 small siblings of up to
 * `maxFeaturesPerTile` features per level, plus bounded coarse summaries), not by the city: the same code tiles the
 * demo city from the store and a million generated buildings streamed from the generator.
 *
 * Bottom-up: a cell whose children together hold no more than `maxFeaturesPerTile` features stays one pending
 * group; otherwise its small children become leaves and the cell becomes a parent whose content is the strategy's
 * coarse summary of its children. A cell with a single child tile passes it up unchanged (no empty levels).
 */
export class QuadtreeBuilder<F, C> {
  readonly stats: QuadtreeStats = { features: 0, tiles: 0, leaves: 0, bytes: 0, maxTileBytes: 0, maxTileFeatures: 0 };
  private readonly open: (Pending<F, C> | null)[];
  private readonly maxFeatures: number;
  private readonly errorFactor: number;
  private readonly schema: Record<string, unknown>;
  private readonly generator: string;
  private readonly mesh: MeshBuffer;
  private readonly table: PropertyTableBuilder;
  private lastKey = -1;
  private root: Summary<F, C> | null = null;
  private finished = false;

  constructor(
    private readonly strategy: TileContentStrategy<F, C>,
    private readonly options: QuadtreeOptions,
    private readonly sink: TileSink,
  ) {
    if (!(options.rootSize > 0)) throw new RangeError(`rootSize must be positive, got ${options.rootSize}`);
    if (!Number.isInteger(options.depth) || options.depth < 0 || options.depth > 26)
      throw new RangeError(`depth must be 0-26, got ${options.depth}`);
    this.open = new Array<Pending<F, C> | null>(options.depth + 1).fill(null);
    this.maxFeatures = options.maxFeaturesPerTile ?? strategy.maxFeaturesPerTile;
    this.errorFactor = options.errorFactor ?? 0.04;
    this.schema = schemaJson(options.schemaId ?? 'gridtwin', [strategy.metadataClass]);
    this.generator = options.generator ?? 'GridTwin tiles (tiles/3dtiles)';
    this.mesh = new MeshBuffer(strategy.withColors, 1 << 16);
    this.table = new PropertyTableBuilder(strategy.metadataClass);
  }

  /** Level of the finest cells features are added by. */
  get depth(): number {
    return this.options.depth;
  }

  /** The finest cell holding ENU point `(e, n)`, clamped into the root. */
  cellOf(e: number, n: number): [number, number] {
    const cells = 2 ** this.options.depth;
    const size = this.options.rootSize / cells;
    const clamp = (v: number) => Math.min(cells - 1, Math.max(0, Math.floor(v)));
    return [clamp((e - this.options.rootMinE) / size), clamp((n - this.options.rootMinN) / size)];
  }

  /** Adds a feature in finest cell `(x, y)`; cells must come in non-decreasing Morton order (a caller bug otherwise). */
  add(feature: F, x: number, y: number): void {
    if (this.finished) throw new RangeError('add after finish');
    const depth = this.options.depth;
    const key = mortonKey(x, y, depth);
    if (key < this.lastKey) throw new RangeError(`features out of Morton order at cell (${x}, ${y})`);
    if (this.lastKey >= 0 && key !== this.lastKey) {
      let level = 0;
      while (level <= depth) {
        const p = this.open[level]!;
        const shift = depth - level;
        if (p.x !== x >>> shift || p.y !== y >>> shift) break;
        level++;
      }
      for (let l = depth; l >= level; l--) this.close(l);
    }
    if (key !== this.lastKey) {
      for (let l = 0; l <= depth; l++) {
        if (!this.open[l]) this.open[l] = { x: x >>> (depth - l), y: y >>> (depth - l), features: [], children: [] };
      }
    }
    this.lastKey = key;
    this.open[depth]!.features.push(feature);
    this.stats.features++;
  }

  /** Closes every open cell and returns the root tile (null when no feature was added). */
  finish(): TileNode | null {
    if (!this.finished && this.lastKey >= 0) for (let l = this.options.depth; l >= 0; l--) this.close(l);
    this.finished = true;
    const root = this.root;
    if (!root) return null;
    return root.small ? this.writeLeaf(root).node : root.node;
  }

  /** Edge of a cell at `level`, metres. */
  cellSize(level: number): number {
    return this.options.rootSize / 2 ** level;
  }

  private close(level: number): void {
    const p = this.open[level];
    if (!p) return;
    this.open[level] = null;
    const summary = this.resolve(level, p);
    if (!summary) return;
    if (level === 0) this.root = summary;
    else this.open[level - 1]!.children.push(summary);
  }

  private resolve(level: number, p: Pending<F, C>): Summary<F, C> | null {
    if (level === this.options.depth)
      return p.features.length > 0 ? { small: true, level, x: p.x, y: p.y, features: p.features } : null;
    const children = p.children;
    if (children.length === 0) return null;
    let total = 0;
    let allSmall = true;
    for (const c of children) {
      if (c.small) total += c.features.length;
      else allSmall = false;
    }
    if (allSmall && total <= this.maxFeatures) {
      const features =
        children.length === 1
          ? (children[0] as { features: F[] }).features
          : children.flatMap((c) => (c as { features: F[] }).features);
      return { small: true, level, x: p.x, y: p.y, features };
    }
    if (children.length === 1 && !children[0]!.small) return children[0]!;
    const tiles = children.map((c) => (c.small ? this.writeLeaf(c) : c));
    return this.writeParent(level, p.x, p.y, tiles);
  }

  private cellCentre(level: number, x: number, y: number): [number, number] {
    const size = this.cellSize(level);
    return [this.options.rootMinE + (x + 0.5) * size, this.options.rootMinN + (y + 0.5) * size];
  }

  private writeLeaf(s: { level: number; x: number; y: number; features: F[] }): {
    small: false;
    node: TileNode;
    coarse: C;
  } {
    const [ce, cn] = this.cellCentre(s.level, s.x, s.y);
    this.mesh.reset(ce, cn, 0);
    this.table.reset();
    for (const f of s.features) this.strategy.writeFull(f, this.mesh, this.table);
    const node = this.emit(s.level, s.x, s.y, 0, []);
    this.stats.leaves++;
    return { small: false, node, coarse: this.strategy.summarize(s.features) };
  }

  private writeParent(level: number, x: number, y: number, children: { node: TileNode; coarse: C }[]): Summary<F, C> {
    const coarse = this.strategy.merge(
      children.map((c) => c.coarse),
      this.cellSize(level),
    );
    const [ce, cn] = this.cellCentre(level, x, y);
    this.mesh.reset(ce, cn, 0);
    this.table.reset();
    this.strategy.writeCoarse(coarse, this.mesh, this.table);
    const node = this.emit(
      level,
      x,
      y,
      this.cellSize(level) * this.errorFactor,
      children.map((c) => c.node),
    );
    return { small: false, node, coarse };
  }

  private emit(level: number, x: number, y: number, geometricError: number, children: TileNode[]): TileNode {
    const bounds: EnuBounds = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
    let uri: string | null = null;
    const featureCount = this.table.count;
    if (!this.mesh.isEmpty() && featureCount > 0) {
      uri = `content/${level}-${x}-${y}.glb`;
      const bytes = writeGlb({
        mesh: this.mesh,
        table: this.table.encode(),
        schema: this.schema,
        baseColor: this.strategy.baseColor,
        generator: this.generator,
      });
      this.sink(uri, bytes);
      this.stats.tiles++;
      this.stats.bytes += bytes.byteLength;
      this.stats.maxTileBytes = Math.max(this.stats.maxTileBytes, bytes.byteLength);
      this.stats.maxTileFeatures = Math.max(this.stats.maxTileFeatures, featureCount);
      // A centimetre of slack: float32 rounding of relative positions must never poke out of the box.
      const pad = 0.01;
      const b = this.mesh.bounds;
      for (let k = 0; k < 3; k++) {
        bounds[k] = b[k]! - pad;
        bounds[k + 3] = b[k + 3]! + pad;
      }
    }
    for (const c of children) {
      for (let k = 0; k < 3; k++) {
        bounds[k] = Math.min(bounds[k]!, c.bounds[k]!);
        bounds[k + 3] = Math.max(bounds[k + 3]!, c.bounds[k + 3]!);
      }
    }
    return { level, x, y, uri, bounds, geometricError, featureCount: uri ? featureCount : 0, children };
  }
}

/** Z-order key of cell `(x, y)` at `depth` (x in the low bit of each pair); exact up to depth 26. */
export function mortonKey(x: number, y: number, depth: number): number {
  let key = 0;
  for (let b = depth - 1; b >= 0; b--) key = key * 4 + ((((y >>> b) & 1) << 1) | ((x >>> b) & 1));
  return key;
}
