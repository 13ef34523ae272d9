import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BasemapSchema } from '../../../core/contracts/basemap.js';
import { areaLayerOf, roadClassOf, toBasemapFeatures } from '../../../tiles/basemap/basemap-features.js';
import { basemapCounts, readBasemap, writeBasemapLayers } from '../../../tiles/basemap/basemap-file.js';
import { writeDemoBasemap } from '../../../tiles/basemap/demo-basemap.js';
import { runBasemapCommand } from '../../../tiles/commands/basemap.command.js';
import { DEMO_SOURCE_DIR } from '../../../tiles/commands/demo.command.js';
import type { CityStore } from '../../../store/index.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-basemap-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('tiles/basemap: a city basemap from its own GeoJSON', () => {
  it('classes roads from OSM highway tags and Tilezen kinds, and areas into water, green and landuse', () => {
    expect(roadClassOf({ highway: 'primary_link' })).toBe('primary');
    expect(roadClassOf({ kind: 'major_road', kind_detail: 'tertiary' })).toBe('tertiary');
    expect(roadClassOf({ kind: 'rail', kind_detail: 'subway' })).toBe('rail');
    expect(roadClassOf({ kind: 'wall' })).toBeNull();
    expect(areaLayerOf({ kind: 'riverbank' })).toBe('water');
    expect(areaLayerOf({ leisure: 'park' })).toBe('green');
    expect(areaLayerOf({ landuse: 'residential' })).toBe('landuse');
  });

  it('keeps lines and areas with names, skips points and non-road lines, and says why', () => {
    const { features, skipped } = toBasemapFeatures([
      {
        type: 'Feature',
        properties: { highway: 'secondary', name: '丰和路', 'name:en': 'Fenghe Road', tunnel: 'yes' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [121.5, 31.23],
            [121.501, 31.231],
          ],
        },
      },
      { type: 'Feature', properties: { kind: 'fountain' }, geometry: { type: 'Point', coordinates: [121.5, 31.2] } },
      {
        type: 'Feature',
        properties: { kind: 'fence' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [121.5, 31.23],
            [121.6, 31.23],
          ],
        },
      },
    ]);
    expect(features).toEqual([
      {
        layer: 'road',
        kind: 'secondary',
        name: '丰和路',
        nameEn: 'Fenghe Road',
        tunnel: true,
        lines: [
          [
            [121.5, 31.23],
            [121.501, 31.231],
          ],
        ],
      },
    ]);
    expect([...skipped.values()].reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("writes the demo city's basemap from its OSM files: the Huangpu, named roads, green", () => {
    const dataDir = tmp();
    const basemap = writeDemoBasemap(dataDir, 'shanghai-lujiazui', DEMO_SOURCE_DIR);
    expect(BasemapSchema.safeParse(basemap).success).toBe(true);
    const counts = basemapCounts(basemap);
    expect(counts.road).toBeGreaterThan(1500);
    expect(counts.water).toBeGreaterThan(10);
    expect(counts.green).toBeGreaterThan(50);
    expect(basemap.features.some((f) => f.layer === 'road' && f.name === '世纪大道')).toBe(true);
    expect(basemap.attribution.join(' ')).toMatch(/OpenStreetMap/);
    expect(readBasemap(dataDir, 'shanghai-lujiazui')?.features.length).toBe(basemap.features.length);
  });

  it('a second registration replaces only the layers it brings', () => {
    const dataDir = tmp();
    const road = toBasemapFeatures([
      {
        type: 'Feature',
        properties: { highway: 'residential' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [10, 45],
            [10.001, 45],
          ],
        },
      },
    ]).features;
    const lake = toBasemapFeatures(
      [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [10, 45],
                [10.01, 45],
                [10.01, 45.01],
                [10, 45],
              ],
            ],
          },
        },
      ],
      'water',
    ).features;
    writeBasemapLayers(dataDir, 'c', road, ['road']);
    writeBasemapLayers(dataDir, 'c', lake, ['water']);
    expect(basemapCounts(readBasemap(dataDir, 'c')!)).toEqual({ landuse: 0, green: 0, water: 1, road: 1 });
    writeBasemapLayers(dataDir, 'c', road, ['road']);
    expect(basemapCounts(readBasemap(dataDir, 'c')!).road).toBe(1);
  });
});

describe('tiles basemap command', () => {
  const store = { getCity: async (id: string) => (id === 'modena' ? { id } : null) } as unknown as CityStore;
  const run = async (argv: string[], dataDir: string) => {
    const lines: string[] = [];
    const code = await runBasemapCommand(argv, { store, dataDir, log: (l) => lines.push(l) });
    return { code, out: lines.join('\n') };
  };

  it('registers layers from a projected GeoJSON (its CRS by --crs), then an online source, then turns it off', async () => {
    const dataDir = tmp();
    const file = path.join(dataDir, 'roads.geojson');
    // Monte Mario / Italy zone 1 (EPSG:3003) around Modena.
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { highway: 'primary', name: 'Via Emilia' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [1654000, 4944000],
                [1655000, 4944200],
              ],
            },
          },
        ],
      }),
    );
    const r = await run(['--city', 'modena', '--crs', 'EPSG:3003', file], dataDir);
    expect(r.code, r.out).toBe(0);
    const b = readBasemap(dataDir, 'modena')!;
    const [lon, lat] = b.features[0]!.lines![0]![0]!;
    expect(lon).toBeGreaterThan(10.8);
    expect(lon).toBeLessThan(11.1);
    expect(lat).toBeGreaterThan(44.5);
    expect(lat).toBeLessThan(44.8);

    const on = await run(['--city', 'modena', '--online', 'https://tiles.example.org/{z}/{x}/{y}.png'], dataDir);
    expect(on.code, on.out).toBe(0);
    expect(readBasemap(dataDir, 'modena')!.online?.kind).toBe('xyz');
    expect(readBasemap(dataDir, 'modena')!.features).toHaveLength(1);
    expect((await run(['--city', 'modena', '--online', 'off'], dataDir)).code).toBe(0);
    expect(readBasemap(dataDir, 'modena')!.online).toBeUndefined();
  });

  it('refuses an unknown city, a bad layer, an XYZ URL without {z}, and lon/lat-less coordinates, saving nothing', async () => {
    const dataDir = tmp();
    expect((await run(['--city', 'nowhere', 'x.geojson'], dataDir)).out).toMatch(/no city "nowhere"/);
    expect((await run(['--city', 'modena', '--layer', 'lava', 'x.geojson'], dataDir)).out).toMatch(/--layer/);
    expect((await run(['--city', 'modena', '--online', 'https://a.example/tile.png'], dataDir)).out).toMatch(/\{z\}/);
    const file = path.join(dataDir, 'projected.geojson');
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { highway: 'primary' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [1654000, 4944000],
                [1655000, 4944200],
              ],
            },
          },
        ],
      }),
    );
    const r = await run(['--city', 'modena', file], dataDir);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/--crs/);
    expect(readBasemap(dataDir, 'modena')).toBeNull();
  });
});
