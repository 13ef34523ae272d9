import { describe, expect, it } from 'vitest';
import polygonClipping from 'polygon-clipping';
import { multiPolygonAreaM2, ringAreaM2 } from '../../../core/geo/index.js';
import { generateLatticeGrids } from '../../../core/grid/index.js';
import { expectClose } from '../../helpers/expect-close.js';

const BBOX: [number, number, number, number] = [121.48, 31.22, 121.52, 31.25];
const bboxArea = Math.abs(
  ringAreaM2([
    [BBOX[0], BBOX[1]],
    [BBOX[2], BBOX[1]],
    [BBOX[2], BBOX[3]],
    [BBOX[0], BBOX[3]],
    [BBOX[0], BBOX[1]],
  ]),
);

describe('core/grid/lattice-grids', () => {
  const grids = generateLatticeGrids({ bbox: BBOX, cellSizeM: 250, seed: 3, blockSides: [3, 2, 2] });

  it('tiles the bbox at every level, and each parent is the union of its children', () => {
    // Areas agree to 0.1%: ringAreaM2 scales each ring at its first vertex's latitude (up to ~3e-4 apart here).
    for (const level of ['district', 'street', 'community', 'cell'] as const) {
      const sum = grids.filter((g) => g.level === level).reduce((s, g) => s + g.areaM2, 0);
      expectClose(sum, bboxArea, bboxArea * 1e-3, `${level} area`);
    }
    const byId = new Map(grids.map((g) => [g.id, g]));
    for (const parent of grids.filter((g) => g.level !== 'cell')) {
      const children = grids.filter((g) => g.parentId === parent.id);
      expect(children.length).toBeGreaterThan(0);
      const union = polygonClipping.union(children[0]!.polygon, ...children.slice(1).map((c) => c.polygon));
      expectClose(multiPolygonAreaM2(union), parent.areaM2, parent.areaM2 * 1e-3, `union of ${parent.code}`);
      const inside = polygonClipping.intersection(union, parent.polygon);
      expectClose(multiPolygonAreaM2(inside), parent.areaM2, parent.areaM2 * 1e-3, `children inside ${parent.code}`);
      expect(children.every((c) => byId.get(c.parentId!) === parent)).toBe(true);
    }
  });

  it('sizes cells near the requested size and keeps codes unique', () => {
    const cells = grids.filter((g) => g.level === 'cell');
    const mean = cells.reduce((s, c) => s + c.areaM2, 0) / cells.length;
    expectClose(Math.sqrt(mean), 250, 25, 'mean cell side');
    expect(new Set(grids.map((g) => g.code)).size).toBe(grids.length);
    expect(new Set(grids.map((g) => g.id)).size).toBe(grids.length);
  });

  it('is deterministic in the seed, and jitter 0 gives rectangles', () => {
    expect(generateLatticeGrids({ bbox: BBOX, cellSizeM: 250, seed: 3, blockSides: [3, 2, 2] })).toEqual(grids);
    expect(generateLatticeGrids({ bbox: BBOX, cellSizeM: 250, seed: 4, blockSides: [3, 2, 2] })).not.toEqual(grids);
    const flat = generateLatticeGrids({ bbox: BBOX, cellSizeM: 1000, seed: 3, jitter: 0 }).filter(
      (g) => g.level === 'cell',
    );
    const areas = flat.map((c) => c.areaM2);
    expectClose(Math.min(...areas), Math.max(...areas), Math.max(...areas) * 1e-3, 'rectangle areas');
  });

  it('rejects bad arguments', () => {
    expect(() => generateLatticeGrids({ bbox: BBOX, cellSizeM: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateLatticeGrids({ bbox: BBOX, cellSizeM: 100, seed: 1, jitter: 0.5 })).toThrow(RangeError);
    expect(() => generateLatticeGrids({ bbox: [1, 1, 1, 2], cellSizeM: 100, seed: 1 })).toThrow(RangeError);
  });
});
