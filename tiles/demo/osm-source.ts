import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A GeoJSON feature as the Tilezen/OSM source files carry it (geometry kept loose: the stages check types). */
export interface OsmFeature {
  readonly type: 'Feature';
  readonly properties: Record<string, string | number | boolean | null | undefined>;
  readonly geometry: { readonly type: string; readonly coordinates: unknown };
}

/** The demo city's OSM layers, as read from `data/sources/shanghai-osm/`. */
export interface OsmSources {
  readonly buildings: readonly OsmFeature[];
  readonly labels: readonly OsmFeature[];
  readonly roads: readonly OsmFeature[];
  readonly water: readonly OsmFeature[];
  readonly landuse: readonly OsmFeature[];
  readonly districtLines: readonly OsmFeature[];
}

const FILES = {
  buildings: 'shanghai-buildings.geojson',
  labels: 'shanghai-building-labels-addresses.geojson',
  roads: 'shanghai-roads.geojson',
  water: 'shanghai-water.geojson',
  landuse: 'shanghai-landuse.geojson',
  districtLines: 'shanghai-district-boundaries-lines.geojson',
} as const;

async function readLayer(path: string): Promise<OsmFeature[]> {
  const json = JSON.parse(await readFile(path, 'utf8')) as { features?: OsmFeature[] };
  if (!Array.isArray(json.features)) throw new Error(`${path}: not a GeoJSON FeatureCollection`);
  return json.features.filter((f) => f && f.geometry && f.properties);
}

/** Reads every layer of the demo city from `sourceDir`. */
export async function readOsmSources(sourceDir: string): Promise<OsmSources> {
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([key, file]) => [key, await readLayer(join(sourceDir, file))] as const),
  );
  return Object.fromEntries(entries) as unknown as OsmSources;
}

/** A string property, or undefined when absent or empty. */
export function stringProp(f: OsmFeature, key: string): string | undefined {
  const v = f.properties[key];
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

/** A finite numeric property, or undefined. */
export function numberProp(f: OsmFeature, key: string): number | undefined {
  const v = f.properties[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number.parseFloat(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The line strings of a LineString or MultiLineString feature ([] for other types). */
export function lineStringsOf(f: OsmFeature): [number, number][][] {
  if (f.geometry.type === 'LineString') return [f.geometry.coordinates as [number, number][]];
  if (f.geometry.type === 'MultiLineString') return f.geometry.coordinates as [number, number][][];
  return [];
}

/** The polygons of a Polygon or MultiPolygon feature ([] for other types). */
export function polygonsOf(f: OsmFeature): [number, number][][][] {
  if (f.geometry.type === 'Polygon') return [f.geometry.coordinates as [number, number][][]];
  if (f.geometry.type === 'MultiPolygon') return f.geometry.coordinates as [number, number][][][];
  return [];
}
