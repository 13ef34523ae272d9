import { Color } from 'cesium';
import type { Building } from '../../core/model/index.js';

/** Height bands (m) and their colours: low-rise pale, towers deep blue, so the skyline reads at a glance. */
const BANDS: readonly [maxHeightM: number, css: string][] = [
  [12, '#c9d3dc'],
  [30, '#a9bccd'],
  [60, '#86a5c0'],
  [120, '#5f8cb3'],
  [250, '#3f72a3'],
  [Infinity, '#2a5a8f'],
];

/** Colour of a building by its roof height; estimated heights are drawn a little translucent. */
export function buildingColor(building: Pick<Building, 'roofHeightM' | 'heightEstimated'>): Color {
  const band = BANDS.find(([max]) => building.roofHeightM <= max) ?? BANDS[BANDS.length - 1]!;
  return Color.fromCssColorString(band[1]).withAlpha(building.heightEstimated ? 0.85 : 1);
}
