import { describe, expect, it } from 'vitest';
import type { Grid } from '../../../core/model/index.js';
import { pointInMultiPolygon } from '../../../core/geo/index.js';
import { SeededRandom } from '../../../core/random/index.js';
import { GridLocator, generateLatticeGrids, packPolygons, pointInPackedPolygon } from '../../../core/grid/index.js';

const BBOX: [number, number, number, number] = [121.48, 31.22, 121.53, 31.26];
const grids = generateLatticeGrids({ bbox: BBOX, cellSizeM: 100, seed: 11, blockSides: [3, 3, 3] });
const cells = grids.filter((g) => g.level === 'cell');
const packed = packPolygons(cells.map((c) => c.polygon));

function square(id: string, w: number, s: number, size: number, parentId: string | null = null): Grid {
  const ring: [number, number][] = [
    [w, s],
    [w + size, s],
    [w + size, s + size],
    [w, s + size],
    [w, s],
  ];
  return {
    id,
    level: 'cell',
    code: id,
    name: id,
    parentId,
    polygon: [[ring]],
    labelPosition: [w + size / 2, s + size / 2],
    areaM2: 1,
    crewIds: [],
  };
}

describe('core/grid/grid-locator', () => {
  it('agrees with a brute-force point-in-polygon on random points, with buckets and with the R-tree', () => {
    const withBuckets = new GridLocator(grids);
    const treeOnly = new GridLocator(grids, { useBuckets: false });
    const random = new SeededRandom(5);
    for (let k = 0; k < 5000; k++) {
      const lon = random.range(BBOX[0], BBOX[2]),
        lat = random.range(BBOX[1], BBOX[3]);
      const hits = cells.filter((c) => pointInMultiPolygon(lon, lat, c.polygon));
      expect(hits.length).toBe(1);
      expect(withBuckets.locateCell(lon, lat)?.id).toBe(hits[0]!.id);
      expect(treeOnly.locateCell(lon, lat)?.id).toBe(hits[0]!.id);
    }
  });

  it('gives every vertex and edge midpoint inside the area to exactly one cell', () => {
    const locator = new GridLocator(grids);
    const treeOnly = new GridLocator(grids, { useBuckets: false });
    let checked = 0;
    for (const cell of cells.slice(0, 400)) {
      const ring = cell.polygon[0]![0]!;
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1]!,
          b = ring[i]!;
        for (const [lon, lat] of [a, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]] as [number, number][]) {
          if (lon <= BBOX[0] || lon >= BBOX[2] || lat <= BBOX[1] || lat >= BBOX[3]) continue;
          const owners: number[] = [];
          for (let c = 0; c < cells.length; c++) if (pointInPackedPolygon(packed, c, lon, lat)) owners.push(c);
          expect(owners.length, `point ${lon},${lat}`).toBe(1);
          expect(locator.locateCellIndex(lon, lat)).toBe(owners[0]);
          expect(treeOnly.locateCellIndex(lon, lat)).toBe(owners[0]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('puts a point on the edge between two squares in the east one, and on an east-west edge in the north one', () => {
    const west = square('west', 0, 0, 1),
      east = square('east', 1, 0, 1),
      north = square('north', 0, 1, 1);
    const locator = new GridLocator([west, east, north]);
    expect(locator.locateCell(1, 0.5)?.id).toBe('east');
    expect(locator.locateCell(0.5, 1)?.id).toBe('north');
    expect(locator.locateCell(0.5, 0.5)?.id).toBe('west');
  });

  it('resolves overlapping cells to the lowest index', () => {
    const a = square('a', 0, 0, 2),
      b = square('b', 1, 1, 2);
    expect(new GridLocator([a, b]).locateCell(1.5, 1.5)?.id).toBe('a');
    expect(new GridLocator([b, a]).locateCell(1.5, 1.5)?.id).toBe('b');
    expect(new GridLocator([b, a], { useBuckets: false }).locateCell(1.5, 1.5)?.id).toBe('b');
  });

  it('honours holes: a point in a hole belongs to the cell that fills it', () => {
    const outer: Grid = {
      ...square('ring', 0, 0, 3),
      polygon: [
        [
          [
            [0, 0],
            [3, 0],
            [3, 3],
            [0, 3],
            [0, 0],
          ],
          [
            [1, 1],
            [1, 2],
            [2, 2],
            [2, 1],
            [1, 1],
          ],
        ],
      ],
    };
    const locator = new GridLocator([outer, square('core', 1, 1, 1)]);
    expect(locator.locateCell(1.5, 1.5)?.id).toBe('core');
    expect(locator.locateCell(0.5, 1.5)?.id).toBe('ring');
  });

  it('returns null outside every cell, and snaps points within the tolerance of an edge', () => {
    const locator = new GridLocator(grids);
    expect(locator.locateCell(BBOX[0] - 0.01, 31.24)).toBeNull();
    expect(locator.locateCell(Number.NaN, 31.24)).toBeNull();
    // The east edge of the whole tiling is outside by the half-open rule, but within the tolerance.
    expect(locator.locateCell(BBOX[2], 31.24)).not.toBeNull();
    expect(new GridLocator(grids, { edgeToleranceDeg: 0 }).locateCell(BBOX[2], 31.24)).toBeNull();
    expect(new GridLocator([]).locateCell(121.5, 31.24)).toBeNull();
    expect(() => new GridLocator(grids, { edgeToleranceDeg: -1 })).toThrow(RangeError);
  });

  it('lists the hierarchy root first, and the cells in input order', () => {
    const locator = new GridLocator(grids);
    const cell = locator.locateCell(121.505, 31.24)!;
    const chain = locator.hierarchy(cell.id);
    expect(chain.map((g) => g.level)).toEqual(['district', 'street', 'community', 'cell']);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.parentId).toBe(chain[i - 1]!.id);
    expect(locator.hierarchy('no-such-grid')).toEqual([]);
    expect(locator.cells().map((c) => c.id)).toEqual(cells.map((c) => c.id));
    expect(locator.grid(chain[0]!.id)).toBe(chain[0]);
  });
});
