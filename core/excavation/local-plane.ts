import { metresPerDegree } from '../geo/index.js';

/**
 * A local plane around a dig: longitude/latitude <-> metres east/north of an origin, scaled at the origin's latitude.
 * Over the few hundred metres a dig check looks at, the scale error is below 1e-4 (a millimetre per 10 m), far below
 * the accuracy of any utility record; it is linear, so straight segments stay straight.
 */
export class LocalPlane {
  private readonly kx: number;
  private readonly ky: number;

  constructor(
    readonly originLon: number,
    readonly originLat: number,
  ) {
    const k = metresPerDegree(originLat);
    this.kx = k.lon;
    this.ky = k.lat;
  }

  x(lon: number): number {
    return (lon - this.originLon) * this.kx;
  }

  y(lat: number): number {
    return (lat - this.originLat) * this.ky;
  }

  toLonLat(x: number, y: number): [number, number] {
    return [this.originLon + x / this.kx, this.originLat + y / this.ky];
  }

  /** Degrees of longitude and latitude that span `m` metres here (to grow a bounding box). */
  degrees(m: number): { lon: number; lat: number } {
    return { lon: m / this.kx, lat: m / this.ky };
  }
}
