import { interior, type LinkSpec, type NetworkBuilder } from './network-builder.js';
import { subPolyline, type Xy } from './plane-geometry.js';

/** A node placed along a run, at a distance from the run's start. */
export interface RunStation {
  readonly along: number;
  readonly nodeId: string;
}

/**
 * Links consecutive stations of a run along `path` (start and end stations included, in order), each link
 * following the path between them.
 */
export function linkRun(
  b: NetworkBuilder,
  path: readonly Xy[],
  stations: readonly RunStation[],
  spec: (i: number) => LinkSpec,
): string[] {
  const ids: string[] = [];
  for (let i = 0; i + 1 < stations.length; i++) {
    const a = stations[i]!,
      c = stations[i + 1]!;
    ids.push(b.addLink(a.nodeId, c.nodeId, interior(subPolyline(path, a.along, c.along)), spec(i)));
  }
  return ids;
}

/** Evenly spaced distances strictly inside (0, length) so no gap exceeds `maxSpacingM`. */
export function evenStations(length: number, maxSpacingM: number): number[] {
  const n = Math.ceil(length / maxSpacingM);
  return Array.from({ length: Math.max(0, n - 1) }, (_, k) => (length * (k + 1)) / n);
}
