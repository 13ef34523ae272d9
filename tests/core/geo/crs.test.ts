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

  it('refuses unknown codes with a message naming what works', () => {
    expect(() => crsDefinition('EPSG:99999')).toThrow(/not known to GridTwin.*4513-4554/);
    expect(() => crsDefinition('lambert')).toThrow(/unknown CRS/);
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
