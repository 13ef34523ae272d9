import type { Bbox, Grid, GridLevel, LonLat, Ring } from '../model/index.js';
import { metresPerDegree, multiPolygonAreaM2 } from '../geo/index.js';
import { SeededRandom } from '../random/index.js';
import { polygonPointOnSurface } from './point-on-surface.js';

/** Options of {@link generateLatticeGrids}. */
export interface LatticeGridOptions {
  /** The area to tile, WGS84 degrees `[west, south, east, north]`. */
  bbox: Bbox;
  /** Nominal cell side, m (the bbox is divided into whole columns and rows close to this). */
  cellSizeM: number;
  seed: number;
  /** How far interior lattice vertices move, as a fraction of a cell side (0 gives rectangles). @default 0.25 */
  jitter?: number;
  /** Cells per community side, communities per street side, streets per district side. @default [4, 4, 4] */
  blockSides?: readonly [number, number, number];
}

/**
 * A synthetic four-level grid hierarchy over a bbox: a lattice of jittered quadrilateral cells (shared vertices, so
 * the cells tile the bbox exactly), grouped into square blocks of communities, streets and districts whose polygons
 * walk the lattice around their block (so a parent is exactly the union of its children). For benchmarks and
 * synthetic cities; names and codes are marked synthetic (districts `9000xx`, "Synthetic District n").
 * Grids come level by level (districts, streets, communities, cells), each level in block order.
 */
export function generateLatticeGrids(options: LatticeGridOptions): Grid[] {
  const { bbox, cellSizeM, seed } = options;
  const jitter = options.jitter ?? 0.25;
  const [b0, b1, b2] = options.blockSides ?? [4, 4, 4];
  if (!(cellSizeM > 0)) throw new RangeError(`cellSizeM must be positive, got ${cellSizeM}`);
  if (!(jitter >= 0 && jitter < 0.5)) throw new RangeError(`jitter must be in [0, 0.5), got ${jitter}`);
  if (![b0, b1, b2].every((b) => Number.isInteger(b) && b >= 1))
    throw new RangeError('blockSides must be positive integers');
  const [west, south, east, north] = bbox;
  if (!(east > west && north > south)) throw new RangeError(`bbox is empty: ${bbox.join(',')}`);
  const k = metresPerDegree((south + north) / 2);
  const cols = Math.max(1, Math.round(((east - west) * k.lon) / cellSizeM));
  const rows = Math.max(1, Math.round(((north - south) * k.lat) / cellSizeM));
  const dx = (east - west) / cols,
    dy = (north - south) / rows;
  const random = new SeededRandom(seed).fork('lattice');
  const vx = new Float64Array((cols + 1) * (rows + 1));
  const vy = new Float64Array((cols + 1) * (rows + 1));
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i <= cols; i++) {
      const v = j * (cols + 1) + i;
      // Boundary vertices stay put so the lattice covers the bbox exactly.
      const jx = i > 0 && i < cols ? random.range(-jitter, jitter) * dx : 0;
      const jy = j > 0 && j < rows ? random.range(-jitter, jitter) * dy : 0;
      vx[v] = i === cols ? east : west + i * dx + jx;
      vy[v] = j === rows ? north : south + j * dy + jy;
    }
  }
  const vertex = (i: number, j: number): LonLat => [vx[j * (cols + 1) + i]!, vy[j * (cols + 1) + i]!];
  /** Counter-clockwise ring around lattice cells [i0, i1) x [j0, j1). */
  const blockRing = (i0: number, j0: number, i1: number, j1: number): Ring => {
    const ring: LonLat[] = [];
    for (let i = i0; i < i1; i++) ring.push(vertex(i, j0));
    for (let j = j0; j < j1; j++) ring.push(vertex(i1, j));
    for (let i = i1; i > i0; i--) ring.push(vertex(i, j1));
    for (let j = j1; j > j0; j--) ring.push(vertex(i0, j));
    ring.push(vertex(i0, j0));
    return ring;
  };
  const levels: Record<GridLevel, Grid[]> = { district: [], street: [], community: [], cell: [] };
  const spans = { district: b0 * b1 * b2, street: b0 * b1, community: b0, cell: 1 } as const;
  const names = {
    district: (n: number) => [`合成第${n}区`, `Synthetic District ${n}`],
    street: (n: number) => [`第${n}街道`, `Street ${n}`],
    community: (n: number) => [`第${n}社区`, `Community ${n}`],
    cell: (n: number) => [`第${n}网格`, `Grid ${n}`],
  } as const;
  const order: GridLevel[] = ['district', 'street', 'community', 'cell'];
  const visit = (depth: number, i0: number, j0: number, i1: number, j1: number, parent: Grid | null): void => {
    const level = order[depth]!;
    const span = spans[level];
    let n = 0;
    for (let j = j0; j < j1; j += span) {
      for (let i = i0; i < i1; i += span) {
        n++;
        const ie = Math.min(i + span, i1),
          je = Math.min(j + span, j1);
        const ring = blockRing(i, j, ie, je);
        const code = parent === null ? String(900000 + n) : `${parent.code}-${String(n).padStart(3, '0')}`;
        const [name, nameEn] = names[level](n);
        const grid: Grid = {
          id: `grid-${code}`,
          level,
          code,
          name: name!,
          nameEn: nameEn!,
          parentId: parent?.id ?? null,
          polygon: [[ring]],
          labelPosition: polygonPointOnSurface([ring]),
          areaM2: multiPolygonAreaM2([[ring]]),
          crewIds: [],
        };
        levels[level].push(grid);
        if (depth < 3) visit(depth + 1, i, j, ie, je, grid);
      }
    }
  };
  visit(0, 0, 0, cols, rows, null);
  return [...levels.district, ...levels.street, ...levels.community, ...levels.cell];
}
