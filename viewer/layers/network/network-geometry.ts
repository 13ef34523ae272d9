import type { NetworkLink } from '../../../core/model/index.js';
import { localDistanceM } from '../../../core/geo/index.js';

/**
 * Positions `[lon, lat, height, ...]` of a link's centreline in scene heights (metres relative to the city's
 * ground, negative below it): the invert is interpolated along the path by length, plus half the diameter.
 */
export function linkCentreline(
  link: Pick<NetworkLink, 'path' | 'fromInvertM' | 'toInvertM' | 'diameterMm'>,
  groundElevationM: number,
): number[] {
  const { path } = link;
  const cumulative = [0];
  for (let i = 1; i < path.length; i++) {
    const [aLon, aLat] = path[i - 1]!;
    const [bLon, bLat] = path[i]!;
    cumulative.push(cumulative[i - 1]! + localDistanceM(aLon, aLat, bLon, bLat));
  }
  const total = cumulative[cumulative.length - 1]! || 1;
  const radiusM = link.diameterMm / 2000;
  const out: number[] = [];
  path.forEach(([lon, lat], i) => {
    const f = cumulative[i]! / total;
    const invert = link.fromInvertM + (link.toInvertM - link.fromInvertM) * f;
    out.push(lon, lat, invert + radiusM - groundElevationM);
  });
  return out;
}

/** Line width on screen (px) for a pipe diameter: mains read thicker than service lines. */
export function linkWidthPx(diameterMm: number): number {
  return Math.max(2, Math.min(7, 1.5 + diameterMm / 180));
}
