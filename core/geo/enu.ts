import { DEG_TO_RAD, WGS84_A, WGS84_E2 } from './ellipsoid.js';
import { ecefToWgs84, wgs84ToEcef, type EcefPosition, type Wgs84Position } from './ecef.js';

/** Offset in a local east-north-up frame, metres. */
export type EnuOffset = [east: number, north: number, up: number];

/**
 * A local east-north-up frame tangent to WGS84 at an origin. Exact (through ECEF), so it serves tiles and the
 * deck.gl overlay alike; create one per city and reuse it.
 */
export class EnuFrame {
  readonly originLonDeg: number;
  readonly originLatDeg: number;
  readonly originHeightM: number;
  /** Rows of the ECEF -> ENU rotation. */
  private readonly east: EcefPosition;
  private readonly north: EcefPosition;
  private readonly up: EcefPosition;
  private readonly originEcef: EcefPosition;
  private readonly scratch: EcefPosition = [0, 0, 0];

  constructor(originLonDeg: number, originLatDeg: number, originHeightM = 0) {
    if (!Number.isFinite(originLonDeg) || Math.abs(originLonDeg) > 180)
      throw new RangeError(`originLonDeg out of range: ${originLonDeg}`);
    if (!Number.isFinite(originLatDeg) || Math.abs(originLatDeg) > 90)
      throw new RangeError(`originLatDeg out of range: ${originLatDeg}`);
    this.originLonDeg = originLonDeg;
    this.originLatDeg = originLatDeg;
    this.originHeightM = originHeightM;
    const lon = originLonDeg * DEG_TO_RAD;
    const lat = originLatDeg * DEG_TO_RAD;
    const sl = Math.sin(lon),
      cl = Math.cos(lon),
      sp = Math.sin(lat),
      cp = Math.cos(lat);
    this.east = [-sl, cl, 0];
    this.north = [-sp * cl, -sp * sl, cp];
    this.up = [cp * cl, cp * sl, sp];
    this.originEcef = wgs84ToEcef(originLonDeg, originLatDeg, originHeightM);
  }

  /** WGS84 (degrees, metres) -> ENU metres relative to the origin. */
  toEnu(lonDeg: number, latDeg: number, heightM = 0, result: EnuOffset = [0, 0, 0]): EnuOffset {
    const p = wgs84ToEcef(lonDeg, latDeg, heightM, this.scratch);
    const dx = p[0] - this.originEcef[0],
      dy = p[1] - this.originEcef[1],
      dz = p[2] - this.originEcef[2];
    result[0] = this.east[0] * dx + this.east[1] * dy + this.east[2] * dz;
    result[1] = this.north[0] * dx + this.north[1] * dy + this.north[2] * dz;
    result[2] = this.up[0] * dx + this.up[1] * dy + this.up[2] * dz;
    return result;
  }

  /** ENU metres relative to the origin -> WGS84 (degrees, metres). */
  fromEnu(east: number, north: number, up = 0, result: Wgs84Position = [0, 0, 0]): Wgs84Position {
    const x = this.originEcef[0] + this.east[0] * east + this.north[0] * north + this.up[0] * up;
    const y = this.originEcef[1] + this.east[1] * east + this.north[1] * north + this.up[1] * up;
    const z = this.originEcef[2] + this.east[2] * east + this.north[2] * north + this.up[2] * up;
    return ecefToWgs84(x, y, z, result);
  }

  /**
   * Column-major 4x4 matrix taking ENU metres to ECEF (the `transform` of a 3D Tiles tile, or a model matrix).
   */
  enuToEcefMatrix(): number[] {
    const [e, n, u, o] = [this.east, this.north, this.up, this.originEcef];
    return [e[0], e[1], e[2], 0, n[0], n[1], n[2], 0, u[0], u[1], u[2], 0, o[0], o[1], o[2], 1];
  }
}

/**
 * Distance in metres between two nearby WGS84 points on the local tangent plane, using the ellipsoid's radii of
 * curvature at their mean latitude (error under 1e-4 relative within 10 km). For hot loops over a city.
 */
export function localDistanceM(aLonDeg: number, aLatDeg: number, bLonDeg: number, bLatDeg: number): number {
  const meanLat = ((aLatDeg + bLatDeg) / 2) * DEG_TO_RAD;
  const s = Math.sin(meanLat);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  const primeVertical = WGS84_A / w;
  const meridional = (WGS84_A * (1 - WGS84_E2)) / (w * w * w);
  const dx = (bLonDeg - aLonDeg) * DEG_TO_RAD * Math.cos(meanLat) * primeVertical;
  const dy = (bLatDeg - aLatDeg) * DEG_TO_RAD * meridional;
  return Math.hypot(dx, dy);
}
