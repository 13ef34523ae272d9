import { DEG_TO_RAD, RAD_TO_DEG, WGS84_A, WGS84_B, WGS84_E2 } from './ellipsoid.js';

/** Earth-centred, earth-fixed Cartesian position in metres. */
export type EcefPosition = [x: number, y: number, z: number];
/** Geodetic WGS84 position: longitude and latitude in degrees, ellipsoidal height in metres. */
export type Wgs84Position = [lonDeg: number, latDeg: number, heightM: number];

/** WGS84 geodetic -> ECEF. */
export function wgs84ToEcef(
  lonDeg: number,
  latDeg: number,
  heightM = 0,
  result: EcefPosition = [0, 0, 0],
): EcefPosition {
  const lon = lonDeg * DEG_TO_RAD;
  const lat = latDeg * DEG_TO_RAD;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  result[0] = (n + heightM) * cosLat * Math.cos(lon);
  result[1] = (n + heightM) * cosLat * Math.sin(lon);
  result[2] = (n * (1 - WGS84_E2) + heightM) * sinLat;
  return result;
}

/** ECEF -> WGS84 geodetic by fixed-point iteration on latitude (converges to sub-millimetre in 5 steps near the surface). */
export function ecefToWgs84(x: number, y: number, z: number, result: Wgs84Position = [0, 0, 0]): Wgs84Position {
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  let lat = Math.atan2(z * WGS84_A, p * WGS84_B);
  for (let i = 0; i < 5; i++) {
    const sinLat = Math.sin(lat);
    const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
    lat = Math.atan2(z + WGS84_E2 * n * sinLat, p);
  }
  const sinLat = Math.sin(lat);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  const cosLat = Math.cos(lat);
  const height = Math.abs(cosLat) > 1e-10 ? p / cosLat - n : Math.abs(z) - WGS84_B;
  result[0] = lon * RAD_TO_DEG;
  result[1] = lat * RAD_TO_DEG;
  result[2] = height;
  return result;
}
