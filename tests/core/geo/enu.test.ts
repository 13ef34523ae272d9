import { describe, expect, it } from 'vitest';
import { EnuFrame, localDistanceM, wgs84ToEcef, ecefToWgs84 } from '../../../core/geo/index.js';
import { expectClose } from '../../helpers/expect-close.js';

describe('core/geo/enu', () => {
  const frame = new EnuFrame(121.5, 31.24, 4);

  it('puts the origin at zero', () => {
    const [e, n, u] = frame.toEnu(121.5, 31.24, 4);
    expectClose(e, 0, 1e-6, 'east');
    expectClose(n, 0, 1e-6, 'north');
    expectClose(u, 0, 1e-6, 'up');
  });

  it('measures east and north in metres', () => {
    // 0.01 degree of latitude is about 1,109 m at 31 N; of longitude about 951 m.
    const [, n] = frame.toEnu(121.5, 31.25, 4);
    expectClose(n, 1109, 3, 'north offset');
    const [e] = frame.toEnu(121.51, 31.24, 4);
    expectClose(e, 952.6, 1, 'east offset');
    expectClose(localDistanceM(121.5, 31.24, 121.51, 31.24), e, 0.5, 'planar distance');
  });

  it('round-trips WGS84 -> ENU -> WGS84 to a millimetre', () => {
    for (const [lon, lat, h] of [
      [121.48, 31.23, -6],
      [121.52, 31.25, 632],
      [121.5, 31.24, 0],
    ] as const) {
      const enu = frame.toEnu(lon, lat, h);
      const [lon2, lat2, h2] = frame.fromEnu(enu[0], enu[1], enu[2]);
      expectClose(lon2, lon, 1e-8, 'lon');
      expectClose(lat2, lat, 1e-8, 'lat');
      expectClose(h2, h, 1e-3, 'height');
    }
  });

  it('round-trips ECEF at the poles and the equator', () => {
    for (const [lon, lat] of [
      [0, 0],
      [45, 89.9],
      [-120, -60],
    ] as const) {
      const p = wgs84ToEcef(lon, lat, 100);
      const [lon2, lat2, h2] = ecefToWgs84(p[0], p[1], p[2]);
      expectClose(lon2, lon, 1e-9, 'lon');
      expectClose(lat2, lat, 1e-9, 'lat');
      expectClose(h2, 100, 1e-3, 'height');
    }
  });

  it('rejects an origin off the globe', () => {
    expect(() => new EnuFrame(200, 0)).toThrow(RangeError);
  });

  it('gives a matrix that maps ENU to the same ECEF point', () => {
    const m = frame.enuToEcefMatrix();
    const [e, n, u] = [120, -340, 15];
    const x = m[0]! * e + m[4]! * n + m[8]! * u + m[12]!;
    const y = m[1]! * e + m[5]! * n + m[9]! * u + m[13]!;
    const z = m[2]! * e + m[6]! * n + m[10]! * u + m[14]!;
    const [lon, lat, h] = frame.fromEnu(e, n, u);
    const p = wgs84ToEcef(lon, lat, h);
    expectClose(x, p[0], 1e-4, 'x');
    expectClose(y, p[1], 1e-4, 'y');
    expectClose(z, p[2], 1e-4, 'z');
  });
});
