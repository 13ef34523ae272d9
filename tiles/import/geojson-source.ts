import { toWgs84Converter, type ToWgs84 } from '../../core/geo/index.js';
import './epsg-lookup.js';
import { fail, type ImportReport } from '../report/import-report.js';

/** A GeoJSON feature as read (loosely typed: sources are messy). */
export interface GeoJsonFeature {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates?: unknown } | null;
  properties: Record<string, unknown> | null;
}

/** Features already read (by tiles/import/sources/read-features.ts from any format) with the CRS their file names. */
export interface ParsedFeatures {
  features: GeoJsonFeature[];
  crsName?: string;
}

/**
 * Parses GeoJSON text into features, reporting invalid JSON or a non-GeoJSON document; null on error. Features
 * already read from another format (Shapefile, GeoPackage...) pass through unchanged.
 */
export function parseFeatures(text: string | ParsedFeatures, report: ImportReport): ParsedFeatures | null {
  if (typeof text !== 'string') return text;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    fail(report, `invalid JSON: ${(e as Error).message}`);
    return null;
  }
  const d = doc as { type?: string; features?: unknown; crs?: { properties?: { name?: string } } };
  let features: unknown[];
  if (d?.type === 'FeatureCollection' && Array.isArray(d.features)) features = d.features;
  else if (d?.type === 'Feature') features = [d];
  else {
    fail(report, 'not a GeoJSON FeatureCollection or Feature');
    return null;
  }
  const bad = features.findIndex((f) => (f as GeoJsonFeature | null)?.type !== 'Feature');
  if (bad >= 0) {
    fail(report, 'not a GeoJSON Feature', { featureIndex: bad });
    return null;
  }
  const crsName = d.crs?.properties?.name;
  return crsName ? { features: features as GeoJsonFeature[], crsName } : { features: features as GeoJsonFeature[] };
}

/** `urn:ogc:def:crs:EPSG::4528` -> `EPSG:4528`; CRS84 -> EPSG:4326; other names unchanged. */
export function normaliseCrsName(name: string): string {
  if (/CRS84$/i.test(name)) return 'EPSG:4326';
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  return m ? `EPSG:${m[1]}` : name;
}

/** The converter for `--crs` (wins) or the document's `crs` member, else WGS84; null (with an error) if unknown. */
export function converterFor(
  optionCrs: string | undefined,
  documentCrs: string | undefined,
  report: ImportReport,
): { crs: string; convert: ToWgs84 } | null {
  const crs = optionCrs ?? (documentCrs ? normaliseCrsName(documentCrs) : 'EPSG:4326');
  try {
    return { crs, convert: toWgs84Converter(crs) };
  } catch (e) {
    fail(report, `CRS: ${(e as Error).message}`);
    return null;
  }
}

/** The source's id of a feature: `properties.id`, `@id`, `OBJECTID` (when not the 0 placeholder), or the feature id. */
export function sourceIdOf(f: GeoJsonFeature): string | undefined {
  const p = f.properties ?? {};
  for (const v of [p.id, p['@id'], f.id]) {
    if ((typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v))) return String(v);
  }
  return undefined;
}
