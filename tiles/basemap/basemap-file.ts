import fs from 'node:fs';
import path from 'node:path';
import {
  BasemapSchema,
  type Basemap,
  type BasemapFeature,
  type BasemapLayer,
  type OnlineImagery,
} from '../../core/contracts/basemap.js';
import { basemapBbox } from './basemap-features.js';

/** Where a city's basemap is written: beside its 3D Tiles, served as `/tiles/<city>/basemap/basemap.json`. */
export function basemapPath(dataDir: string, cityId: string): string {
  return path.join(dataDir, 'tiles', cityId, 'basemap', 'basemap.json');
}

/** The city's basemap, or null when it has none (or the file does not validate). */
export function readBasemap(dataDir: string, cityId: string): Basemap | null {
  const file = basemapPath(dataDir, cityId);
  if (!fs.existsSync(file)) return null;
  const parsed = BasemapSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/**
 * Writes a city's basemap: the given layers replace those of the stored basemap, the others stay. Written to a temp
 * file and renamed, so a server never serves half a file. Answers the basemap written.
 */
export function writeBasemapLayers(
  dataDir: string,
  cityId: string,
  features: readonly BasemapFeature[],
  replaces: readonly BasemapLayer[],
  attribution: readonly string[] = [],
): Basemap {
  const previous = readBasemap(dataDir, cityId);
  const kept = (previous?.features ?? []).filter((f) => !replaces.includes(f.layer));
  const all = [...kept, ...features];
  const basemap: Basemap = {
    cityId,
    bbox: basemapBbox(all) ?? [0, 0, 0, 0],
    attribution: [...new Set([...(previous?.attribution ?? []), ...attribution])],
    features: all,
    ...(previous?.online ? { online: previous.online } : {}),
  };
  save(dataDir, cityId, basemap);
  return basemap;
}

/** Sets (or with undefined, removes) the city's online imagery source, keeping its features. */
export function writeBasemapOnline(dataDir: string, cityId: string, online: OnlineImagery | undefined): Basemap {
  const previous = readBasemap(dataDir, cityId);
  const { online: _old, ...rest } = previous ?? { cityId, bbox: [0, 0, 0, 0], attribution: [], features: [] };
  const basemap: Basemap = { ...rest, ...(online ? { online } : {}) };
  save(dataDir, cityId, basemap);
  return basemap;
}

function save(dataDir: string, cityId: string, basemap: Basemap): void {
  const file = basemapPath(dataDir, cityId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(basemap));
  fs.renameSync(tmp, file);
}

/** Counts of a basemap's features per layer, for reports. */
export function basemapCounts(basemap: Pick<Basemap, 'features'>): Record<BasemapLayer, number> {
  const counts: Record<BasemapLayer, number> = { landuse: 0, green: 0, water: 0, road: 0 };
  for (const f of basemap.features) counts[f.layer]++;
  return counts;
}
