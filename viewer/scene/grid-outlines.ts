import { Color, Material, PolylineCollection, Cartesian3 } from 'cesium';
import type { Grid } from '../../core/model/index.js';

/** Thin outlines of the grid cells, just above ground. */
export function createGridOutlines(cells: readonly Grid[]): PolylineCollection {
  const lines = new PolylineCollection();
  const material = Material.fromType('Color', { color: Color.fromCssColorString('#f5c542').withAlpha(0.55) });
  for (const cell of cells) {
    for (const polygon of cell.polygon) {
      const outer = polygon[0];
      if (!outer) continue;
      lines.add({
        positions: Cartesian3.fromDegreesArrayHeights(outer.flatMap(([lon, lat]) => [lon, lat, 1.5])),
        width: 1.5,
        material,
        id: cell.id,
      });
    }
  }
  return lines;
}
