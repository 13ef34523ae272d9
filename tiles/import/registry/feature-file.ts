import fs from 'node:fs';
import path from 'node:path';
import { fail, type ImportReport } from '../../report/import-report.js';
import { parseFeatures, type GeoJsonFeature } from '../geojson-source.js';

/** Features of a vector file and the CRS the file names, if any. */
export interface FeatureFile {
  features: GeoJsonFeature[];
  crsName?: string;
}

/**
 * Reads the features of a vector file: the one place where a file format becomes features, so every registry
 * importer reads the same formats. GeoJSON today; Shapefile and GeoPackage go through here too.
 */
export function readFeatureFile(file: string, report: ImportReport): FeatureFile | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.geojson' || ext === '.json') return parseFeatures(fs.readFileSync(file, 'utf8'), report);
  fail(report, `${path.basename(file)}: grid files are read from GeoJSON (.geojson, .json); "${ext}" is not read`);
  return null;
}
