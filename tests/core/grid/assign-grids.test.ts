import { describe, expect, it } from 'vitest';
import type { Building, NetworkLink, NetworkNode, Sensor } from '../../../core/model/index.js';
import { pointInPolygon } from '../../../core/geo/index.js';
import {
  GridLocator,
  assignGridIds,
  cellIdFor,
  generateLatticeGrids,
  pointOnSurface,
  polylineMidpoint,
} from '../../../core/grid/index.js';

const BBOX: [number, number, number, number] = [121.49, 31.23, 121.51, 31.25];
const grids = generateLatticeGrids({ bbox: BBOX, cellSizeM: 300, seed: 1 });
const locator = new GridLocator(grids);
const provenance = { source: 'test', synthetic: true };

/** An L-shaped footprint whose centroid lies outside it. */
const L_SHAPE: [number, number][] = [
  [121.5, 31.24],
  [121.502, 31.24],
  [121.502, 31.2403],
  [121.5003, 31.2403],
  [121.5003, 31.242],
  [121.5, 31.242],
  [121.5, 31.24],
];

describe('core/grid/assign-grids', () => {
  it('finds a point inside concave footprints and halfway along paths', () => {
    const p = pointOnSurface([[L_SHAPE]]);
    expect(pointInPolygon(p[0], p[1], [L_SHAPE])).toBe(true);
    const u: [number, number][] = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ];
    const q = pointOnSurface([[u]]);
    expect(pointInPolygon(q[0], q[1], [u])).toBe(true);
    const mid = polylineMidpoint([
      [121.5, 31.24],
      [121.501, 31.24],
      [121.501, 31.241],
    ]);
    expect(mid[0]).toBeCloseTo(121.501, 6);
    expect(mid[1]).toBeGreaterThan(31.24);
  });

  it('sets gridId on buildings, nodes, links and sensors, and counts those outside every cell', () => {
    const inside: [number, number] = [121.4951, 31.2352];
    const outside: [number, number] = [121.6, 31.3];
    const buildings = [
      { id: 'b1', footprint: [[L_SHAPE]], roofHeightM: 10, gridId: null, provenance } as unknown as Building,
      {
        id: 'b2',
        footprint: [
          [
            [
              [121.6, 31.3],
              [121.601, 31.3],
              [121.601, 31.301],
              [121.6, 31.301],
              [121.6, 31.3],
            ],
          ],
        ],
        roofHeightM: 10,
        gridId: 'stale',
        provenance,
      } as unknown as Building,
    ];
    const nodes = [inside, outside].map(
      (position, i) => ({ id: `n${i}`, position, gridId: null }) as unknown as NetworkNode,
    );
    const links = [
      {
        id: 'l1',
        path: [
          [121.495, 31.235],
          [121.497, 31.235],
        ],
        gridId: null,
      } as unknown as NetworkLink,
    ];
    const sensors = [{ id: 's1', position: inside, gridId: null } as unknown as Sensor];
    const counts = assignGridIds({ buildings, nodes, links, sensors }, locator);
    expect(counts).toEqual({
      assigned: { buildings: 1, nodes: 1, links: 1, sensors: 1 },
      unassigned: { buildings: 1, nodes: 1, links: 0, sensors: 0 },
    });
    const surface = pointOnSurface(buildings[0]!.footprint);
    expect(buildings[0]!.gridId).toBe(cellIdFor(locator, surface[0], surface[1]));
    expect(buildings[1]!.gridId).toBeNull();
    expect(nodes[0]!.gridId).toBe(locator.locateCell(inside[0], inside[1])!.id);
    expect(sensors[0]!.gridId).toBe(nodes[0]!.gridId);
    expect(links[0]!.gridId).toBe(cellIdFor(locator, 121.496, 31.235));
    expect(cellIdFor(locator, outside[0], outside[1])).toBeNull();
  });
});
