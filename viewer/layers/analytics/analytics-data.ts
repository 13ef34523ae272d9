import { EnuFrame } from '../../../core/geo/index.js';
import type { CityData } from '../../data/city-data.js';
import type { OverlayMeasure } from '../../state/store.js';
import type { SensorState } from '../../engine/scene-colors.js';
import { hexBins, hexCorners } from './hex-bins.js';

/** A polygon of the overlay in local ENU metres with the value it shows. */
export interface AnalyticsPolygon {
  id: string;
  /** Outer ring, `[east, north]` metres from the city centre. */
  ring: [number, number][];
  value: number;
  /** Extrusion for hexagons (m); 0 for flat cells. */
  elevationM: number;
}

/** Sensor weights by state for the hexagons: alarms count most, so hot spots stand out. */
const STATE_WEIGHT: Record<SensorState, number> = {
  alarm: 10,
  warning: 4,
  offline: 2,
  stale: 1,
  normal: 0.5,
  unknown: 0.5,
};

/** Hexagon size for sensor bins (m). */
export const HEX_RADIUS_M = 220;

/**
 * The polygons of an analytic measure, converted once on the CPU in float64 to local ENU metres around the city
 * centre (stack-facts: deck.gl on top of Cesium takes CARTESIAN coordinates in that frame).
 */
export function analyticsPolygons(
  data: CityData,
  measure: OverlayMeasure,
  states: ReadonlyMap<string, SensorState>,
): AnalyticsPolygon[] {
  const frame = new EnuFrame(data.city.center[0], data.city.center[1], 0);
  const toEnu = (lon: number, lat: number): [number, number] => {
    const [e, n] = frame.toEnu(lon, lat, 0);
    return [e, n];
  };
  if (measure === 'sensors') {
    const points = data.sensors.map((s) => {
      const [east, north] = toEnu(s.position[0], s.position[1]);
      return { east, north, weight: STATE_WEIGHT[states.get(s.id) ?? 'unknown'] };
    });
    return hexBins(points, HEX_RADIUS_M).map((b, i) => ({
      id: `hex-${i}`,
      ring: hexCorners(b.centre, HEX_RADIUS_M * 0.92),
      value: b.weight,
      elevationM: 0,
    }));
  }
  const perCell = new Map<string, number>();
  for (const b of data.buildings) {
    if (!b.gridId) continue;
    perCell.set(b.gridId, (perCell.get(b.gridId) ?? 0) + (measure === 'population' ? b.population : 1));
  }
  return data.cells.flatMap((cell) =>
    cell.polygon.map((polygon, part) => ({
      id: `${cell.id}#${part}`,
      ring: (polygon[0] ?? []).map(([lon, lat]) => toEnu(lon, lat)),
      // Per km²: cells differ in size, a density compares them fairly.
      value: (perCell.get(cell.id) ?? 0) / Math.max(cell.areaM2 / 1e6, 1e-6),
      elevationM: 0,
    })),
  );
}
