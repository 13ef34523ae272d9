import proj4 from 'proj4';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.js';

/**
 * Coordinate reference systems GridTwin reads: `EPSG:<code>` (any code, resolved through the EPSG definition
 * lookup registered with `registerEpsgLookup`: tiles/ registers the epsg-index package), WKT (a Shapefile's .prj,
 * a GeoPackage srs definition), raw proj4 strings (`+proj=...`) and `gcj02`. core/ stays free of file access: the
 * lookup is injected.
 */

/** Resolves an EPSG code to a proj4 definition (or WKT), undefined when the code does not exist. */
export type EpsgLookup = (code: number) => string | undefined;

let epsgLookup: EpsgLookup | undefined;

/** Sets the EPSG definition source (one per process; tiles/ registers the epsg-index package). */
export function registerEpsgLookup(lookup: EpsgLookup): void {
  epsgLookup = lookup;
}

const WKT_START = /^(PROJCS|GEOGCS|GEOCCS|COMPD_CS|PROJCRS|GEOGCRS|GEODCRS|COMPOUNDCRS|BOUNDCRS|PROJECTEDCRS)\[/i;

/** The proj4 definition (or WKT, which proj4 also reads) for a CRS name, or throws a RangeError saying what is accepted. */
export function crsDefinition(crs: string): string {
  const name = crs.trim();
  if (name.startsWith('+proj=')) return name;
  if (WKT_START.test(name)) return name;
  const m = /^EPSG:(\d+)$/i.exec(name);
  if (!m) {
    throw new RangeError(
      `unknown CRS "${crs}": use EPSG:<code>, gcj02, a WKT (.prj) or a proj4 string starting with +proj=`,
    );
  }
  const code = Number(m[1]);
  // The two every tool knows, so that core works before a lookup is registered (the viewer, pure tests).
  if (code === 4326) return '+proj=longlat +datum=WGS84 +no_defs';
  if (code === 3857)
    return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';
  if (!epsgLookup) throw new RangeError(`EPSG:${code}: no EPSG definition source is registered in this process`);
  const def = epsgLookup(code);
  if (!def)
    throw new RangeError(
      `EPSG:${code} is not known to the EPSG registry (no coordinate reference system has that code)`,
    );
  return def;
}

/** A function converting `[x, y]` in a source CRS to WGS84 `[lonDeg, latDeg]`. */
export type ToWgs84 = (x: number, y: number) => [number, number];

/** A converter from `crs` to WGS84 (identity for EPSG:4326). */
export function toWgs84Converter(crs: string): ToWgs84 {
  const name = crs.trim().toLowerCase();
  if (name === 'gcj02' || name === 'gcj-02') return (x, y) => gcj02ToWgs84(x, y);
  if (name === 'epsg:4326' || name === 'wgs84') return (x, y) => [x, y];
  const converter = proj4(crsDefinition(crs), 'WGS84');
  return (x, y) => {
    const [lon, lat] = converter.forward([x, y]) as [number, number];
    return [lon, lat];
  };
}

/** A converter from WGS84 `[lonDeg, latDeg]` to `crs`. */
export function fromWgs84Converter(crs: string): ToWgs84 {
  const name = crs.trim().toLowerCase();
  if (name === 'gcj02' || name === 'gcj-02') return (lon, lat) => wgs84ToGcj02(lon, lat);
  if (name === 'epsg:4326' || name === 'wgs84') return (x, y) => [x, y];
  const converter = proj4('WGS84', crsDefinition(crs));
  return (lon, lat) => {
    const [x, y] = converter.forward([lon, lat]) as [number, number];
    return [x, y];
  };
}

/**
 * Metres per coordinate unit of a projected CRS (1 for metres, 0.3048006 for US feet...), or null for coordinates in
 * degrees (geographic CRSs, GCJ-02). @throws RangeError for an unknown CRS.
 */
export function crsMetresPerUnit(crs: string): number | null {
  const name = crs.trim().toLowerCase();
  if (name === 'gcj02' || name === 'gcj-02' || name === 'epsg:4326' || name === 'wgs84') return null;
  const p = proj4.Proj(crsDefinition(crs)) as unknown as { projName?: string; units?: string; to_meter?: number };
  if (p.projName === 'longlat' || p.units === 'degrees') return null;
  if (typeof p.to_meter === 'number' && p.to_meter > 0) return p.to_meter;
  if (p.units === 'us-ft') return 1200 / 3937;
  if (p.units === 'ft') return 0.3048;
  return 1;
}
