import { describe, expect, it } from 'vitest';
import {
  crsDefinition,
  fromWgs84Converter,
  gcj02ToWgs84,
  toWgs84Converter,
  wgs84ToGcj02,
  localDistanceM,
} from '../../../core/geo/index.js';
import { expectClose } from '../../helpers/expect-close.js';
// The EPSG definition source tiles/ registers (the epsg-index package).
import { epsgName } from '../../../tiles/import/epsg-lookup.js';

describe('core/geo/crs', () => {
  it('places the central meridian of CGCS2000 zone 40 (EPSG:4528) at the zone-prefixed false easting', () => {
    const [x, y] = fromWgs84Converter('EPSG:4528')(120, 31.24);
    expectClose(x, 40_500_000, 0.01, 'easting');
    expect(y).toBeGreaterThan(3_400_000);
    expect(y).toBeLessThan(3_500_000);
  });

  it('round-trips every CGCS2000 Gauss-Kruger zone at its own central meridian', () => {
    for (let code = 4513; code <= 4554; code++) {
      const lon0 = code <= 4533 ? 75 + (code - 4513) * 3 : 75 + (code - 4534) * 3;
      const fwd = fromWgs84Converter(`EPSG:${code}`);
      const inv = toWgs84Converter(`EPSG:${code}`);
      const [x, y] = fwd(lon0 + 1, 35);
      const [lon, lat] = inv(x, y);
      expectClose(lon, lon0 + 1, 1e-8, `lon EPSG:${code}`);
      expectClose(lat, 35, 1e-8, `lat EPSG:${code}`);
    }
  });

  it('puts Modena (EPSG:3003) in Modena', () => {
    // A node of Modena.inp, in Monte Mario / Italy zone 1 metres.
    const [lon, lat] = toWgs84Converter('EPSG:3003')(1654000, 4944000);
    expect(lon).toBeGreaterThan(10.8);
    expect(lon).toBeLessThan(11.0);
    expect(lat).toBeGreaterThan(44.6);
    expect(lat).toBeLessThan(44.7);
  });

  it('refuses unknown codes and names', () => {
    expect(() => crsDefinition('EPSG:99999')).toThrow(/is not known to the EPSG registry/);
    expect(() => crsDefinition('lambert')).toThrow(/unknown CRS/);
  });

  it('reads any EPSG code from the registry: British National Grid, RD New, its compound, NY Long Island ftUS', () => {
    expect(epsgName(27700)).toBe('OSGB36 / British National Grid');
    // Big Ben: OSGB36 grid 530268 E, 179640 N (OS published); without the OSTN15 grid file within ~150 m.
    const [lon, lat] = toWgs84Converter('EPSG:27700')(530268, 179640);
    expect(localDistanceM(lon, lat, -0.12463, 51.50073)).toBeLessThan(150);
    // Amersfoort tower, the origin of RD New (155000, 463000), with the 7-parameter datum shift of EPSG:28992.
    const rd = toWgs84Converter('EPSG:28992')(155000, 463000);
    expect(localDistanceM(rd[0], rd[1], 5.387206, 52.155172)).toBeLessThan(5);
    // CityJSON's EPSG:7415 (RD New + NAP height) places through its horizontal part.
    const c = toWgs84Converter('EPSG:7415')(155000, 463000);
    expect(localDistanceM(c[0], c[1], rd[0], rd[1])).toBeLessThan(0.001);
    // US survey feet: 1,000,000 ftUS east of the false easting origin is 304,800.6 m.
    const a = fromWgs84Converter('EPSG:2263')(-74, 40.7);
    const b = fromWgs84Converter('EPSG:32618')(-74, 40.7);
    expect(a[0]).toBeGreaterThan(900_000);
    expect(b[0]).toBeGreaterThan(500_000);
  });

  it('reads a .prj WKT and EPSG:4490 (CGCS2000 geographic)', () => {
    const wkt =
      'PROJCS["WGS_1984_UTM_Zone_51N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",123.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const [x, y] = fromWgs84Converter('EPSG:32651')(121.47, 31.23);
    const [lon, lat] = toWgs84Converter(wkt)(x, y);
    expectClose(lon, 121.47, 1e-7, 'lon');
    expectClose(lat, 31.23, 1e-7, 'lat');
    const [l2, b2] = toWgs84Converter('EPSG:4490')(121.47, 31.23);
    expect(localDistanceM(l2, b2, 121.47, 31.23)).toBeLessThan(0.01);
  });

  it('shifts GCJ-02 by a few hundred metres in Shanghai and inverts it to a centimetre', () => {
    const [gLon, gLat] = wgs84ToGcj02(121.4737, 31.2304);
    const shift = localDistanceM(121.4737, 31.2304, gLon, gLat);
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(800);
    const [lon, lat] = gcj02ToWgs84(gLon, gLat);
    expect(localDistanceM(lon, lat, 121.4737, 31.2304)).toBeLessThan(0.01);
    expect(toWgs84Converter('gcj02')(gLon, gLat)[0]).toBeCloseTo(121.4737, 7);
  });

  it('leaves points outside China unchanged in GCJ-02', () => {
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });
});
