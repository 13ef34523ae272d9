import path from 'node:path';
import { fail, warn, type ImportReport } from '../../report/import-report.js';
import type { GeoJsonFeature } from '../geojson-source.js';
import { readFeaturesFromFile } from '../sources/read-features.js';

/** Features of a vector file and the CRS the file names, if any. */
export interface FeatureFile {
  features: GeoJsonFeature[];
  crsName?: string;
}

/**
 * Reads the features of a vector file through the shared reader: GeoJSON, Shapefile (.shp or .zip) and GeoPackage,
 * with the CRS the file names (.prj, GeoPackage srs, GeoJSON `crs`).
 */
export async function readFeatureFile(file: string, report: ImportReport): Promise<FeatureFile | null> {
  try {
    const src = await readFeaturesFromFile(file);
    for (const w of src.warnings) warn(report, w);
    return src.crs.crs ? { features: src.features, crsName: src.crs.crs } : { features: src.features };
  } catch (e) {
    fail(report, `${path.basename(file)}: ${(e as Error).message}`);
    return null;
  }
}
