import proj4 from 'proj4';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.js';

/**
 * Coordinate reference systems GridTwin reads: `EPSG:` codes known here (WGS84, CGCS2000 and its Gauss-Kruger
 * zones EPSG:4513-4554, UTM zones, Web Mercator, and the ones the bundled real networks use), raw proj4 strings
 * (`+proj=...`), and `gcj02`.
 */
const EXTRA_DEFS: Record<string, string> = {
  'EPSG:4490': '+proj=longlat +ellps=GRS80 +no_defs',
  // Monte Mario / Italy zone 1 (Modena's network).
  'EPSG:3003':
    '+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=1500000 +y_0=0 +ellps=intl +towgs84=-104.1,-49.1,-9.9,0.971,-2.917,0.714,-11.68 +units=m +no_defs',
  // NAD83 / Kentucky Single Zone (ftUS) (the Kentucky benchmark networks).
  'EPSG:3089':
    '+proj=lcc +lat_0=36.3333333333333 +lon_0=-85.75 +lat_1=37.0833333333333 +lat_2=38.6666666666667 +x_0=1500000 +y_0=999999.9998984 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=us-ft +no_defs',
  'EPSG:2435':
    '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=krass +towgs84=15.8,-154.4,-82.3,0,0,0,0 +units=m +no_defs',
};

/** proj4 definition of a CGCS2000 3-degree Gauss-Kruger code (EPSG:4513-4554), or undefined. */
function cgcs2000GaussKruger(code: number): string | undefined {
  // 4513-4533: zones 25-45 (central meridian 75E-135E) with the zone number prefixed to the false easting.
  if (code >= 4513 && code <= 4533) {
    const zone = code - 4513 + 25;
    return `+proj=tmerc +lat_0=0 +lon_0=${zone * 3} +k=1 +x_0=${zone * 1_000_000 + 500_000} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
  }
  // 4534-4554: the same central meridians without the zone prefix.
  if (code >= 4534 && code <= 4554) {
    const lon0 = 75 + (code - 4534) * 3;
    return `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`;
  }
  return undefined;
}

function utm(code: number): string | undefined {
  if (code >= 32601 && code <= 32660) return `+proj=utm +zone=${code - 32600} +datum=WGS84 +units=m +no_defs`;
  if (code >= 32701 && code <= 32760) return `+proj=utm +zone=${code - 32700} +south +datum=WGS84 +units=m +no_defs`;
  return undefined;
}

/** The proj4 definition for a CRS name, or throws a RangeError naming what is supported. */
export function crsDefinition(crs: string): string {
  const name = crs.trim();
  if (name.startsWith('+proj=')) return name;
  const m = /^EPSG:(\d+)$/i.exec(name);
  if (!m) throw new RangeError(`unknown CRS "${crs}": use EPSG:<code>, gcj02, or a proj4 string starting with +proj=`);
  const code = Number(m[1]);
  const key = `EPSG:${code}`;
  if (code === 4326) return '+proj=longlat +datum=WGS84 +no_defs';
  if (code === 3857)
    return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';
  const def = EXTRA_DEFS[key] ?? cgcs2000GaussKruger(code) ?? utm(code);
  if (!def) {
    throw new RangeError(
      `EPSG:${code} is not known to GridTwin: supported are EPSG:4326, 3857, 4490, 4513-4554 (CGCS2000 Gauss-Kruger), ` +
        `326xx/327xx (UTM), ${Object.keys(EXTRA_DEFS).join(', ')}; or pass a proj4 string (+proj=...)`,
    );
  }
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
