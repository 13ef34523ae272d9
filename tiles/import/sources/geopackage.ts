import type { Database, SqlJsStatic } from 'sql.js';
import type { GeoJsonFeature } from '../geojson-source.js';
import { FeatureReadError, type CrsInfo } from './feature-types.js';
import { decodeGpkgGeometry } from './wkb.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js (SQLite compiled to WebAssembly), loaded once and only when a GeoPackage is read. */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js').then((m) => (m.default as unknown as () => Promise<SqlJsStatic>)());
  return sqlJs;
}

/** One feature table of a GeoPackage. */
interface Layer {
  table: string;
  geometryColumn: string;
  srsId: number;
}

function all(db: Database, sql: string, params: (string | number)[] = []): Record<string, unknown>[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: Record<string, unknown>[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject() as Record<string, unknown>);
    return rows;
  } finally {
    stmt.free();
  }
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Reads one feature layer of a GeoPackage (OGC 12-128r18) through sql.js: `layer` names the table, else the only
 * feature table, else the first (with a warning naming the others). Geometry blobs are decoded from WKB (Z kept);
 * the other columns become properties (the integer primary key is the feature id). The CRS comes from
 * gpkg_spatial_ref_sys: `EPSG:<code>` when the organisation is EPSG, else its WKT definition.
 */
export async function readGeoPackage(
  bytes: Uint8Array,
  layer?: string,
): Promise<{ features: GeoJsonFeature[]; crs: CrsInfo; layer: string; layers: string[]; warnings: string[] }> {
  const SQL = await loadSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (e) {
    throw new FeatureReadError(`GeoPackage: not a readable SQLite database: ${(e as Error).message}`, 'a GeoPackage');
  }
  try {
    let layers: Layer[];
    try {
      layers = all(
        db,
        `SELECT c.table_name AS t, g.column_name AS g, g.srs_id AS s FROM gpkg_contents c
         JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`,
      ).map((r) => ({ table: String(r.t), geometryColumn: String(r.g), srsId: Number(r.s) }));
    } catch (e) {
      throw new FeatureReadError(
        `expected a GeoPackage (tables gpkg_contents and gpkg_geometry_columns) but this SQLite database has none: ${(e as Error).message}`,
        'a GeoPackage',
        'an SQLite database that is not a GeoPackage',
      );
    }
    const names = layers.map((l) => l.table);
    if (layers.length === 0)
      throw new FeatureReadError('GeoPackage without any feature table', 'a GeoPackage feature layer');
    const warnings: string[] = [];
    let chosen: Layer;
    if (layer !== undefined) {
      const found = layers.find((l) => l.table === layer);
      if (!found) throw new FeatureReadError(`GeoPackage has no feature layer "${layer}": it has ${names.join(', ')}`);
      chosen = found;
    } else {
      chosen = layers[0]!;
      if (layers.length > 1)
        warnings.push(
          `GeoPackage has ${layers.length} feature layers (${names.join(', ')}): read "${chosen.table}"; choose with --layer`,
        );
    }
    const pk = all(db, `PRAGMA table_info(${quoteIdent(chosen.table)})`).find((c) => Number(c.pk) === 1)?.name as
      string | undefined;
    const features: GeoJsonFeature[] = [];
    let bad = 0,
      empty = 0;
    const stmt = db.prepare(`SELECT * FROM ${quoteIdent(chosen.table)}`);
    try {
      while (stmt.step()) {
        const row = stmt.getAsObject() as Record<string, unknown>;
        const blob = row[chosen.geometryColumn];
        delete row[chosen.geometryColumn];
        let geometry: GeoJsonFeature['geometry'] = null;
        if (blob instanceof Uint8Array) {
          try {
            geometry = decodeGpkgGeometry(blob);
          } catch {
            bad++;
            continue;
          }
        }
        if (!geometry) {
          empty++;
          continue;
        }
        const id = pk !== undefined ? row[pk] : undefined;
        features.push({
          type: 'Feature',
          ...(typeof id === 'number' || typeof id === 'string' ? { id } : {}),
          geometry,
          properties: row,
        });
      }
    } finally {
      stmt.free();
    }
    if (bad > 0) warnings.push(`${bad} row(s) with a geometry blob that is not GeoPackage WKB skipped`);
    if (empty > 0) warnings.push(`${empty} row(s) without geometry skipped`);
    const srs = all(
      db,
      'SELECT organization AS o, organization_coordsys_id AS c, definition AS d FROM gpkg_spatial_ref_sys WHERE srs_id = ?',
      [chosen.srsId],
    )[0];
    const crs: CrsInfo = { from: 'geopackage-srs' };
    if (srs) {
      const def = typeof srs.d === 'string' && srs.d !== 'undefined' ? srs.d : undefined;
      if (def) crs.raw = def;
      if (String(srs.o).toUpperCase() === 'EPSG' && Number(srs.c) > 0) crs.crs = `EPSG:${Number(srs.c)}`;
      else if (def) crs.crs = def;
    } else if (chosen.srsId > 0) {
      // Spec: srs_id usually equals the EPSG code when the row is missing.
      crs.crs = `EPSG:${chosen.srsId}`;
      warnings.push(`srs_id ${chosen.srsId} missing from gpkg_spatial_ref_sys: taken as EPSG:${chosen.srsId}`);
    }
    return { features, crs, layer: chosen.table, layers: names, warnings };
  } finally {
    db.close();
  }
}
