import { describe, expect, it } from 'vitest';
import { bboxOf, localDistanceM, multiPolygonAreaM2 } from '../../../core/geo/index.js';
import { BuildingSchema } from '../../../core/model/index.js';
import { importGeojsonBuildings } from '../../../tiles/import/geojson-buildings.js';
import { mergeBuildingPieces } from '../../../tiles/import/building-pieces.js';
import { fixture } from './fixtures.js';

const feature = (
  properties: Record<string, unknown>,
  coordinates: number[][][] = [
    [
      [121.5, 31.23],
      [121.5001, 31.23],
      [121.5001, 31.2301],
      [121.5, 31.23],
    ],
  ],
) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } });
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('tiles/import/geojson-buildings', () => {
  it('reads heights, levels, base, names and addresses, marking estimated heights', () => {
    const r = importGeojsonBuildings(
      collection(
        feature({
          id: 1,
          height: '42 m',
          min_height: 6,
          name: '金茂',
          'name:en': 'Jin Mao',
          'addr:street': '世纪大道',
          'addr:housenumber': '88',
        }),
        feature({ id: 2, 'building:levels': 5 }),
        feature({ id: 3 }),
      ),
      { source: 't.geojson' },
    );
    expect(r.report.errors).toEqual([]);
    const [a, b, c] = r.parts!.buildings;
    expect(a).toMatchObject({
      id: 'b-1',
      roofHeightM: 42,
      baseHeightM: 6,
      heightEstimated: false,
      name: '金茂',
      nameEn: 'Jin Mao',
      address: { street: '世纪大道', number: '88' },
    });
    expect(b).toMatchObject({ id: 'b-2', roofHeightM: 5 * 3.2, heightEstimated: true, floors: 5 });
    expect(c!.heightEstimated).toBe(true);
    expect(c!.roofHeightM).toBeGreaterThan(0);
    for (const building of r.parts!.buildings) expect(BuildingSchema.safeParse(building).success).toBe(true);
    expect(r.report.assumptions.join(' ')).toMatch(/levels x 3.2 m/);
  });

  it('imports the real OSM buildings, merging tile-cut pieces that share an id', () => {
    const text = fixture('..', '..', 'data', 'sources', 'shanghai-osm', 'shanghai-buildings.geojson');
    const doc = JSON.parse(text) as { features: { properties: { id: number } }[] };
    const distinct = new Set(doc.features.map((f) => f.properties.id)).size;
    const r = importGeojsonBuildings(text, { source: 'shanghai-buildings.geojson' });
    expect(r.report.errors).toEqual([]);
    expect(r.parts!.buildings).toHaveLength(distinct);
    expect(new Set(r.parts!.buildings.map((b) => b.id)).size).toBe(distinct);
    expect(r.report.counts.mergedPieces).toBe(doc.features.length - distinct);
  });

  it('mergeBuildingPieces unions footprints of pieces sharing a key', () => {
    const left = [
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    ] as [number, number][][][];
    const right = [
      [
        [
          [1, 0],
          [2, 0],
          [2, 1],
          [1, 1],
          [1, 0],
        ],
      ],
    ] as [number, number][][][];
    const merged = mergeBuildingPieces(
      [
        { k: 'a', footprint: left },
        { k: 'a', footprint: right },
        { k: 'b', footprint: left },
      ],
      (p) => p.k,
    );
    expect(merged).toHaveLength(2);
    expect(merged[0]!.footprint).toHaveLength(1);
    expect(bboxOf(merged[0]!.footprint)).toEqual([0, 0, 2, 1]);
  });

  it('buildings in EPSG:4528 (crs member or --crs) land where the WGS84 originals are', () => {
    const wgs = importGeojsonBuildings(fixture('buildings-projected', 'shanghai-buildings-wgs84.geojson')).parts!
      .buildings;
    const projectedText = fixture('buildings-projected', 'shanghai-buildings-epsg4528.geojson');
    for (const r of [
      importGeojsonBuildings(projectedText),
      importGeojsonBuildings(projectedText.replace(/"crs":\{[^}]*\}\},/, ''), { crs: 'EPSG:4528' }),
    ]) {
      expect(r.report.errors).toEqual([]);
      const projected = r.parts!.buildings;
      expect(projected.map((b) => b.id)).toEqual(wgs.map((b) => b.id));
      projected.forEach((b, i) => {
        const o = wgs[i]!;
        const [bw, bs, be, bn] = bboxOf(b.footprint),
          [ow, os, oe, on] = bboxOf(o.footprint);
        expect(localDistanceM(bw, bs, ow, os)).toBeLessThan(0.01);
        expect(localDistanceM(be, bn, oe, on)).toBeLessThan(0.01);
        expect(Math.abs(multiPolygonAreaM2(b.footprint) - multiPolygonAreaM2(o.footprint))).toBeLessThan(0.5);
      });
    }
    expect(wgs.length).toBe(6); // 7 features, two of them pieces of one building
  });

  it('broken inputs give clear errors and no buildings', () => {
    const bad = importGeojsonBuildings('{"type": "FeatureCollection", "features": [', { source: 'bad.geojson' });
    expect(bad.parts).toBeNull();
    expect(bad.report.errors[0]!.message).toMatch(/invalid JSON/);
    const points = importGeojsonBuildings(
      collection({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [121.5, 31.2] } }),
    );
    expect(points.parts).toBeNull();
    expect(points.report.errors[0]!.message).toMatch(/no Polygon or MultiPolygon/);
    expect(points.report.warnings[0]!.message).toMatch(/1 Point feature\(s\) skipped/);
    const unknownCrs = importGeojsonBuildings(
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'EPSG:99999' } },
        features: [feature({})],
      }),
    );
    expect(unknownCrs.parts).toBeNull();
    expect(unknownCrs.report.errors[0]!.message).toMatch(/EPSG:99999/);
    const wrongCrs = importGeojsonBuildings(
      collection(
        feature({ id: 7 }, [
          [
            [4e7, 3e6],
            [4e7 + 10, 3e6],
            [4e7 + 10, 3e6 + 10],
            [4e7, 3e6],
          ],
        ]),
      ),
    );
    expect(wrongCrs.parts).toBeNull();
    expect(wrongCrs.report.errors[0]).toMatchObject({ where: { featureIndex: 0, featureId: '7' } });
  });

  it('skips point and line features with one summary warning each, keeping the polygons', () => {
    const r = importGeojsonBuildings(
      collection(
        feature({ id: 1, height: 10 }),
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'LineString',
            coordinates: [
              [121.5, 31.2],
              [121.6, 31.2],
            ],
          },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [121.5, 31.2] } },
      ),
    );
    expect(r.parts!.buildings).toHaveLength(1);
    expect(r.report.counts.skippedFeatures).toBe(2);
    expect(r.report.warnings.map((w) => w.where?.featureIndex).sort()).toEqual([1, 2]);
  });
});
