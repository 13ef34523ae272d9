import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Bbox } from '../../../core/model/index.js';
import { bboxOf, metresPerDegree } from '../../../core/geo/index.js';
import type { DemoGridInput, LineFeature } from '../demo-grids.js';

/** Grows a WGS84 bbox by `padM` metres on every side. */
export function padBbox(bbox: Bbox, padM: number): Bbox {
  const k = metresPerDegree((bbox[1] + bbox[3]) / 2);
  return [bbox[0] - padM / k.lon, bbox[1] - padM / k.lat, bbox[2] + padM / k.lon, bbox[3] + padM / k.lat];
}

/**
 * Reads what {@link generateDemoGrids} needs from the demo city's OSM sources (`data/sources/shanghai-osm/`): the
 * buildings' bbox padded by `padM` (the city's extent), the roads and the district boundary lines.
 */
export async function readDemoGridInput(sourceDir: string, seed: number, padM = 100): Promise<DemoGridInput> {
  const read = async (file: string): Promise<{ features: LineFeature[] }> =>
    JSON.parse(await readFile(path.join(sourceDir, file), 'utf8')) as { features: LineFeature[] };
  const [buildings, roads, districts] = await Promise.all([
    read('shanghai-buildings.geojson'),
    read('shanghai-roads.geojson'),
    read('shanghai-district-boundaries-lines.geojson'),
  ]);
  const coords = buildings.features.flatMap((f) => (f.geometry ? [f.geometry.coordinates] : []));
  const bbox = padBbox(bboxOf(coords as Parameters<typeof bboxOf>[0]), padM);
  return { bbox, roads: roads.features, districtLines: districts.features, seed };
}
