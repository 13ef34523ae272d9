import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFeatures, readFeaturesFromFile, FeatureReadError } from '../../../tiles/import/sources/read-features.js';
import { toWgs84Converter } from '../../../core/geo/index.js';

const dir = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'formats');
const file = (name: string): string => path.join(dir, name);
const bytes = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(file(name)));

/** Shape records in a .shp counted from its .shx index (file length in 16-bit words, 8 bytes per record). */
function shxRecords(name: string): number {
  const b = fs.readFileSync(file(name));
  return (b.readInt32BE(24) * 2 - 100) / 8;
}

describe('readFeatures: Shapefile, GeoPackage, CityJSON chosen by content', () => {
  it('reads a .shp with its .dbf/.prj/.cpg and agrees with the GeoPackage of the same lines', async () => {
    const shp = await readFeaturesFromFile(file('montpelier-sewer-lines.shp'));
    expect(shp.format).toBe('shapefile');
    expect(shp.features.length).toBe(shxRecords('montpelier-sewer-lines.shx'));
    expect(shp.crs.from).toBe('shapefile-prj');
    expect(shp.crs.crs).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
    const gpkg = await readFeaturesFromFile(file('montpelier-sewer.gpkg'), { layer: 'sewer_lines' });
    expect(gpkg.format).toBe('geopackage');
    expect(gpkg.crs.crs).toBe('EPSG:4326');
    expect(gpkg.layers).toEqual(['manholes', 'sewer_lines']);
    expect(gpkg.features.length).toBe(shp.features.length);
    // Two independent decoders (shpjs, our WKB) must give the same vertices and attributes.
    shp.features.forEach((f, i) => {
      const g = gpkg.features[i]!;
      const a = (
        f.geometry!.type === 'LineString' ? [f.geometry!.coordinates] : f.geometry!.coordinates
      ) as number[][][];
      expect(a).toEqual(g.geometry!.coordinates);
      expect(String(f.properties!.Type).trim()).toBe(g.properties!.Type ?? '');
    });
  });

  it('reads a zipped Shapefile layer and a GeoPackage PointZ layer with the same positions', async () => {
    const zip = await readFeaturesFromFile(file('montpelier-manholes.zip'));
    expect(zip.format).toBe('shapefile');
    expect(zip.layer).toBe('montpelier-manholes');
    const gpkg = await readFeaturesFromFile(file('montpelier-sewer.gpkg'), { layer: 'manholes' });
    expect(zip.features.length).toBe(gpkg.features.length);
    expect(zip.features.length).toBeGreaterThan(0);
    zip.features.forEach((f, i) => {
      const [x, y, z] = gpkg.features[i]!.geometry!.coordinates as number[];
      expect(f.geometry!.coordinates).toEqual([x, y]);
      expect(z).toBe(160);
    });
    // The WKT of the .prj is a usable CRS.
    const to = toWgs84Converter(zip.crs.crs!);
    const [x, y] = zip.features[0]!.geometry!.coordinates as number[];
    const [lon, lat] = to(x!, y!);
    expect(lon).toBeCloseTo(x!, 9);
    expect(lat).toBeCloseTo(y!, 9);
  });

  it('reads CityJSON LoD1 solids: de-quantised vertices, semantics per surface, attributes and CRS kept', async () => {
    const text = fs.readFileSync(file('shanghai-lod1.city.json'), 'utf8');
    const doc = JSON.parse(text);
    const src = await readFeaturesFromFile(file('shanghai-lod1.city.json'));
    expect(src.format).toBe('cityjson');
    expect(src.crs).toMatchObject({ from: 'cityjson-metadata', crs: 'EPSG:4326' });
    expect(src.features.length).toBe(Object.keys(doc.CityObjects).length);
    for (const f of src.features) {
      const obj = doc.CityObjects[f.id as string];
      const shell = obj.geometry[0].boundaries[0] as number[][][];
      const polys = f.geometry!.coordinates as number[][][][];
      expect(polys.length).toBe(shell.length);
      const surfaces = f.properties!['cityjson:surfaces'] as string[];
      expect(surfaces.filter((s) => s === 'RoofSurface').length).toBe(1);
      const roof = polys[surfaces.indexOf('RoofSurface')]![0]!;
      // Every roof vertex is at the measured height (metres, scale 0.001), the ground at 0.
      for (const p of roof) expect(p[2]).toBeCloseTo(obj.attributes.measuredHeight, 3);
      const v = doc.vertices[shell[0]![0]![0]!];
      expect(polys[0]![0]![0]![0]).toBeCloseTo(v[0] * doc.transform.scale[0] + doc.transform.translate[0], 9);
      expect(f.properties!.measuredHeight).toBe(obj.attributes.measuredHeight);
    }
  });

  it('chooses by content, not by name, and says what a wrong guess expected', async () => {
    const named = await readFeatures(bytes('montpelier-sewer.gpkg'), 'pipes.geojson', { layer: 'sewer_lines' });
    expect(named.format).toBe('geopackage');
    expect(named.warnings.join()).toMatch(/named like a GeoJSON .* but its content is a GeoPackage/);
    await expect(readFeatures(bytes('shanghai-lod1.city.json'), 'b.json', { expect: 'geojson' })).rejects.toThrow(
      /expected a GeoJSON FeatureCollection but the content is a CityJSON file/,
    );
    await expect(readFeatures(bytes('montpelier-sewer-lines.dbf'), 'x.dbf')).rejects.toThrow(
      /dBASE table .* give the \.shp/,
    );
  });

  it('refuses broken files with a clear message', async () => {
    await expect(readFeaturesFromFile(file('broken-truncated.shp'))).rejects.toThrow(
      /Shapefile: the \.shp cannot be read/,
    );
    await expect(readFeaturesFromFile(file('broken-not-geopackage.gpkg'))).rejects.toThrow(
      /expected a GeoPackage .* this SQLite database has none/,
    );
    await expect(readFeaturesFromFile(file('broken-vertex-index.city.json'))).rejects.toThrow(
      /vertex index \d+ out of range/,
    );
    await expect(readFeaturesFromFile(file('broken-vertex-index.city.json'))).rejects.toBeInstanceOf(FeatureReadError);
  });
});
