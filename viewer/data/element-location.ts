import type { Selection } from '../state/store.js';
import type { CityData } from './city-data.js';

/** Where an element is and how far to stand from it: `[lonDeg, latDeg, sceneHeightM, rangeM]`. */
export type ElementLocation = [lonDeg: number, latDeg: number, heightM: number, rangeM: number];

/** The location of a selected element, or null when the id is unknown. Heights are scene heights (ground = 0). */
export function elementLocation(data: CityData, selection: Selection): ElementLocation | null {
  const ground = data.city.groundElevationM;
  switch (selection.type) {
    case 'building': {
      const b = data.buildingById.get(selection.id);
      const ring = b?.footprint[0]?.[0];
      if (!b || !ring) return null;
      const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length;
      const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
      return [lon, lat, b.roofHeightM / 2, Math.max(220, b.roofHeightM * 3)];
    }
    case 'node': {
      const n = data.nodeById.get(selection.id);
      return n ? [n.position[0], n.position[1], n.invertM - ground, 90] : null;
    }
    case 'link': {
      const l = data.linkById.get(selection.id);
      if (!l) return null;
      const mid = l.path[Math.floor(l.path.length / 2)]!;
      return [mid[0], mid[1], (l.fromInvertM + l.toInvertM) / 2 - ground, Math.max(90, Math.min(400, l.lengthM * 1.2))];
    }
    case 'sensor': {
      const s = data.sensorById.get(selection.id);
      return s ? [s.position[0], s.position[1], s.heightM, 110] : null;
    }
    case 'grid': {
      const g = data.cellById.get(selection.id);
      return g ? [g.labelPosition[0], g.labelPosition[1], 0, Math.max(350, Math.sqrt(g.areaM2) * 2.2)] : null;
    }
  }
}

/** Which kind of element an id names, from the loaded data. */
export function selectionOfId(data: CityData, id: string): Selection | null {
  if (data.buildingById.has(id)) return { type: 'building', id };
  if (data.linkById.has(id)) return { type: 'link', id };
  if (data.nodeById.has(id)) return { type: 'node', id };
  if (data.sensorById.has(id)) return { type: 'sensor', id };
  if (data.cellById.has(id)) return { type: 'grid', id };
  return null;
}
