import path from 'node:path';
import { buildDemoCity } from '../../../tiles/demo/build-demo-city.js';
import type { CityBundle, NetworkLink, NetworkNode, Utility } from '../../../core/model/index.js';
import { metresPerDegree } from '../../../core/geo/index.js';

/** The committed OSM sources of the demo city. */
export const SOURCE_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'data', 'sources', 'shanghai-osm');
export const NOW = 1_700_000_000_000;

/** Builds the demo city with a seed (about 4 s). */
export function buildDemo(seed: number): Promise<CityBundle> {
  return buildDemoCity({ sourceDir: SOURCE_DIR, seed, now: NOW });
}

/** Nodes and links of one utility. */
export function utilityParts(bundle: CityBundle, utility: Utility): { nodes: NetworkNode[]; links: NetworkLink[] } {
  return {
    nodes: bundle.nodes.filter((n) => n.utility === utility),
    links: bundle.links.filter((l) => l.utility === utility),
  };
}

/** Planar metres between two lon/lat points (city scale). */
export function metresBetween(a: readonly number[], b: readonly number[]): number {
  const k = metresPerDegree((a[1]! + b[1]!) / 2);
  return Math.hypot((a[0]! - b[0]!) * k.lon, (a[1]! - b[1]!) * k.lat);
}

/** Planar distance in metres from a point to a lon/lat polyline. */
export function metresToPath(p: readonly number[], path: readonly (readonly number[])[]): number {
  const k = metresPerDegree(p[1]!);
  const xy = (q: readonly number[]): [number, number] => [(q[0]! - p[0]!) * k.lon, (q[1]! - p[1]!) * k.lat];
  let best = Infinity;
  for (let i = 1; i < path.length; i++) {
    const [ax, ay] = xy(path[i - 1]!),
      [bx, by] = xy(path[i]!);
    const dx = bx - ax,
      dy = by - ay,
      l2 = dx * dx + dy * dy;
    const t = l2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(ax + dx * t, ay + dy * t));
  }
  return best;
}

/** The point halfway along a lon/lat polyline. */
export function midpointOf(path: readonly (readonly number[])[]): [number, number] {
  let total = 0;
  for (let i = 1; i < path.length; i++) total += metresBetween(path[i - 1]!, path[i]!);
  let rest = total / 2;
  for (let i = 1; i < path.length; i++) {
    const len = metresBetween(path[i - 1]!, path[i]!);
    if (rest <= len && len > 0) {
      const t = rest / len,
        a = path[i - 1]!,
        b = path[i]!;
      return [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t];
    }
    rest -= len;
  }
  return [path[0]![0]!, path[0]![1]!];
}
