import { beforeAll, describe, expect, it } from 'vitest';
import type { CityBundle, Grid, LonLat } from '../../../core/model/index.js';
import { pointInMultiPolygon } from '../../../core/geo/index.js';
import { pointOnSurface } from '../../../core/grid/point-on-surface.js';
import { buildDemo } from './demo-fixture.js';

/**
 * The check: every building, node and sensor of the demo city lies in exactly one grid cell, counted by
 * brute force over all cells (not through the locator that assigned them), and that cell is its gridId.
 */
describe('tiles/demo (grid membership)', () => {
  let city: CityBundle;
  let cells: Grid[];
  beforeAll(async () => {
    city = await buildDemo(20261122);
    cells = city.grids.filter((g) => g.level === 'cell');
  }, 60_000);

  function cellsHolding(p: LonLat): string[] {
    return cells.filter((c) => pointInMultiPolygon(p[0], p[1], c.polygon)).map((c) => c.id);
  }

  function checkAll(kind: string, items: { id: string; gridId: string | null; at: LonLat }[]): void {
    const wrong: string[] = [];
    for (const item of items) {
      const holding = cellsHolding(item.at);
      if (holding.length !== 1 || holding[0] !== item.gridId)
        wrong.push(`${kind} ${item.id}: in [${holding.join(', ')}], gridId ${item.gridId}`);
    }
    expect(wrong.slice(0, 10), `${wrong.length} of ${items.length} ${kind}s misplaced`).toEqual([]);
  }

  it('puts every building in exactly one cell, its own', () => {
    checkAll(
      'building',
      city.buildings.map((b) => ({ id: b.id, gridId: b.gridId, at: pointOnSurface(b.footprint) })),
    );
  });

  it('puts every network node in exactly one cell, its own', () => {
    expect(city.nodes.length).toBeGreaterThan(5000);
    checkAll(
      'node',
      city.nodes.map((n) => ({ id: n.id, gridId: n.gridId, at: n.position })),
    );
  });

  it('puts every sensor in exactly one cell, its own', () => {
    checkAll(
      'sensor',
      city.sensors.map((s) => ({ id: s.id, gridId: s.gridId, at: s.position })),
    );
  });

  it('has cells that each carry a worker and a crew for every utility', () => {
    const crews = new Map(city.crews.map((c) => [c.id, c]));
    for (const cell of cells) {
      expect(cell.worker?.phone, cell.id).toMatch(/^\d{11}$/);
      const utilities = new Set(cell.crewIds.map((id) => crews.get(id)?.utility));
      expect(utilities.size, cell.id).toBe(7);
    }
  });
});
