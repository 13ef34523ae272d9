import Flatbush from 'flatbush';
import type { Grid } from '../model/index.js';
import {
  distanceSquaredToPackedPolygon,
  packPolygons,
  pointInPackedPolygon,
  type PackedPolygons,
} from './packed-polygons.js';
import { buildBucketIndex, type BucketIndex } from './bucket-index.js';

/** Options of a {@link GridLocator}. */
export interface GridLocatorOptions {
  /**
   * A point in no cell but within this distance (degrees) of a cell's edge goes to the nearest such cell, so
   * floating-point hairlines between cells of a tiling never lose a point. 0 turns it off.
   * @default 1e-9 (about 0.1 mm)
   */
  edgeToleranceDeg?: number;
  /** Answer point queries from the bucket grid (false: from the R-tree only, e.g. to compare the two). @default true */
  useBuckets?: boolean;
}

/**
 * Finds the management grid cell under a WGS84 point, and a cell's chain of parents.
 *
 * Cells (grids of level `cell`) are indexed by bounding box twice: a uniform bucket grid answers point queries
 * (one bucket read, then bbox and point-in-polygon tests; several times faster than a tree walk on 100k cells), and a
 * flatbush R-tree serves box queries and cells too uneven in size for buckets. Rings are packed into flat typed
 * arrays, so a lookup allocates nothing.
 *
 * Which cell owns a point (the rule is deterministic and documented so every part of GridTwin agrees):
 * 1. A point is in a cell by the even-odd rule with a half-open boundary: it counts as moved an infinitesimal step
 *    east, then an even smaller step north (see {@link pointInPackedPolygon}). In an exact tiling every point, on an
 *    edge or a shared vertex too, is then in exactly one cell: the one east of the edge, or north of an east-west edge.
 * 2. Should cells overlap (input that is not a tiling), the cell with the lowest index in `cells()` wins.
 * 3. A point in no cell goes to the nearest cell within `edgeToleranceDeg` (lowest index on ties), else `null`.
 *
 * @example
 * const locator = new GridLocator(bundle.grids);
 * const cell = locator.locateCell(121.4997, 31.2397);       // Grid | null
 * const chain = cell ? locator.hierarchy(cell.id) : [];     // [district, street, community, cell]
 */
export class GridLocator {
  private readonly cellList: Grid[];
  private readonly byId = new Map<string, Grid>();
  private readonly packed: PackedPolygons;
  private readonly index: Flatbush | null;
  private readonly buckets: BucketIndex | null;
  private readonly toleranceDeg: number;
  private candidates = new Int32Array(64);
  private candidateCount = 0;
  /** The flatbush filter: records every bbox hit in `candidates` and returns false so flatbush keeps no results. */
  private readonly collect = (i: number): boolean => {
    if (this.candidateCount === this.candidates.length) {
      const grown = new Int32Array(this.candidates.length * 2);
      grown.set(this.candidates);
      this.candidates = grown;
    }
    this.candidates[this.candidateCount++] = i;
    return false;
  };

  /** @param grids grids of every level; only `cell` grids are located, all are used by {@link hierarchy}. */
  constructor(grids: readonly Grid[], options: GridLocatorOptions = {}) {
    const tolerance = options.edgeToleranceDeg ?? 1e-9;
    if (!(tolerance >= 0)) throw new RangeError(`edgeToleranceDeg must be >= 0, got ${tolerance}`);
    this.toleranceDeg = tolerance;
    for (const g of grids) this.byId.set(g.id, g);
    this.cellList = grids.filter((g) => g.level === 'cell');
    this.packed = packPolygons(this.cellList.map((c) => c.polygon));
    this.buckets = options.useBuckets === false ? null : buildBucketIndex(this.packed.bboxes);
    if (this.cellList.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(this.cellList.length);
    const b = this.packed.bboxes;
    for (let i = 0; i < this.cellList.length; i++) index.add(b[i * 4]!, b[i * 4 + 1]!, b[i * 4 + 2]!, b[i * 4 + 3]!);
    index.finish();
    this.index = index;
  }

  /** The cell containing the point (degrees), or null outside every cell. */
  locateCell(lonDeg: number, latDeg: number): Grid | null {
    const i = this.locateCellIndex(lonDeg, latDeg);
    return i < 0 ? null : this.cellList[i]!;
  }

  /** Index (into {@link cells}) of the cell containing the point, or -1. Allocates nothing. */
  locateCellIndex(lonDeg: number, latDeg: number): number {
    if (this.index === null || !(Number.isFinite(lonDeg) && Number.isFinite(latDeg))) return -1;
    const buckets = this.buckets;
    if (buckets !== null) {
      let bx = Math.floor((lonDeg - buckets.minX) * buckets.scaleX);
      let by = Math.floor((latDeg - buckets.minY) * buckets.scaleY);
      // The index's east and north edges belong to the last bucket.
      if (bx === buckets.columns) bx--;
      if (by === buckets.rows) by--;
      if (bx < 0 || by < 0 || bx >= buckets.columns || by >= buckets.rows) {
        return this.toleranceDeg > 0 ? this.nearestWithinTolerance(lonDeg, latDeg) : -1;
      }
      const b = by * buckets.columns + bx;
      const boxes = this.packed.bboxes;
      // Bucket entries ascend, so the first hit is the lowest index.
      for (let e = buckets.start[b]!, end = buckets.start[b + 1]!; e < end; e++) {
        const i = buckets.items[e]!;
        const o = i * 4;
        if (lonDeg < boxes[o]! || latDeg < boxes[o + 1]! || lonDeg > boxes[o + 2]! || latDeg > boxes[o + 3]!) continue;
        if (pointInPackedPolygon(this.packed, i, lonDeg, latDeg)) return i;
      }
      return this.toleranceDeg > 0 ? this.nearestWithinTolerance(lonDeg, latDeg) : -1;
    }
    this.candidateCount = 0;
    this.index.search(lonDeg, latDeg, lonDeg, latDeg, this.collect);
    const n = this.candidateCount;
    const c = this.candidates;
    // Ascending index order makes "lowest index wins" hold while stopping at the first hit.
    for (let i = 1; i < n; i++) {
      const v = c[i]!;
      let j = i - 1;
      while (j >= 0 && c[j]! > v) {
        c[j + 1] = c[j]!;
        j--;
      }
      c[j + 1] = v;
    }
    for (let i = 0; i < n; i++) if (pointInPackedPolygon(this.packed, c[i]!, lonDeg, latDeg)) return c[i]!;
    return this.toleranceDeg > 0 ? this.nearestWithinTolerance(lonDeg, latDeg) : -1;
  }

  /** Grids from the root down to the grid `id`: `[district, street, community, cell]` for a cell; [] if unknown. */
  hierarchy(id: string): Grid[] {
    const chain: Grid[] = [];
    let g = this.byId.get(id);
    while (g !== undefined && chain.length <= this.byId.size) {
      chain.push(g);
      g = g.parentId === null ? undefined : this.byId.get(g.parentId);
    }
    return chain.reverse();
  }

  /** The grid with this id (any level), or undefined. */
  grid(id: string): Grid | undefined {
    return this.byId.get(id);
  }

  /** The located cells, in index order (the order of the constructor's input). */
  cells(): Grid[] {
    return this.cellList.slice();
  }

  private nearestWithinTolerance(lonDeg: number, latDeg: number): number {
    const t = this.toleranceDeg;
    this.candidateCount = 0;
    this.index!.search(lonDeg - t, latDeg - t, lonDeg + t, latDeg + t, this.collect);
    let best = -1;
    let bestD2 = t * t;
    for (let k = 0; k < this.candidateCount; k++) {
      const i = this.candidates[k]!;
      const d2 = distanceSquaredToPackedPolygon(this.packed, i, lonDeg, latDeg);
      if (d2 < bestD2 || (d2 === bestD2 && (best < 0 || i < best))) {
        best = i;
        bestD2 = d2;
      }
    }
    return best;
  }
}
