import type { BasemapFeature, RoadClass } from '../../../core/contracts/basemap.js';

/** How one road class is drawn: colour, width on the ground (m), the fewest px it keeps, zooms of line and name. */
export interface RoadStyle {
  color: string;
  widthM: number;
  minPx: number;
  /** First web-mercator zoom level at which the road is drawn. */
  minZoom: number;
  /** First zoom level at which its name is written. */
  labelZoom: number;
  dash?: readonly number[];
}

/**
 * A dark basemap under a city of light buildings: roads warm and light by class (wider and brighter the higher the
 * class), water deep blue, green dark green, other landuse a shade off the ground. The drawing order is the class
 * order reversed: major roads over minor ones.
 */
export const ROAD_STYLES: Record<RoadClass, RoadStyle> = {
  motorway: { color: '#d9a75b', widthM: 26, minPx: 2.2, minZoom: 0, labelZoom: 15 },
  trunk: { color: '#d3a862', widthM: 22, minPx: 2, minZoom: 0, labelZoom: 15 },
  primary: { color: '#c8b07e', widthM: 18, minPx: 1.8, minZoom: 0, labelZoom: 15 },
  secondary: { color: '#a9a08c', widthM: 14, minPx: 1.4, minZoom: 0, labelZoom: 16 },
  tertiary: { color: '#8e949a', widthM: 11, minPx: 1.1, minZoom: 12, labelZoom: 17 },
  minor: { color: '#6f7b87', widthM: 7, minPx: 0.8, minZoom: 14, labelZoom: 17 },
  service: { color: '#5a6673', widthM: 4.5, minPx: 0.6, minZoom: 15, labelZoom: 18 },
  path: { color: '#66707a', widthM: 2, minPx: 0.6, minZoom: 16, labelZoom: 19, dash: [3, 2] },
  rail: { color: '#8a7fa8', widthM: 2, minPx: 1, minZoom: 12, labelZoom: 17, dash: [6, 3] },
  ferry: { color: '#3f86b8', widthM: 1.5, minPx: 1, minZoom: 13, labelZoom: 17, dash: [5, 4] },
};

/** Drawing order of roads, bottom first. */
export const ROAD_ORDER: readonly RoadClass[] = [
  'ferry',
  'path',
  'service',
  'rail',
  'minor',
  'tertiary',
  'secondary',
  'primary',
  'trunk',
  'motorway',
];

export const WATER_COLOR = '#173a57';
export const GREEN_COLOR = '#1f3b2e';
const LANDUSE_COLORS: Record<string, string> = {
  residential: '#252f3a',
  commercial: '#2b2f3c',
  retail: '#2b2f3c',
  pedestrian: '#2a3440',
  parking: '#262e36',
  pier: '#2c3642',
  school: '#2d2f3a',
  hospital: '#302d36',
};
export const LANDUSE_COLOR = '#242e38';

/** The fill of an area feature. */
export function areaColor(f: Pick<BasemapFeature, 'layer' | 'kind'>): string {
  if (f.layer === 'water') return WATER_COLOR;
  if (f.layer === 'green') return GREEN_COLOR;
  return LANDUSE_COLORS[f.kind] ?? LANDUSE_COLOR;
}

/** Tunnels are drawn faint: they are under the ground, not on it. */
export const TUNNEL_ALPHA = 0.3;

/** Metres per pixel of a web-mercator tile pixel at a latitude and zoom (256 px tiles). */
export function metresPerPixel(latDeg: number, zoom: number): number {
  return (40_075_016.686 * Math.cos((latDeg * Math.PI) / 180)) / (256 * 2 ** zoom);
}

/** A road's stroke width in px at a zoom: its width on the ground, never thinner than its class's minimum. */
export function roadWidthPx(cls: RoadClass, latDeg: number, zoom: number): number {
  const s = ROAD_STYLES[cls];
  return Math.max(s.minPx, s.widthM / metresPerPixel(latDeg, zoom));
}

/** The name to write for a feature in a language: the English name in English when there is one, else the name. */
export function labelText(f: Pick<BasemapFeature, 'name' | 'nameEn'>, language: 'en' | 'zh'): string | undefined {
  return language === 'en' ? (f.nameEn ?? f.name) : (f.name ?? f.nameEn);
}

/** World pixel coordinates (256 px tiles) of a lon/lat at a zoom, web mercator. */
export function worldPixel(lon: number, lat: number, zoom: number): [number, number] {
  const size = 256 * 2 ** zoom;
  const phi = (Math.max(-85.05112878, Math.min(85.05112878, lat)) * Math.PI) / 180;
  return [((lon + 180) / 360) * size, ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * size];
}

/** The lon/lat bounds `[west, south, east, north]` of tile x, y at a zoom. */
export function tileBounds(x: number, y: number, zoom: number): [number, number, number, number] {
  const n = 2 ** zoom;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}
