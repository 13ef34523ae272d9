import { describe, expect, it } from 'vitest';
import { importGeojsonBuildings } from '../../../tiles/import/geojson-buildings.js';
import { importPipeGis } from '../../../tiles/import/pipe-gis.js';
import { parseImportArgs } from '../../../tiles/commands/import.command.js';
import { crsMetresPerUnit, localDistanceM } from '../../../core/geo/index.js';
import type { Building } from '../../../core/model/index.js';
import { fixture } from './fixtures.js';

const FT = 0.3048;
type Doc = { crs?: unknown; features: { geometry: { coordinates: unknown }; properties: Record<string, unknown> }[] };

/** Every position of a geometry through `f` (a plain walk over the coordinate arrays). */
function mapPositions(c: unknown, f: (p: number[]) => number[]): unknown {
  if (!Array.isArray(c)) return c;
  if (typeof c[0] === 'number') return f(c as number[]);
  return c.map((x) => mapPositions(x, f));
}

/**
 * The projected Shanghai buildings (real OSM footprints in EPSG:4528 metres) as a surveyor in feet would deliver
 * them: coordinates and heights in international feet, no unit anywhere in the file.
 */
function inFeet(doc: Doc, { keepCrs = true, origin = [0, 0] } = {}): Doc {
  return {
    ...(keepCrs ? { crs: doc.crs } : {}),
    ...doc,
    features: doc.features.map((f) => ({
      ...f,
      geometry: {
        ...f.geometry,
        coordinates: mapPositions(f.geometry.coordinates, ([x, y]) => [(x! - origin[0]!) / FT, (y! - origin[1]!) / FT]),
      },
      properties: {
        ...f.properties,
        ...(typeof f.properties.height === 'number' ? { height: f.properties.height / FT } : {}),
      },
    })),
  };
}

const metric = JSON.parse(fixture('buildings-projected', 'shanghai-buildings-epsg4528.geojson')) as Doc;
const reference = importGeojsonBuildings(fixture('buildings-projected', 'shanghai-buildings-epsg4528.geojson'), {
  source: 'metres',
}).parts!.buildings;
const byId = (list: Building[]) => new Map(list.map((b) => [b.id, b]));

describe('source units: --length-unit, --height-unit, --anchor/--scale for buildings and pipes', () => {
  it('a feet file: without --height-unit buildings come out 3.28x too tall; with it, as the metric original', () => {
    const text = JSON.stringify(inFeet(metric));
    const wrong = importGeojsonBuildings(text, { source: 'feet', placement: { lengthUnit: 'ft' } });
    expect(wrong.report.errors).toEqual([]);
    const right = importGeojsonBuildings(text, {
      source: 'feet',
      placement: { lengthUnit: 'ft' },
      heightUnit: 'ft',
    });
    expect(right.report.assumptions.some((a) => /heights without a unit read in ft/.test(a))).toBe(true);
    const ref = byId(reference);
    const measured = reference.filter((b) => !b.heightEstimated);
    expect(measured.length).toBeGreaterThanOrEqual(3);
    for (const b of measured) {
      const w = byId(wrong.parts!.buildings).get(b.id)!;
      const r = byId(right.parts!.buildings).get(b.id)!;
      expect(w.roofHeightM / b.roofHeightM).toBeCloseTo(1 / FT, 6);
      expect(r.roofHeightM).toBeCloseTo(ref.get(b.id)!.roofHeightM, 6);
      // Coordinates in feet under a metric EPSG code: rescaled first, they land on the metric original (< 1 mm).
      const a = r.footprint[0]![0]![0]!,
        o = b.footprint[0]![0]![0]!;
      expect(localDistanceM(a[0], a[1], o[0], o[1])).toBeLessThan(0.001);
    }
  });

  it('a local drawing in feet: --anchor with --length-unit ft places buildings and pipes at true size', () => {
    const origin = [40642246, 3458820];
    const doc = inFeet(metric, { keepCrs: false, origin });
    delete doc.crs;
    const anchor: [number, number] = [121.5, 31.23];
    const r = importGeojsonBuildings(JSON.stringify(doc), {
      source: 'drawing',
      placement: { anchor, lengthUnit: 'ft' },
      heightUnit: 'ft',
    });
    expect(r.report.errors).toEqual([]);
    const placed = byId(r.parts!.buildings);
    // Distances between buildings are the real ones (the drawing's scale is the foot), heights too.
    const [b1, b2] = reference.filter((b) => !b.heightEstimated);
    const d = (a: Building, b: Building) =>
      localDistanceM(
        a.footprint[0]![0]![0]![0],
        a.footprint[0]![0]![0]![1],
        b.footprint[0]![0]![0]![0],
        b.footprint[0]![0]![0]![1],
      );
    // (Within the Gauss-Kruger grid's scale error, 0.03 % here: the drawing is true size, the grid is not.)
    expect(Math.abs(d(placed.get(b1!.id)!, placed.get(b2!.id)!) / d(b1!, b2!) - 1)).toBeLessThan(1e-3);
    expect(placed.get(b1!.id)!.roofHeightM).toBeCloseTo(b1!.roofHeightM, 6);
    // --scale says the same thing as --length-unit ft.
    const scaled = importGeojsonBuildings(JSON.stringify(doc), {
      source: 'drawing',
      placement: { anchor, metresPerUnit: FT },
    });
    const s1 = byId(scaled.parts!.buildings).get(b1!.id)!.footprint[0]![0]![0]!;
    const p1 = placed.get(b1!.id)!.footprint[0]![0]![0]!;
    expect(localDistanceM(s1[0], s1[1], p1[0], p1[1])).toBeLessThan(1e-6);
    // Pipes in the same drawing: a 100 ft line is 30.48 m long.
    const lines = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { System_Type: 'Sanitary', Type: 'Gravity Main' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [100, 0],
            ],
          },
        },
      ],
    };
    const pipes = importPipeGis(JSON.stringify(lines), undefined, {
      source: 'drawing-pipes',
      placement: { anchor, lengthUnit: 'ft' },
    });
    expect(pipes.report.errors).toEqual([]);
    expect(pipes.parts!.links[0]!.lengthM).toBeCloseTo(30.48, 2);
  });

  it('US survey feet come from the CRS itself; --length-unit on degrees is refused', () => {
    expect(crsMetresPerUnit('EPSG:3089')).toBeCloseTo(1200 / 3937, 9);
    expect(crsMetresPerUnit('EPSG:4528')).toBe(1);
    expect(crsMetresPerUnit('EPSG:4326')).toBeNull();
    const wgs = fixture('buildings-projected', 'shanghai-buildings-wgs84.geojson');
    const r = importGeojsonBuildings(wgs, { placement: { lengthUnit: 'ft' } });
    expect(r.parts?.buildings ?? []).toEqual([]);
    expect(r.report.errors[0]!.message).toMatch(/are degrees, not lengths/);
  });

  it('the CLI takes the units and checks them', () => {
    const ok = parseImportArgs([
      '--city',
      'x',
      '--anchor',
      '121.5,31.23',
      '--length-unit',
      'us-ft',
      '--height-unit',
      'ft',
      'a.geojson',
    ]);
    expect(typeof ok === 'string' ? ok : [ok.lengthUnit, ok.heightUnit]).toEqual(['us-ft', 'ft']);
    expect(parseImportArgs(['--city', 'x', '--height-unit', 'yd', 'a.geojson'])).toMatch(
      /--height-unit must be one of m, mm, ft, us-ft/,
    );
    expect(parseImportArgs(['--city', 'x', '--anchor', '121.5,31.23', 'a.geojson'])).toMatch(/--scale/);
    expect(
      parseImportArgs(['--city', 'x', '--anchor', '121.5,31.23', '--scale', '1', '--crs', 'EPSG:4528', 'a']),
    ).toMatch(/exclude each other/);
  });
});
