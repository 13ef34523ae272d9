import polygonClipping, { type MultiPolygon, type Polygon } from 'polygon-clipping';

/** Vertices of the round ends and joins of a trench outline (a full circle). */
const ROUND_STEPS = 16;

/**
 * The plan outline of a trench: the polyline (metres) buffered by half its width, with round ends and joins (as a
 * crew's trench runs; each end is a 16-gon on the circle, within 2 % of the half width). Answers a MultiPolygon of
 * [x, y] rings in metres (one polygon unless the line crosses itself into separate pieces).
 */
export function trenchOutline(line: readonly (readonly [number, number])[], widthM: number): [number, number][][][] {
  if (!(widthM > 0) || !Number.isFinite(widthM)) throw new RangeError(`widthM must be > 0, got ${widthM}`);
  if (line.length < 2) throw new RangeError('a trench needs a line of at least 2 points');
  const r = widthM / 2;
  const pieces: Polygon[] = [];
  for (const p of line) {
    const ring: [number, number][] = [];
    for (let k = 0; k < ROUND_STEPS; k++) {
      const a = (2 * Math.PI * k) / ROUND_STEPS;
      ring.push([p[0] + r * Math.cos(a), p[1] + r * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    pieces.push([ring]);
  }
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!,
      b = line[i + 1]!;
    const dx = b[0] - a[0],
      dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const nx = (-dy / len) * r,
      ny = (dx / len) * r;
    pieces.push([
      [
        [a[0] + nx, a[1] + ny],
        [b[0] + nx, b[1] + ny],
        [b[0] - nx, b[1] - ny],
        [a[0] - nx, a[1] - ny],
        [a[0] + nx, a[1] + ny],
      ],
    ]);
  }
  const [first, ...rest] = pieces;
  const merged: MultiPolygon = polygonClipping.union(first!, ...rest);
  return merged as [number, number][][][];
}
