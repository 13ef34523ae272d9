import { metresPerDegree } from '../../core/geo/index.js';
import type { LonLat } from '../../core/model/index.js';
import { SeededRandom } from '../../core/random/index.js';

/** Street-grid pitch: a 78 m block and a 22 m street. */
export const BLOCK_PITCH_M = 100;
export const STREET_WIDTH_M = 22;

/**
 * Where a synthetic city's blocks are: a square grid of 2^level x 2^level block cells centred on the city origin, of
 * which the first `blockCount` in Morton (Z) order are built. Walking blocks in Morton order is what lets the tiler
 * stream a city of any size: every quadtree cell is finished before the next one starts.
 */
export interface SyntheticLayout {
  /** Buildings per block, in Morton order (sums to the requested count). */
  blockBuildings: Uint8Array;
  blockCount: number;
  /** Grid level: 2^level blocks per side. */
  level: number;
  /** ENU of the grid's south-west corner (the origin is the grid centre), and its edge, m. */
  minE: number;
  minN: number;
  size: number;
  originLonDeg: number;
  originLatDeg: number;
  /** Metres per degree at the origin, for the generator's local plane (synthetic data needs no better). */
  metresPerLon: number;
  metresPerLat: number;
}

/** Plans a city of `buildings` buildings: how many in each block and how big the grid is. */
export function planSyntheticLayout(buildings: number, seed: number, origin: LonLat): SyntheticLayout {
  if (!Number.isInteger(buildings) || buildings < 1)
    throw new RangeError(`buildings must be a positive integer, got ${buildings}`);
  const random = new SeededRandom(seed).fork('block-sizes');
  const counts: number[] = [];
  let left = buildings;
  while (left > 0) {
    // 3-6 rows of 4-6 parcels: 12 to 36 buildings, about 22 on average.
    const n = Math.min(left, random.int(3, 6) * random.int(4, 6));
    counts.push(n);
    left -= n;
  }
  const level = Math.max(0, Math.ceil(Math.log2(Math.sqrt(counts.length))));
  const size = 2 ** level * BLOCK_PITCH_M;
  const m = metresPerDegree(origin[1]);
  return {
    blockBuildings: Uint8Array.from(counts),
    blockCount: counts.length,
    level,
    minE: -size / 2,
    minN: -size / 2,
    size,
    originLonDeg: origin[0],
    originLatDeg: origin[1],
    metresPerLon: m.lon,
    metresPerLat: m.lat,
  };
}

/** Block cell `(x, y)` of Morton index `m`. */
export function mortonToCell(m: number, level: number): [number, number] {
  let x = 0,
    y = 0;
  for (let b = 0; b < level; b++) {
    const pair = Math.floor(m / 4 ** b) % 4;
    x |= (pair & 1) << b;
    y |= ((pair >> 1) & 1) << b;
  }
  return [x, y];
}

/** Morton index of block cell `(x, y)`. */
export function cellToMorton(x: number, y: number, level: number): number {
  let m = 0;
  for (let b = level - 1; b >= 0; b--) m = m * 4 + ((((y >>> b) & 1) << 1) | ((x >>> b) & 1));
  return m;
}

/** Whether block cell `(x, y)` is built. */
export function isBuilt(layout: SyntheticLayout, x: number, y: number): boolean {
  const side = 2 ** layout.level;
  return x >= 0 && y >= 0 && x < side && y < side && cellToMorton(x, y, layout.level) < layout.blockCount;
}

/** ENU metres -> WGS84 degrees on the layout's local plane. */
export function toLonLat(layout: SyntheticLayout, e: number, n: number): LonLat {
  return [layout.originLonDeg + e / layout.metresPerLon, layout.originLatDeg + n / layout.metresPerLat];
}
