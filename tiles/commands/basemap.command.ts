import fs from 'node:fs';
import {
  BASEMAP_LAYERS,
  OnlineImagerySchema,
  type BasemapFeature,
  type BasemapLayer,
} from '../../core/contracts/basemap.js';
import type { CityStore } from '../../store/index.js';
import { toBasemapFeatures, type GeoJsonFeatureIn } from '../basemap/basemap-features.js';
import { basemapCounts, readBasemap, writeBasemapLayers, writeBasemapOnline } from '../basemap/basemap-file.js';
import { converterFor, parseFeatures } from '../import/geojson-source.js';
import { createReport } from '../report/import-report.js';
import { parseCommandOptions, type OptionSpecs, type OptionValues } from './command-options.js';

export const BASEMAP_USAGE =
  'usage: basemap --city ID [--layer road|water|green|landuse] [--crs EPSG:x|gcj02] [--attribution TEXT] FILE...\n' +
  '       basemap --city ID --online URL [--wmts-layer L --wmts-matrix-set M --wmts-style S --format F]\n' +
  '                [--subdomains a,b,c] [--max-level N] [--attribution TEXT]\n' +
  '       basemap --city ID --online off\n' +
  '       basemap --city ID --show';

const BASEMAP_OPTIONS = {
  city: { type: 'string' },
  layer: { type: 'string' },
  crs: { type: 'string' },
  attribution: { type: 'string' },
  online: { type: 'string' },
  'wmts-layer': { type: 'string' },
  'wmts-matrix-set': { type: 'string' },
  'wmts-style': { type: 'string' },
  format: { type: 'string' },
  subdomains: { type: 'string' },
  'max-level': { type: 'string' },
  show: { type: 'boolean' },
} as const satisfies OptionSpecs;

type BasemapOptions = OptionValues<typeof BASEMAP_OPTIONS>;

export interface BasemapCommandIo {
  store: CityStore;
  log: (line: string) => void;
  dataDir: string;
}

function mapCoords(c: unknown, convert: (x: number, y: number) => [number, number]): unknown {
  if (!Array.isArray(c)) return c;
  if (typeof c[0] === 'number') return convert(c[0], c[1] as number);
  return c.map((x) => mapCoords(x, convert));
}

/**
 * `npm run tiles -- basemap`: registers a city's own basemap layers (roads, water, green, landuse from GeoJSON; the
 * layers a run brings replace the same layers of the city, the others stay), or sets / clears an online imagery
 * source (XYZ template or WMTS) drawn under them. Written beside the city's tiles, read by the viewer.
 */
export async function runBasemapCommand(argv: string[], io: BasemapCommandIo): Promise<number> {
  const parsed = parseCommandOptions(argv, BASEMAP_OPTIONS, { positionals: true });
  if (typeof parsed === 'string') {
    io.log(`error: ${parsed}\n${BASEMAP_USAGE}`);
    return 2;
  }
  const { values: opts, positionals: files } = parsed;
  const show = opts.show === true;
  const cityId = opts.city;
  if (!cityId) {
    io.log(`error: --city is required\n${BASEMAP_USAGE}`);
    return 2;
  }
  if (!(await io.store.getCity(cityId))) {
    io.log(`error: no city "${cityId}" in the store (import its buildings or networks first)`);
    return 2;
  }
  if (show) {
    const b = readBasemap(io.dataDir, cityId);
    io.log(
      b
        ? `basemap of ${cityId}: ${JSON.stringify(basemapCounts(b))}, online ${b.online ? b.online.url : 'off'}`
        : `${cityId} has no basemap`,
    );
    return 0;
  }
  if (opts.online !== undefined) return setOnline(cityId, opts, io);
  if (files.length === 0) {
    io.log(`error: no file given\n${BASEMAP_USAGE}`);
    return 2;
  }
  const layer = opts.layer as BasemapLayer | undefined;
  if (layer !== undefined && !(BASEMAP_LAYERS as readonly string[]).includes(layer)) {
    io.log(`error: --layer must be one of ${BASEMAP_LAYERS.join(', ')}, got "${layer}"`);
    return 2;
  }
  const features: BasemapFeature[] = [];
  for (const file of files) {
    const report = createReport(file, 'basemap');
    if (!fs.existsSync(file)) {
      io.log(`error: ${file}: no such file; nothing saved`);
      return 2;
    }
    const parsed = parseFeatures(fs.readFileSync(file, 'utf8'), report);
    const conv = parsed ? converterFor(opts.crs, parsed.crsName, report) : null;
    if (!parsed || !conv) {
      io.log(`error: ${file}: ${report.errors.map((e) => e.message).join('; ')}; nothing saved`);
      return 2;
    }
    const input: GeoJsonFeatureIn[] =
      conv.crs === 'EPSG:4326'
        ? parsed.features
        : parsed.features.map((f) => ({
            ...f,
            geometry: f.geometry && { ...f.geometry, coordinates: mapCoords(f.geometry.coordinates, conv.convert) },
          }));
    const result = toBasemapFeatures(input, layer);
    const outside = result.features.filter((f) =>
      [...(f.lines ?? []), ...(f.polygons ?? []).flat()].some((l) =>
        l.some(([x, y]) => Math.abs(x) > 180 || Math.abs(y) > 90),
      ),
    );
    if (outside.length > 0) {
      io.log(`error: ${file}: coordinates outside longitude/latitude (give its CRS with --crs); nothing saved`);
      return 2;
    }
    features.push(...result.features);
    const counts = basemapCounts(result);
    io.log(
      `  ${file}: ${Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}${[...result.skipped].map(([why, n]) => `; skipped ${n}: ${why}`).join('')}`,
    );
  }
  if (features.length === 0) {
    io.log('error: no road, water, green or landuse feature in the files; nothing saved');
    return 2;
  }
  const replaces = [...new Set(features.map((f) => f.layer))];
  const written = writeBasemapLayers(
    io.dataDir,
    cityId,
    features,
    replaces,
    opts.attribution ? [opts.attribution] : [],
  );
  io.log(`basemap of ${cityId}: ${JSON.stringify(basemapCounts(written))} (replaced: ${replaces.join(', ')})`);
  return 0;
}

function setOnline(cityId: string, opts: BasemapOptions, io: BasemapCommandIo): number {
  if (opts.online === 'off') {
    writeBasemapOnline(io.dataDir, cityId, undefined);
    io.log(`online imagery of ${cityId}: off`);
    return 0;
  }
  const wmts = opts['wmts-layer'] !== undefined;
  const parsed = OnlineImagerySchema.safeParse({
    kind: wmts ? 'wmts' : 'xyz',
    url: opts.online,
    ...(opts.subdomains ? { subdomains: opts.subdomains.split(',') } : {}),
    ...(wmts ? { layer: opts['wmts-layer'] } : {}),
    ...(opts['wmts-style'] ? { style: opts['wmts-style'] } : {}),
    ...(opts['wmts-matrix-set'] ? { tileMatrixSetId: opts['wmts-matrix-set'] } : {}),
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts['max-level'] ? { maximumLevel: Number(opts['max-level']) } : {}),
    ...(opts.attribution ? { attribution: opts.attribution } : {}),
  });
  if (!parsed.success) {
    io.log(`error: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return 2;
  }
  if (!wmts && !/\{z\}/.test(parsed.data.url) && !/\{TileMatrix\}/.test(parsed.data.url)) {
    io.log('error: an XYZ URL needs {z}, {x} and {y} (or give --wmts-layer for a WMTS endpoint)');
    return 2;
  }
  writeBasemapOnline(io.dataDir, cityId, parsed.data);
  io.log(`online imagery of ${cityId}: ${parsed.data.kind} ${parsed.data.url} (the viewer will ask that server)`);
  return 0;
}
