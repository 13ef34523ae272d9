import { EnuFrame } from '../../core/geo/index.js';
import {
  UTILITIES,
  type Building,
  type City,
  type NetworkLink,
  type NetworkNode,
  type Utility,
} from '../../core/model/index.js';
import { BUILDINGS_STRATEGY, toBuildingFeature, type BuildingFeature } from './building-features.js';
import {
  writeIndex,
  writeTilesetFile,
  type FileSink,
  type ProgressCallback,
  type TilesetName,
  type TilesetSummary,
} from './build-city-tilesets.js';
import {
  NETWORK_STRATEGY,
  networkContext,
  toLinkFeature,
  toNodeFeature,
  type NetworkFeature,
} from './network-features.js';
import { QuadtreeBuilder, mortonKey } from './quadtree-builder.js';
import type { TileContentStrategy } from './tile-content-strategy.js';

/** One spatial chunk of a streamed city: everything whose centroid lies in block cell `(blockX, blockY)`. */
export interface CityChunk {
  blockX: number;
  blockY: number;
  buildings: readonly Building[];
  nodes: readonly NetworkNode[];
  links: readonly NetworkLink[];
}

/**
 * A city that arrives chunk by chunk: block cells of a 2^level grid over the square `[minE, minE + size] x
 * [minN, minN + size]` (ENU metres around `city.center`), in Morton order of their cells.
 */
export interface StreamedCity {
  city: City;
  grid: { minE: number; minN: number; size: number; level: number };
  chunks: Iterable<CityChunk>;
  /** Buildings expected, for progress and time left. */
  totalBuildings?: number;
}

/** Options of {@link buildStreamedTilesets}. */
export interface StreamOptions {
  /** Tile the networks too. @default true */
  networks?: boolean;
  onProgress?: ProgressCallback;
}

/** Finest cells per block side: 2^5 = 32, about 3 m for a 100 m block. */
const SUBLEVELS = 5;

/**
 * Tiles a city streamed in Morton-ordered chunks, one quadtree builder per tileset fed in step, so each tile is
 * written as soon as its cell is complete and memory stays bounded whatever the city's size. Features are placed in
 * the finest cell of their centroid, clamped into their chunk's block cell: that keeps the order even when a
 * footprint straddles a block edge (bounding volumes come from the content, so nothing is cut).
 */
export function buildStreamedTilesets(
  source: StreamedCity,
  sink: FileSink,
  options: StreamOptions = {},
): TilesetSummary[] {
  const { city, grid } = source;
  const frame = new EnuFrame(city.center[0], city.center[1], 0);
  const depth = grid.level + SUBLEVELS;
  const quadtree = { rootMinE: grid.minE, rootMinN: grid.minN, rootSize: grid.size, depth };
  const buildings = new Lane<BuildingFeature, unknown>(
    'buildings',
    BUILDINGS_STRATEGY as TileContentStrategy<BuildingFeature, unknown>,
    quadtree,
    sink,
  );
  const networks = new Map<Utility, Lane<NetworkFeature, unknown>>();
  if (options.networks ?? true) {
    for (const u of UTILITIES)
      networks.set(u, new Lane(u, NETWORK_STRATEGY as TileContentStrategy<NetworkFeature, unknown>, quadtree, sink));
  }
  let done = 0;
  for (const chunk of source.chunks) {
    const features: BuildingFeature[] = [];
    for (const b of chunk.buildings) {
      const f = toBuildingFeature(b, frame);
      if (f) features.push(f);
      else buildings.skipped++;
    }
    buildings.inputs += chunk.buildings.length;
    buildings.addChunk(chunk, features);
    for (const [utility, lane] of networks) {
      const nodes = chunk.nodes.filter((n) => n.utility === utility);
      const links = chunk.links.filter((l) => l.utility === utility);
      if (nodes.length + links.length === 0) continue;
      const ctx = networkContext(frame, city.groundElevationM, nodes, links);
      const list: NetworkFeature[] = [];
      for (const l of links) {
        const f = toLinkFeature(l, ctx);
        if (f) list.push(f);
        else lane.skipped++;
      }
      for (const n of nodes) list.push(toNodeFeature(n, ctx));
      lane.inputs += nodes.length + links.length;
      lane.addChunk(chunk, list);
    }
    done += chunk.buildings.length;
    options.onProgress?.('tiles', done, source.totalBuildings ?? done);
  }
  const summaries = [buildings, ...networks.values()].map((lane) => lane.finish(frame, city.id));
  writeIndex(city.id, summaries, sink);
  return summaries;
}

/** One tileset being built from the stream. */
class Lane<F extends { centroidE: number; centroidN: number }, C> {
  readonly builder: QuadtreeBuilder<F, C>;
  inputs = 0;
  skipped = 0;

  constructor(
    readonly name: TilesetName,
    strategy: TileContentStrategy<F, C>,
    quadtree: { rootMinE: number; rootMinN: number; rootSize: number; depth: number },
    private readonly sink: FileSink,
  ) {
    this.builder = new QuadtreeBuilder(strategy, quadtree, (uri, bytes) => sink(`${name}/${uri}`, bytes));
  }

  addChunk(chunk: CityChunk, features: readonly F[]): void {
    const shift = SUBLEVELS;
    const x0 = chunk.blockX << shift,
      y0 = chunk.blockY << shift,
      x1 = x0 + (1 << shift) - 1,
      y1 = y0 + (1 << shift) - 1;
    const depth = this.builder.depth;
    const keyed = features.map((f) => {
      const [cx, cy] = this.builder.cellOf(f.centroidE, f.centroidN);
      const x = Math.min(x1, Math.max(x0, cx)),
        y = Math.min(y1, Math.max(y0, cy));
      return { f, x, y, key: mortonKey(x, y, depth) };
    });
    keyed.sort((a, b) => a.key - b.key);
    for (const k of keyed) this.builder.add(k.f, k.x, k.y);
  }

  finish(frame: EnuFrame, cityId: string): TilesetSummary {
    const root = this.builder.finish();
    const stats = this.builder.stats;
    if (root)
      writeTilesetFile(this.name, root, frame, this.sink, { cityId, tileset: this.name, features: stats.features });
    return {
      name: this.name,
      path: `${this.name}/tileset.json`,
      inputFeatures: this.inputs,
      skippedFeatures: this.skipped,
      stats,
    };
  }
}
