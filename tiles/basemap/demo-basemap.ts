import fs from 'node:fs';
import path from 'node:path';
import type { Basemap } from '../../core/contracts/basemap.js';
import { toBasemapFeatures, type GeoJsonFeatureIn } from './basemap-features.js';
import { basemapPath, writeBasemapLayers } from './basemap-file.js';

const ATTRIBUTION = '© OpenStreetMap contributors (ODbL 1.0)';

function features(file: string): GeoJsonFeatureIn[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { features: GeoJsonFeatureIn[] }).features;
}

/** Writes the demo city's basemap from its OSM roads, water and landuse in `sourceDir`. */
export function writeDemoBasemap(dataDir: string, cityId: string, sourceDir: string): Basemap {
  const roads = toBasemapFeatures(features(path.join(sourceDir, 'shanghai-roads.geojson')), 'road');
  const water = toBasemapFeatures(features(path.join(sourceDir, 'shanghai-water.geojson')), 'water');
  const areas = toBasemapFeatures(features(path.join(sourceDir, 'shanghai-landuse.geojson')));
  return writeBasemapLayers(
    dataDir,
    cityId,
    [...areas.features.filter((f) => f.layer !== 'road'), ...water.features, ...roads.features],
    ['road', 'water', 'green', 'landuse'],
    [ATTRIBUTION],
  );
}

/** The demo city's basemap, written unless it is there already (a data folder from before basemaps gets one). */
export function ensureDemoBasemap(dataDir: string, cityId: string, sourceDir: string): Basemap | null {
  if (fs.existsSync(basemapPath(dataDir, cityId))) return null;
  return writeDemoBasemap(dataDir, cityId, sourceDir);
}
