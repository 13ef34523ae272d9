import { COORDINATE_SYSTEM, type Layer } from '@deck.gl/core';
import { PolygonLayer } from '@deck.gl/layers';
import { EnuFrame } from '../../../core/geo/index.js';
import type { CityData } from '../../data/city-data.js';
import { rampColor } from '../analytics/analytics-style.js';

interface CellPolygon {
  id: string;
  ring: [number, number][];
  value: number | null;
}

/**
 * A deck.gl choropleth of one value per grid cell (a KPI), for {@link DeckOverlay.setFeatureLayer}: cells in local
 * ENU metres around the city centre (the overlay's frame), coloured on the analytics ramp from `min` to `max`;
 * cells without a value are drawn as a faint grey outline.
 */
export function gridChoroplethLayer(
  data: CityData,
  values: ReadonlyMap<string, number | null>,
  id = 'kpi-choropleth',
): {
  layer: Layer;
  min: number;
  max: number;
} {
  const frame = new EnuFrame(data.city.center[0], data.city.center[1], 0);
  const polygons: CellPolygon[] = data.cells.flatMap((cell) =>
    cell.polygon.map((polygon, part) => ({
      id: `${cell.id}#${part}`,
      ring: (polygon[0] ?? []).map(([lon, lat]) => {
        const [e, n] = frame.toEnu(lon, lat, 0);
        return [e, n] as [number, number];
      }),
      value: values.get(cell.id) ?? null,
    })),
  );
  const known = polygons.map((p) => p.value).filter((v): v is number => v !== null);
  const min = known.length ? Math.min(...known) : 0;
  const max = known.length ? Math.max(...known) : 1;
  const span = max - min || 1;
  const layer = new PolygonLayer<CellPolygon>({
    id,
    data: polygons,
    coordinateSystem: COORDINATE_SYSTEM.CARTESIAN,
    getPolygon: (p) => p.ring.map(([e, n]) => [e, n, 1.5]),
    getFillColor: (p) => (p.value === null ? [120, 130, 140, 30] : rampColor((p.value - min) / span, 170)),
    getLineColor: [255, 255, 255, 110],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    stroked: true,
    filled: true,
    updateTriggers: { getFillColor: [min, max, values] },
  });
  return { layer: layer as unknown as Layer, min, max };
}
