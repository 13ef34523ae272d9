/**
 * One entry point for every vector format GridTwin imports: GeoJSON, CityJSON 1.x, Shapefile (.shp with its
 * .dbf/.prj/.cpg, or a .zip) and GeoPackage. The format is chosen from the CONTENT (magic bytes, JSON `type`); the
 * file name only adds a warning when it disagrees. Readers of other formats are loaded only when needed (sql.js is
 * a WebAssembly module), so a command that reads GeoJSON pays for nothing else.
 *
 * Usage (any importer: buildings, pipes, grids, crews, sensors...):
 *
 *   const src = await readFeaturesFromFile('grids.gpkg', { layer: 'wards' });
 *   src.format;        // 'geopackage'
 *   src.features;      // GeoJSON-like features, coordinates in the source CRS
 *   src.crs.crs;       // 'EPSG:4547' (or a WKT / proj4 text), undefined when the file says nothing
 *   src.warnings;      // strings to show the user
 *   // then: toWgs84Converter(options.crs ?? src.crs.crs ?? 'EPSG:4326')
 *
 * Errors are FeatureReadError with a message saying what was expected and what the content is
 * (`expected a Shapefile (.shp, file code 9994) but the content is a CityJSON file`).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { readdir } from 'node:fs/promises';
import '../epsg-lookup.js';
import type { GeoJsonFeature } from '../geojson-source.js';
import {
  FeatureReadError,
  epsgFromName,
  type CrsInfo,
  type FeatureFormat,
  type FeatureSource,
} from './feature-types.js';
import { FORMAT_WORDS, sniffFormat, type SniffedFormat } from './sniff-format.js';

export { FeatureReadError, type CrsInfo, type FeatureFormat, type FeatureSource } from './feature-types.js';
export { sniffFormat, FORMAT_WORDS, type SniffedFormat } from './sniff-format.js';

/** Options of readFeatures. */
export interface ReadFeaturesOptions {
  /** The format the caller expects: a file of another format is refused with a message naming both. */
  expect?: FeatureFormat;
  /** GeoPackage table or zipped Shapefile name; default: the only one, else the first (with a warning). */
  layer?: string;
  /** Sidecar files of a .shp given as bytes (readFeaturesFromFile finds them beside the .shp itself). */
  sidecars?: { dbf?: Uint8Array; prj?: string; cpg?: string };
}

const EXPECT_WORDS: Record<FeatureFormat, string> = {
  geojson: FORMAT_WORDS.geojson,
  cityjson: FORMAT_WORDS.cityjson,
  shapefile: 'a Shapefile (.shp or .zip)',
  geopackage: FORMAT_WORDS.geopackage,
};

const FORMAT_OF: Partial<Record<SniffedFormat, FeatureFormat>> = {
  geojson: 'geojson',
  cityjson: 'cityjson',
  'cityjson-seq': 'cityjson',
  shapefile: 'shapefile',
  'shapefile-zip': 'shapefile',
  geopackage: 'geopackage',
  sqlite: 'geopackage',
};

const EXT_FORMAT: Record<string, FeatureFormat> = {
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.city.json': 'cityjson',
  '.jsonl': 'cityjson',
  '.shp': 'shapefile',
  '.zip': 'shapefile',
  '.gpkg': 'geopackage',
};

function extFormat(fileName: string): FeatureFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.city.json') || lower.endsWith('.city.jsonl')) return 'cityjson';
  return EXT_FORMAT[extname(lower)];
}

/** GeoJSON text -> features and its `crs` member (the 2008 spec's named CRS; RFC 7946 files have none). */
function readGeoJson(text: string): { features: GeoJsonFeature[]; crs: CrsInfo; warnings: string[] } {
  let doc: { type?: string; features?: unknown; crs?: { properties?: { name?: string } } };
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new FeatureReadError(`GeoJSON: invalid JSON: ${(e as Error).message}`, FORMAT_WORDS.geojson, 'broken JSON');
  }
  let features: unknown[];
  if (doc?.type === 'FeatureCollection' && Array.isArray(doc.features)) features = doc.features;
  else if (doc?.type === 'Feature') features = [doc];
  else throw new FeatureReadError(`expected ${FORMAT_WORDS.geojson} but found "type": ${JSON.stringify(doc?.type)}`);
  const bad = features.findIndex((f) => (f as GeoJsonFeature | null)?.type !== 'Feature');
  if (bad >= 0) throw new FeatureReadError(`GeoJSON: feature ${bad} is not a Feature`, 'a GeoJSON Feature');
  const name = doc.crs?.properties?.name;
  const crs: CrsInfo = name
    ? { from: 'geojson-crs-member', raw: name, crs: epsgFromName(name) ?? name }
    : { from: 'none' };
  return { features: features as GeoJsonFeature[], crs, warnings: [] };
}

/** Shapefile layers inside a zip: name -> parts (extensions matched case-insensitively, __MACOSX ignored). */
async function shapefilesInZip(bytes: Uint8Array): Promise<Map<string, Record<string, Uint8Array>>> {
  const { unzipSync } = await import('fflate');
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => !f.name.includes('__MACOSX') && /\.(shp|dbf|prj|cpg)$/i.test(f.name) });
  } catch (e) {
    throw new FeatureReadError(`zip archive cannot be opened: ${(e as Error).message}`, 'a zipped Shapefile');
  }
  const layers = new Map<string, Record<string, Uint8Array>>();
  for (const [name, data] of Object.entries(files)) {
    const ext = extname(name).toLowerCase().slice(1);
    const base = name.slice(0, -ext.length - 1);
    const parts = layers.get(base) ?? {};
    parts[ext] = data;
    layers.set(base, parts);
  }
  for (const [k, v] of layers) if (!v.shp) layers.delete(k);
  return layers;
}

const decode = (b: Uint8Array | undefined): string | undefined => (b ? new TextDecoder().decode(b) : undefined);

/**
 * Reads features from a file's bytes; `fileName` is only for messages (and the .dbf tie-break). See the module
 * comment for the contract.
 */
export async function readFeatures(
  bytes: Uint8Array,
  fileName: string,
  options: ReadFeaturesOptions = {},
): Promise<FeatureSource> {
  let zipLayers: Map<string, Record<string, Uint8Array>> | undefined;
  let sniffed = sniffFormat(bytes, fileName);
  if (sniffed === 'zip') {
    zipLayers = await shapefilesInZip(bytes);
    sniffed = sniffFormat(
      bytes,
      fileName,
      [...zipLayers.keys()].map((k) => `${k}.shp`),
    );
  }
  const format = FORMAT_OF[sniffed];
  if (options.expect && format !== options.expect) {
    throw new FeatureReadError(
      `${basename(fileName)}: expected ${EXPECT_WORDS[options.expect]} but the content is ${FORMAT_WORDS[sniffed]}`,
      EXPECT_WORDS[options.expect],
      FORMAT_WORDS[sniffed],
    );
  }
  if (!format) {
    const hint = sniffed === 'dbf' ? ': give the .shp (its .dbf, .prj and .cpg beside it are read too)' : '';
    throw new FeatureReadError(
      `${basename(fileName)}: expected GeoJSON, CityJSON, a Shapefile or a GeoPackage but the content is ${FORMAT_WORDS[sniffed]}${hint}`,
      'GeoJSON, CityJSON, Shapefile or GeoPackage',
      FORMAT_WORDS[sniffed],
    );
  }
  const warnings: string[] = [];
  const named = extFormat(fileName);
  if (named && named !== format && !(named === 'geojson' && format === 'cityjson')) {
    warnings.push(
      `${basename(fileName)} is named like ${EXPECT_WORDS[named]} but its content is ${EXPECT_WORDS[format]}: read as such`,
    );
  }
  let out: Omit<FeatureSource, 'format' | 'warnings'> & { warnings: string[] };
  switch (format) {
    case 'geojson':
      out = readGeoJson(new TextDecoder().decode(bytes));
      break;
    case 'cityjson': {
      const { readCityJson } = await import('./cityjson.js');
      out = readCityJson(new TextDecoder().decode(bytes));
      break;
    }
    case 'shapefile': {
      const { readShapefile } = await import('./shapefile.js');
      if (zipLayers) {
        const names = [...zipLayers.keys()];
        const name = options.layer ?? names[0]!;
        const parts = zipLayers.get(name);
        if (!parts) throw new FeatureReadError(`zip has no Shapefile layer "${name}": it has ${names.join(', ')}`);
        if (names.length > 1 && options.layer === undefined) {
          warnings.push(
            `zip holds ${names.length} Shapefile layers (${names.join(', ')}): read "${name}"; choose with --layer`,
          );
        }
        out = {
          ...readShapefile({ shp: parts.shp!, dbf: parts.dbf, prj: decode(parts.prj), cpg: decode(parts.cpg) }),
          layer: name,
          layers: names,
        };
      } else {
        out = readShapefile({ shp: bytes, ...options.sidecars });
      }
      break;
    }
    case 'geopackage': {
      const { readGeoPackage } = await import('./geopackage.js');
      out = await readGeoPackage(bytes, options.layer);
      break;
    }
  }
  return { format, ...out, warnings: [...warnings, ...out.warnings] };
}

/** The sidecars of `dir/name.shp` (`name.dbf`, `.prj`, `.cpg`, any letter case). */
async function shapefileSidecars(path: string): Promise<ReadFeaturesOptions['sidecars']> {
  const dir = dirname(path);
  const stem = basename(path, extname(path)).toLowerCase();
  const names = await readdir(dir);
  const find = (ext: string): string | undefined => names.find((n) => n.toLowerCase() === `${stem}.${ext}`);
  const dbf = find('dbf'),
    prj = find('prj'),
    cpg = find('cpg');
  return {
    ...(dbf ? { dbf: new Uint8Array(await readFile(join(dir, dbf))) } : {}),
    ...(prj ? { prj: await readFile(join(dir, prj), 'utf8') } : {}),
    ...(cpg ? { cpg: (await readFile(join(dir, cpg), 'utf8')).trim() } : {}),
  };
}

/** Reads features from a file on disk (a .shp's .dbf/.prj/.cpg are read from beside it). */
export async function readFeaturesFromFile(path: string, options: ReadFeaturesOptions = {}): Promise<FeatureSource> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new FeatureReadError(`${path}: cannot be read: ${(e as Error).message}`);
  }
  let sidecars = options.sidecars;
  if (!sidecars && sniffFormat(bytes, path) === 'shapefile') sidecars = await shapefileSidecars(path);
  return readFeatures(bytes, path, { ...options, ...(sidecars ? { sidecars } : {}) });
}
