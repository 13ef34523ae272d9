/**
 * Which format a file's bytes are, from its content (magic numbers, JSON `type`), not its name. The name only
 * breaks ties a content check cannot (a .dbf has no reliable magic) and feeds the "named X but is Y" warning.
 */
export type SniffedFormat =
  | 'geojson'
  | 'cityjson'
  | 'cityjson-seq'
  | 'shapefile'
  | 'shapefile-zip'
  | 'geopackage'
  | 'sqlite'
  | 'zip'
  | 'dbf'
  | 'epanet-inp'
  | 'json'
  | 'unknown';

/** Words for each format, used in messages ("expected a Shapefile ... but the content is a CityJSON file"). */
export const FORMAT_WORDS: Record<SniffedFormat, string> = {
  geojson: 'a GeoJSON FeatureCollection',
  cityjson: 'a CityJSON file',
  'cityjson-seq': 'a CityJSON Text Sequence (CityJSONFeature lines)',
  shapefile: 'a Shapefile (.shp, file code 9994)',
  'shapefile-zip': 'a zipped Shapefile (.zip holding a .shp)',
  geopackage: 'a GeoPackage (SQLite with gpkg_contents)',
  sqlite: 'an SQLite database',
  zip: 'a zip archive without a .shp, .gpkg or .geojson inside',
  dbf: 'a dBASE table (.dbf) alone, without its .shp',
  'epanet-inp': 'an EPANET .inp model',
  json: 'JSON that is neither GeoJSON nor CityJSON',
  unknown: 'an unrecognised file',
};

const SQLITE_MAGIC = 'SQLite format 3\u0000';

function startsWithAscii(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The first non-blank character of the text (skipping a UTF-8 BOM). */
function firstChar(bytes: Uint8Array): string {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i < bytes.length ? String.fromCharCode(bytes[i]!) : '';
}

/** The JSON `type` of a document, read from its head without parsing the whole file when possible. */
export function jsonTypeOf(text: string): string | undefined {
  // `type` is usually the first member; scanning a bounded head keeps sniffing O(1) on 100 MB files. Fallback: parse.
  const head = text.slice(0, 4096);
  const m = /"type"\s*:\s*"([A-Za-z]+)"/.exec(head);
  if (m && /^(FeatureCollection|Feature|CityJSON|CityJSONFeature)$/.test(m[1]!)) return m[1];
  try {
    const doc = JSON.parse(text) as { type?: unknown };
    return typeof doc?.type === 'string' ? doc.type : undefined;
  } catch {
    // A CityJSON Text Sequence is one JSON object per line.
    const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : undefined);
    try {
      const doc = JSON.parse(firstLine) as { type?: unknown };
      return doc?.type === 'CityJSON' ? 'CityJSON-seq' : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Sniffs the format of `bytes`. `zipEntries` (names inside a zip) lets the caller classify zips it has opened. */
export function sniffFormat(bytes: Uint8Array, fileName = '', zipEntries?: string[]): SniffedFormat {
  if (startsWithAscii(bytes, SQLITE_MAGIC)) return 'sqlite';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    if (zipEntries?.some((n) => /\.shp$/i.test(n))) return 'shapefile-zip';
    return 'zip';
  }
  // Shapefile main file header: big-endian int 9994, then five unused ints, then big-endian length.
  if (bytes.length >= 100 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a) {
    return 'shapefile';
  }
  const c = firstChar(bytes.subarray(0, 4096));
  if (c === '{') {
    const text = new TextDecoder().decode(bytes);
    const type = jsonTypeOf(text);
    if (type === 'CityJSON') return 'cityjson';
    if (type === 'CityJSON-seq') return 'cityjson-seq';
    if (type === 'FeatureCollection' || type === 'Feature') return 'geojson';
    return 'json';
  }
  if (c === '[' || c === ';') {
    const head = new TextDecoder().decode(bytes.subarray(0, 4096));
    if (/^\s*(;[^\n]*\n\s*)*\[(TITLE|JUNCTIONS|RESERVOIRS|PIPES|OPTIONS)\]/i.test(head)) return 'epanet-inp';
  }
  // dBASE III/IV tables start with a version byte and a YYMMDD date; only trusted with the .dbf name.
  if (/\.dbf$/i.test(fileName) && bytes.length >= 32 && (bytes[0] === 0x03 || bytes[0] === 0x83 || bytes[0] === 0x8b)) {
    return 'dbf';
  }
  return 'unknown';
}
