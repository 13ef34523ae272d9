import type { GeoJsonFeature } from './geojson-source.js';

/** Which importer a file needs. `pipe-points` is a facility file that goes with a pipe-lines file. */
export type SourceKind = 'epanet-inp' | 'geojson-buildings' | 'pipe-lines' | 'pipe-points' | 'unknown';

/**
 * The importer for features read from any vector format, by their geometries: mostly polygons: buildings; any
 * lines: pipe GIS; only points: pipe GIS facilities.
 */
export function kindOfFeatures(features: readonly GeoJsonFeature[]): SourceKind {
  let polygons = 0,
    lines = 0,
    points = 0;
  for (const f of features) {
    const t = f?.geometry?.type ?? '';
    if (t.endsWith('Polygon')) polygons++;
    else if (t.endsWith('LineString')) lines++;
    else if (t.endsWith('Point')) points++;
  }
  if (lines > 0 && lines >= polygons) return 'pipe-lines';
  if (polygons > 0) return 'geojson-buildings';
  if (points > 0) return 'pipe-points';
  return 'geojson-buildings';
}

/**
 * Detects a GeoJSON or .inp source's kind from its name and text (`.inp` or an .inp section header is EPANET;
 * GeoJSON by kindOfFeatures). Other formats go through tiles/import/sources/read-features.ts first.
 */
export function detectSourceKind(fileName: string, text: string): SourceKind {
  if (/\.inp$/i.test(fileName)) return 'epanet-inp';
  if (/^\s*\[(TITLE|JUNCTIONS)\]/i.test(text)) return 'epanet-inp';
  let doc: { type?: string; features?: GeoJsonFeature[] };
  try {
    doc = JSON.parse(text);
  } catch {
    // Not JSON: a .geojson that fails to parse goes to the buildings importer, which reports the JSON error.
    return /\.(geo)?json$/i.test(fileName) ? 'geojson-buildings' : 'unknown';
  }
  const features =
    doc.type === 'FeatureCollection' ? (doc.features ?? []) : doc.type === 'Feature' ? [doc as GeoJsonFeature] : [];
  return kindOfFeatures(features);
}
