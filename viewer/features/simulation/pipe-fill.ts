import type { NetworkLink } from '../../../core/model/index.js';

type Rgba = [number, number, number, number];

/**
 * Colour of a sewer or storm pipe by how full it runs (SWMM's capacity: flow depth over full depth, 1 when the pipe
 * is surcharged): pale blue under half full, blue to 80 %, amber to full, red when full or surcharged. The same ramp
 * as the manhole water columns (blue flowing, amber, red), so pipes and shafts read as one picture.
 */
export function pipeFillColor(fill: number): Rgba {
  if (fill >= 0.999) return [255, 42, 60, 235];
  if (fill >= 0.8) return [255, 160, 32, 230];
  if (fill >= 0.5) return [59, 160, 255, 225];
  return [150, 205, 255, 200];
}

/** Width in pixels of a pipe's water: 2 px nearly empty, growing with the fill to 7 px when full. */
export function pipeFillWidthPx(fill: number): number {
  return 2 + 5 * Math.max(0, Math.min(1, fill));
}

/**
 * The water surface along a pipe, as [lon, lat, scene height] points: the invert interpolated along the path by
 * length, plus the fill times the diameter, minus the city's ground elevation (scene heights, docs/adr/0003).
 */
export function pipeWaterPath(
  link: Pick<NetworkLink, 'path' | 'fromInvertM' | 'toInvertM' | 'diameterMm'>,
  fill: number,
  groundElevationM: number,
  metresPerDeg: readonly [number, number],
): [number, number, number][] {
  const pts = link.path;
  const cum = [0];
  for (let i = 1; i < pts.length; i++) {
    const dx = (pts[i]![0]! - pts[i - 1]![0]!) * metresPerDeg[0];
    const dy = (pts[i]![1]! - pts[i - 1]![1]!) * metresPerDeg[1];
    cum.push(cum[i - 1]! + Math.hypot(dx, dy));
  }
  const total = cum[cum.length - 1]! || 1;
  const depth = Math.max(0, Math.min(1, fill)) * (link.diameterMm / 1000);
  return pts.map((p, i) => {
    const invert = link.fromInvertM + (link.toInvertM - link.fromInvertM) * (cum[i]! / total);
    return [p[0]!, p[1]!, invert + depth - groundElevationM];
  });
}
