import Flatbush from 'flatbush';
import type { PlaneMultiPolygon, Xy } from './planar.js';

/**
 * Makes the shared boundaries of a tiling bit-identical: snaps every vertex to a `gridM` lattice (vertices that
 * separate clipping runs computed a hair apart become one), then inserts into every edge the vertices of other
 * pieces that lie on it (T-junctions, where a neighbour was cut further). Afterwards two neighbouring pieces walk
 * their common boundary through the same vertices, so point-in-polygon tests with a half-open rule give every
 * point of the boundary to exactly one of them.
 */
export function nodeTiling(pieces: readonly PlaneMultiPolygon[], gridM = 1e-6): PlaneMultiPolygon[] {
  const snap = (v: number): number => Math.round(v / gridM) * gridM;
  const snapped = pieces.map((mp) =>
    mp.map((poly) => poly.map((ring) => dedupe(ring.map(([x, y]) => [snap(x), snap(y)] as Xy)))),
  );
  const unique = new Map<string, Xy>();
  for (const mp of snapped)
    for (const poly of mp) for (const ring of poly) for (const p of ring) unique.set(`${p[0]},${p[1]}`, p);
  const points = [...unique.values()];
  if (points.length === 0) return snapped;
  const index = new Flatbush(points.length);
  for (const [x, y] of points) index.add(x, y, x, y);
  index.finish();
  const eps = gridM * 10;
  return snapped.map((mp) =>
    mp.map((poly) =>
      poly.map((ring) => {
        const out: Xy[] = [ring[0]!];
        for (let i = 1; i < ring.length; i++) {
          const a = ring[i - 1]!,
            b = ring[i]!;
          const dx = b[0] - a[0],
            dy = b[1] - a[1];
          const len2 = dx * dx + dy * dy;
          const inserts: { t: number; p: Xy }[] = [];
          for (const k of index.search(
            Math.min(a[0], b[0]) - eps,
            Math.min(a[1], b[1]) - eps,
            Math.max(a[0], b[0]) + eps,
            Math.max(a[1], b[1]) + eps,
          )) {
            const p = points[k]!;
            if ((p[0] === a[0] && p[1] === a[1]) || (p[0] === b[0] && p[1] === b[1])) continue;
            const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
            if (t <= 0 || t >= 1) continue;
            const ex = a[0] + dx * t - p[0],
              ey = a[1] + dy * t - p[1];
            if (ex * ex + ey * ey <= eps * eps) inserts.push({ t, p });
          }
          inserts.sort((u, v) => u.t - v.t);
          for (const { p } of inserts) out.push(p);
          out.push(b);
        }
        return out;
      }),
    ),
  );
}

/** Drops consecutive repeated vertices (snapping can create them); keeps the ring closed. */
function dedupe(ring: Xy[]): Xy[] {
  const out: Xy[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0]!,
    last = out[out.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) out.push(first);
  return out;
}
