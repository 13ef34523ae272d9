import { EnuFrame } from '../../core/geo/index.js';
import { UTILITIES, type CityBundle, type Utility } from '../../core/model/index.js';
import { BUILDINGS_STRATEGY, toBuildingFeature, type BuildingFeature } from './building-features.js';
import {
  NETWORK_STRATEGY,
  networkContext,
  toLinkFeature,
  toNodeFeature,
  type NetworkFeature,
} from './network-features.js';
import {
  QuadtreeBuilder,
  mortonKey,
  type QuadtreeOptions,
  type QuadtreeStats,
  type TileNode,
} from './quadtree-builder.js';
import type { TileContentStrategy } from './tile-content-strategy.js';
import { tilesetJson } from './tileset-json.js';

/** Receives every file of a build: `path` is relative to the city's tiles folder (`buildings/tileset.json`, ...). */
export type FileSink = (path: string, bytes: Uint8Array) => void;

/** Names of a city's tilesets: buildings, then one per utility (each toggled on its own in the viewer). */
export type TilesetName = 'buildings' | Utility;

/** What one tileset came to. */
export interface TilesetSummary {
  name: TilesetName;
  /** `buildings/tileset.json`. */
  path: string;
  inputFeatures: number;
  skippedFeatures: number;
  stats: QuadtreeStats;
}

/** Progress callback: a stage, done and total counts. */
export type ProgressCallback = (stage: string, done: number, total: number) => void;

/** Options shared by the builds. */
export interface BuildTilesetsOptions {
  maxFeaturesPerTile?: number;
  onProgress?: ProgressCallback;
}

/** Edge of the finest cell features are ordered by, m: smaller than any tile will be. */
const FINEST_CELL_M = 4;

/** The root square and depth of a quadtree covering ENU `[minE, maxE] x [minN, maxN]`. */
export function quadtreeRoot(
  minE: number,
  minN: number,
  maxE: number,
  maxN: number,
): Pick<QuadtreeOptions, 'rootMinE' | 'rootMinN' | 'rootSize' | 'depth'> {
  const size = Math.max(maxE - minE, maxN - minN, 1) + 2;
  const depth = Math.min(24, Math.max(0, Math.ceil(Math.log2(size / FINEST_CELL_M))));
  return { rootMinE: minE - 1, rootMinN: minN - 1, rootSize: size, depth };
}

/** The city's ENU frame: origin at its centre on the ellipsoid (the local ground, ADR 0002). */
export function cityFrame(bundle: Pick<CityBundle, 'city'>): EnuFrame {
  return new EnuFrame(bundle.city.center[0], bundle.city.center[1], 0);
}

/**
 * Tiles features held in memory: orders them by Morton key of their centroid and streams them through a
 * {@link QuadtreeBuilder}. Returns the root tile (null when there is nothing to tile) and the build's counts.
 */
export function tileFeatures<F extends { centroidE: number; centroidN: number }, C>(
  features: readonly F[],
  strategy: TileContentStrategy<F, C>,
  sink: (uri: string, bytes: Uint8Array) => void,
  options: BuildTilesetsOptions & { stage?: string } = {},
): { root: TileNode | null; stats: QuadtreeStats } {
  let minE = Infinity,
    minN = Infinity,
    maxE = -Infinity,
    maxN = -Infinity;
  for (const f of features) {
    minE = Math.min(minE, f.centroidE);
    maxE = Math.max(maxE, f.centroidE);
    minN = Math.min(minN, f.centroidN);
    maxN = Math.max(maxN, f.centroidN);
  }
  if (features.length === 0)
    return { root: null, stats: { features: 0, tiles: 0, leaves: 0, bytes: 0, maxTileBytes: 0, maxTileFeatures: 0 } };
  const builder = new QuadtreeBuilder(
    strategy,
    { ...quadtreeRoot(minE, minN, maxE, maxN), maxFeaturesPerTile: options.maxFeaturesPerTile },
    sink,
  );
  const keyed = features.map((f) => {
    const [x, y] = builder.cellOf(f.centroidE, f.centroidN);
    return { f, x, y, key: mortonKey(x, y, builder.depth) };
  });
  keyed.sort((a, b) => a.key - b.key);
  const stage = options.stage ?? 'tiles';
  keyed.forEach((k, i) => {
    builder.add(k.f, k.x, k.y);
    if (options.onProgress && (i % 2000 === 0 || i === keyed.length - 1))
      options.onProgress(stage, i + 1, keyed.length);
  });
  return { root: builder.finish(), stats: builder.stats };
}

const encoder = new TextEncoder();

/** Writes `<name>/tileset.json` for a finished tree. */
export function writeTilesetFile(
  name: TilesetName,
  root: TileNode,
  frame: EnuFrame,
  sink: FileSink,
  extras: Record<string, unknown>,
): void {
  const json = tilesetJson(root, { transform: frame.enuToEcefMatrix(), extras });
  sink(`${name}/tileset.json`, encoder.encode(JSON.stringify(json)));
}

/**
 * Builds every tileset of a city held in memory (a CityBundle from the store): `buildings/` and one folder per
 * utility that has features, each with a tileset.json and its GLB content, plus `index.json` listing them.
 */
export function buildCityTilesets(
  bundle: CityBundle,
  sink: FileSink,
  options: BuildTilesetsOptions = {},
): TilesetSummary[] {
  const frame = cityFrame(bundle);
  const summaries: TilesetSummary[] = [];
  const buildings: BuildingFeature[] = [];
  for (const b of bundle.buildings) {
    const f = toBuildingFeature(b, frame);
    if (f) buildings.push(f);
  }
  summaries.push(
    tileOne('buildings', buildings, bundle.buildings.length, BUILDINGS_STRATEGY, frame, bundle, sink, options),
  );
  for (const utility of UTILITIES) {
    const nodes = bundle.nodes.filter((n) => n.utility === utility);
    const links = bundle.links.filter((l) => l.utility === utility);
    if (nodes.length + links.length === 0) continue;
    const ctx = networkContext(frame, bundle.city.groundElevationM, nodes, links);
    const features: NetworkFeature[] = [];
    for (const l of links) {
      const f = toLinkFeature(l, ctx);
      if (f) features.push(f);
    }
    for (const n of nodes) features.push(toNodeFeature(n, ctx));
    summaries.push(
      tileOne(utility, features, nodes.length + links.length, NETWORK_STRATEGY, frame, bundle, sink, options),
    );
  }
  writeIndex(bundle.city.id, summaries, sink);
  return summaries;
}

function tileOne<F extends { centroidE: number; centroidN: number }, C>(
  name: TilesetName,
  features: readonly F[],
  inputCount: number,
  strategy: TileContentStrategy<F, C>,
  frame: EnuFrame,
  bundle: CityBundle,
  sink: FileSink,
  options: BuildTilesetsOptions,
): TilesetSummary {
  const { root, stats } = tileFeatures(features, strategy, (uri, bytes) => sink(`${name}/${uri}`, bytes), {
    ...options,
    stage: `${name} tiles`,
  });
  if (root)
    writeTilesetFile(name, root, frame, sink, { cityId: bundle.city.id, tileset: name, features: stats.features });
  return {
    name,
    path: `${name}/tileset.json`,
    inputFeatures: inputCount,
    skippedFeatures: inputCount - features.length,
    stats,
  };
}

/** Writes `index.json`: the city's tilesets, for the viewer's layer list. */
export function writeIndex(cityId: string, summaries: readonly TilesetSummary[], sink: FileSink): void {
  const index = {
    cityId,
    generator: 'GridTwin tiles/3dtiles - generated, do not edit',
    tilesets: summaries
      .filter((s) => s.stats.tiles > 0)
      .map((s) => ({
        name: s.name,
        url: s.path,
        features: s.stats.features,
        tiles: s.stats.tiles,
        bytes: s.stats.bytes,
      })),
  };
  sink('index.json', encoder.encode(JSON.stringify(index, null, 2)));
}
