import Flatbush from 'flatbush';
import type { PlanarPoint } from './snap-topology.js';

/** A point merged into an earlier one: its index, the one it joined, and how far apart they were (m). */
export interface MergedPoint {
  index: number;
  into: number;
  distanceM: number;
}

export interface DuplicateResult {
  /** For each point, the index of the point it is merged into (itself when it is kept). */
  keptAs: number[];
  /** Points at exactly the position of a kept point. */
  exact: MergedPoint[];
  /** Points within the tolerance of a kept point, but not at its position. */
  near: MergedPoint[];
}

/**
 * Merges points digitised twice: a point within `toleranceM` of an earlier kept point of the same group (utility
 * and kind: a catch basin beside a manhole is not a duplicate) joins it, unless the lines tell them apart: a line
 * runs between the two (or between the point and one already merged into the other), or both are exactly on line
 * ends (the data's own topology: two EPANET junctions 1 m apart are two nodes). Points at one position always merge.
 * Earlier points win, so the result does not depend on anything but the file's order.
 */
export function mergeDuplicatePoints(
  points: readonly PlanarPoint[],
  groups: readonly string[],
  toleranceM: number,
  linked: Pick<LineLinks, 'joined' | 'atLineEnd'> = { joined: () => false, atLineEnd: () => false },
  /** Points that merge only at one position (valves: two valves 1 m apart either side of a tee are two). */
  exactOnly: (point: number) => boolean = () => false,
): DuplicateResult {
  const keptAs = points.map((_, i) => i);
  const result: DuplicateResult = { keptAs, exact: [], near: [] };
  if (points.length === 0 || !(toleranceM >= 0)) return result;
  const index = new Flatbush(points.length);
  for (const [x, y] of points) index.add(x, y, x, y);
  index.finish();
  const members = new Map<number, number[]>();
  const firstAt = new Map<string, number>();
  points.forEach(([x, y], i) => {
    // A point at the very position of an earlier one (kept or merged) is an exact duplicate of it.
    const key = `${groups[i]}|${x}|${y}`;
    const twin = firstAt.get(key);
    if (twin !== undefined) {
      const into = keptAs[twin]!;
      keptAs[i] = into;
      members.set(into, [...(members.get(into) ?? [into]), i]);
      result.exact.push({ index: i, into, distanceM: 0 });
      return;
    }
    firstAt.set(key, i);
    if (exactOnly(i)) return;
    let best = -1,
      bestD = Infinity;
    for (const j of index.search(x - toleranceM, y - toleranceM, x + toleranceM, y + toleranceM)) {
      if (j >= i || keptAs[j] !== j || groups[j] !== groups[i] || exactOnly(j)) continue;
      const d = Math.hypot(points[j]![0] - x, points[j]![1] - y);
      if (d > toleranceM) continue;
      // Points at one position are one node whatever the lines say (a zero-length line between them is dropped).
      if (d > 0 && linked.atLineEnd(i) && linked.atLineEnd(j)) continue;
      if (d > 0 && (members.get(j) ?? [j]).some((m) => linked.joined(i, m))) continue;
      if (d < bestD || (d === bestD && j < best)) {
        best = j;
        bestD = d;
      }
    }
    if (best < 0) return;
    keptAs[i] = best;
    members.set(best, [...(members.get(best) ?? [best]), i]);
    result.near.push({ index: i, into: best, distanceM: bestD });
  });
  return result;
}

/** What the lines say about points: which pairs a line joins, which points sit exactly on a line end. */
export interface LineLinks {
  joined: (a: number, b: number) => boolean;
  atLineEnd: (point: number) => boolean;
}

/** A line end this close to a point is on it (digitised with snapping on). */
const ON_END_M = 0.01;

/**
 * Pairs of points that a line joins (its start nearest one, its end nearest the other, both within the tolerance),
 * and the points a line end lies exactly on, for {@link mergeDuplicatePoints}.
 */
export function lineLinks(
  points: readonly PlanarPoint[],
  lineEnds: readonly [PlanarPoint, PlanarPoint][],
  toleranceM: number,
): LineLinks {
  const pairs = new Set<string>();
  const onEnd = new Uint8Array(points.length);
  if (points.length === 0) return { joined: () => false, atLineEnd: () => false };
  const index = new Flatbush(points.length);
  for (const [x, y] of points) index.add(x, y, x, y);
  index.finish();
  // The points an end is on: every point within ON_END_M (two nodes drawn at one spot), else the nearest one.
  const pointsAt = (p: PlanarPoint): number[] => {
    const on = index.neighbors(p[0], p[1], Infinity, ON_END_M);
    for (const k of on) onEnd[k] = 1;
    return on.length > 0 ? on : index.neighbors(p[0], p[1], 1, toleranceM);
  };
  for (const [a, b] of lineEnds) {
    const from = pointsAt(a),
      to = pointsAt(b);
    for (const i of from) for (const j of to) if (i !== j) pairs.add(i < j ? `${i}|${j}` : `${j}|${i}`);
  }
  return {
    joined: (a, b) => pairs.has(a < b ? `${a}|${b}` : `${b}|${a}`),
    atLineEnd: (k) => onEnd[k] === 1,
  };
}
