import { parseDbf, parseShp } from 'shpjs';
import type { GeoJsonFeature } from '../geojson-source.js';
import { epsgFromWkt } from './crs-from-wkt.js';
import { FeatureReadError, type CrsInfo } from './feature-types.js';

/** The parts of one Shapefile layer: the .shp is required, the others are read when present. */
export interface ShapefileParts {
  shp: Uint8Array;
  dbf?: Uint8Array;
  /** The .prj's WKT. */
  prj?: string;
  /** The .cpg's code page name (`UTF-8`, `GBK`, `1252`). */
  cpg?: string;
}

/**
 * Reads a Shapefile layer with shpjs (coordinates unprojected, in the .prj's CRS; Z kept) and its .dbf attributes
 * (decoded with the .cpg code page). Rows with a null shape are skipped and counted in the warnings.
 */
export function readShapefile(parts: ShapefileParts): { features: GeoJsonFeature[]; crs: CrsInfo; warnings: string[] } {
  let geometries: ({ type: string; coordinates: unknown } | null)[];
  // shpjs reads a cut file silently up to where it ends: the header's file length (16-bit words) tells.
  if (parts.shp.length >= 28) {
    const declared = new DataView(parts.shp.buffer, parts.shp.byteOffset, parts.shp.byteLength).getInt32(24) * 2;
    if (declared > parts.shp.length) {
      throw new FeatureReadError(
        `Shapefile: the .shp cannot be read: truncated (its header says ${declared} bytes, the file has ${parts.shp.length})`,
        'a Shapefile',
      );
    }
  }
  try {
    geometries = parseShp(parts.shp);
  } catch (e) {
    throw new FeatureReadError(`Shapefile: the .shp cannot be read: ${(e as Error).message}`, 'a Shapefile');
  }
  let rows: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  if (parts.dbf) {
    try {
      rows = parseDbf(parts.dbf, parts.cpg);
    } catch (e) {
      throw new FeatureReadError(`Shapefile: the .dbf cannot be read: ${(e as Error).message}`, 'a dBASE table');
    }
    if (rows.length !== geometries.length) {
      warnings.push(`the .dbf has ${rows.length} rows for ${geometries.length} shapes: attributes matched by position`);
    }
  } else {
    warnings.push('no .dbf beside the .shp: features have no attributes');
  }
  const features: GeoJsonFeature[] = [];
  let nulls = 0;
  geometries.forEach((g, i) => {
    if (!g) {
      nulls++;
      return;
    }
    features.push({
      type: 'Feature',
      geometry: { type: g.type, coordinates: g.coordinates },
      properties: rows[i] ?? {},
    });
  });
  if (nulls > 0) warnings.push(`${nulls} record(s) with a null shape skipped`);
  const crs: CrsInfo = { from: parts.prj ? 'shapefile-prj' : 'none' };
  if (parts.prj) {
    crs.raw = parts.prj.trim();
    crs.crs = epsgFromWkt(crs.raw) ?? crs.raw;
  } else {
    warnings.push('no .prj beside the .shp: the CRS comes from --crs (else WGS84 is assumed)');
  }
  return { features, crs, warnings };
}
