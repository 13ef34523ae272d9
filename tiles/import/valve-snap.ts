import Flatbush from 'flatbush';
import type { PlanarPoint } from './snap-topology.js';

/** Where a valve point lands on a pipe: the line, the distance along it, and how far the point was from it. */
export interface ValveOnLine {
  valve: number;
  line: number;
  /** Distance from the line's start along its path, m (kept inside the line, off its ends). */
  alongM: number;
  /** Distance from the valve point to the line, m. */
  offsetM: number;
  /** The point on the line. */
  at: PlanarPoint;
}

export interface ValveSnapResult {
  snapped: ValveOnLine[];
  /** Valves farther than the tolerance from every line, with the distance to the nearest (Infinity: no line). */
  notSnapped: { valve: number; nearestM: number }[];
}

/** Valves never sit on a pipe's end node: they are kept this far inside the pipe (or at its middle if shorter). */
const END_CLEARANCE_M = 0.05;

/** Length of a planar path, m. */
export function pathLength(path: readonly PlanarPoint[]): number {
  let s = 0;
  for (let i = 1; i < path.length; i++) s += Math.hypot(path[i]![0] - path[i - 1]![0], path[i]![1] - path[i - 1]![1]);
  return s;
}

/**
 * Snaps valve points onto the nearest line within `toleranceM` (perpendicular foot on the nearest segment). A valve
 * found at a line's end is moved just inside it, so splitting the line there gives two links and the valve node
 * separates them, as a gate valve beside a tee does.
 */
export function snapValvesToLines(
  valves: readonly PlanarPoint[],
  lines: readonly (readonly PlanarPoint[])[],
  toleranceM: number,
): ValveSnapResult {
  const segLine: number[] = [],
    segIndex: number[] = [];
  lines.forEach((path, line) => {
    for (let k = 1; k < path.length; k++) {
      segLine.push(line);
      segIndex.push(k - 1);
    }
  });
  const result: ValveSnapResult = { snapped: [], notSnapped: [] };
  if (segLine.length === 0) {
    valves.forEach((_, valve) => result.notSnapped.push({ valve, nearestM: Infinity }));
    return result;
  }
  const index = new Flatbush(segLine.length);
  segLine.forEach((line, s) => {
    const a = lines[line]![segIndex[s]!]!,
      b = lines[line]![segIndex[s]! + 1]!;
    index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  });
  index.finish();
  const starts = lines.map((path) => {
    const cum = [0];
    for (let k = 1; k < path.length; k++)
      cum.push(cum[k - 1]! + Math.hypot(path[k]![0] - path[k - 1]![0], path[k]![1] - path[k - 1]![1]));
    return cum;
  });
  valves.forEach((p, valve) => {
    // Nearest by box first, then by true distance among a few candidates (boxes of long segments overlap).
    let best: ValveOnLine | null = null;
    for (const s of index.neighbors(p[0], p[1], 16)) {
      const line = segLine[s]!,
        k = segIndex[s]!;
      const a = lines[line]![k]!,
        b = lines[line]![k + 1]!;
      const dx = b[0] - a[0],
        dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
      const at: PlanarPoint = [a[0] + t * dx, a[1] + t * dy];
      const offsetM = Math.hypot(p[0] - at[0], p[1] - at[1]);
      if (!best || offsetM < best.offsetM)
        best = { valve, line, alongM: starts[line]![k]! + t * Math.sqrt(len2), offsetM, at };
    }
    if (!best || best.offsetM > toleranceM) {
      result.notSnapped.push({ valve, nearestM: best?.offsetM ?? Infinity });
      return;
    }
    const total = starts[best.line]![starts[best.line]!.length - 1]!;
    const clear = Math.min(END_CLEARANCE_M, total / 2);
    if (best.alongM < clear || best.alongM > total - clear) {
      best.alongM = Math.max(clear, Math.min(total - clear, best.alongM));
      best.at = pointAlong(lines[best.line]!, best.alongM);
    }
    result.snapped.push(best);
  });
  return result;
}

/** The point at `alongM` along a planar path. */
export function pointAlong(path: readonly PlanarPoint[], alongM: number): PlanarPoint {
  let left = alongM;
  for (let k = 1; k < path.length; k++) {
    const a = path[k - 1]!,
      b = path[k]!;
    const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (left <= d || k === path.length - 1) {
      const t = d > 0 ? Math.min(1, left / d) : 0;
      return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    }
    left -= d;
  }
  return path[0]!;
}

/**
 * Cuts a planar path at the given distances (ascending, inside the path): the pieces, each starting where the
 * previous ended.
 */
export function cutPath(path: readonly PlanarPoint[], cutsM: readonly number[]): PlanarPoint[][] {
  const pieces: PlanarPoint[][] = [];
  let current: PlanarPoint[] = [path[0]!];
  let travelled = 0,
    c = 0;
  for (let k = 1; k < path.length; k++) {
    const a = path[k - 1]!,
      b = path[k]!;
    const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
    while (c < cutsM.length && cutsM[c]! <= travelled + d) {
      const t = d > 0 ? (cutsM[c]! - travelled) / d : 0;
      const at: PlanarPoint = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      current.push(at);
      pieces.push(current);
      current = [at];
      c++;
    }
    current.push(b);
    travelled += d;
  }
  pieces.push(current);
  return pieces;
}
