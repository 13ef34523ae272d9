import type { MultiPolygonCoords } from '../model/index.js';

/**
 * Many multipolygons packed into flat typed arrays, for allocation-free point-in-polygon tests in hot loops.
 * Polygon `p` owns rings `ringStart[p] .. ringStart[p + 1] - 1`; ring `r` owns vertices
 * `vertexStart[r] .. vertexStart[r + 1] - 1` of `xs`/`ys` (the closing vertex is kept, so each ring is closed).
 */
export interface PackedPolygons {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly vertexStart: Int32Array;
  readonly ringStart: Int32Array;
  /** Bounding boxes, 4 numbers per polygon: west, south, east, north (degrees). */
  readonly bboxes: Float64Array;
}

/** Packs multipolygons (every ring of every part) into a {@link PackedPolygons}. Unclosed rings are closed. */
export function packPolygons(polygons: readonly MultiPolygonCoords[]): PackedPolygons {
  let vertexCount = 0;
  let ringCount = 0;
  for (const mp of polygons) {
    for (const poly of mp) {
      for (const ring of poly) {
        vertexCount += ring.length + 1;
        ringCount++;
      }
    }
  }
  const xs = new Float64Array(vertexCount);
  const ys = new Float64Array(vertexCount);
  const vertexStart = new Int32Array(ringCount + 1);
  const ringStart = new Int32Array(polygons.length + 1);
  const bboxes = new Float64Array(polygons.length * 4);
  let v = 0;
  let r = 0;
  polygons.forEach((mp, p) => {
    ringStart[p] = r;
    let w = Infinity,
      s = Infinity,
      e = -Infinity,
      n = -Infinity;
    for (const poly of mp) {
      for (const ring of poly) {
        vertexStart[r++] = v;
        for (const [x, y] of ring) {
          xs[v] = x;
          ys[v++] = y;
          if (x < w) w = x;
          if (x > e) e = x;
          if (y < s) s = y;
          if (y > n) n = y;
        }
        const first = ring[0]!,
          last = ring[ring.length - 1]!;
        if (first[0] !== last[0] || first[1] !== last[1]) {
          xs[v] = first[0];
          ys[v++] = first[1];
        }
      }
    }
    bboxes.set([w, s, e, n], p * 4);
  });
  ringStart[polygons.length] = r;
  vertexStart[r] = v;
  return {
    xs: xs.subarray(0, v),
    ys: ys.subarray(0, v),
    vertexStart,
    ringStart,
    bboxes,
  };
}

/**
 * Whether the point lies in packed polygon `p` (even-odd rule over all its rings, so holes and several parts work).
 *
 * Points on the boundary follow a half-open rule that partitions the plane among polygons that share edges:
 * a point is counted as if it were moved an infinitesimal step east, then an even smaller step north. So a point
 * on an edge shared by two cells of an exact tiling is in exactly one of them (the one east of the edge, or north
 * of an east-west edge), and a vertex shared by several cells goes to exactly one of them.
 * The crossing abscissa is computed from the edge's endpoints in a canonical (south-to-north) order, so the
 * two cells that share an edge compute bit-identical values and cannot both claim, or both miss, a point.
 */
export function pointInPackedPolygon(packed: PackedPolygons, p: number, lonDeg: number, latDeg: number): boolean {
  const { xs, ys, vertexStart, ringStart } = packed;
  let inside = false;
  for (let r = ringStart[p]!, rEnd = ringStart[p + 1]!; r < rEnd; r++) {
    const vEnd = vertexStart[r + 1]!;
    for (let i = vertexStart[r]! + 1; i < vEnd; i++) {
      const ya = ys[i - 1]!,
        yb = ys[i]!;
      // Half-open in latitude: a vertex at the point's latitude counts as south of it.
      if (ya > latDeg === yb > latDeg) continue;
      const xa = xs[i - 1]!,
        xb = xs[i]!;
      let xCross: number;
      if (ya < yb) xCross = xa + ((xb - xa) * (latDeg - ya)) / (yb - ya);
      else xCross = xb + ((xa - xb) * (latDeg - yb)) / (ya - yb);
      // Strictly east: a point exactly on the edge is not crossed by its own eastward ray.
      if (lonDeg < xCross) inside = !inside;
    }
  }
  return inside;
}

/** Squared distance (in squared degrees, unscaled) from a point to the nearest edge of packed polygon `p`. */
export function distanceSquaredToPackedPolygon(
  packed: PackedPolygons,
  p: number,
  lonDeg: number,
  latDeg: number,
): number {
  const { xs, ys, vertexStart, ringStart } = packed;
  let best = Infinity;
  for (let r = ringStart[p]!, rEnd = ringStart[p + 1]!; r < rEnd; r++) {
    const vEnd = vertexStart[r + 1]!;
    for (let i = vertexStart[r]! + 1; i < vEnd; i++) {
      const ax = xs[i - 1]!,
        ay = ys[i - 1]!,
        dx = xs[i]! - ax,
        dy = ys[i]! - ay;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? ((lonDeg - ax) * dx + (latDeg - ay) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = ax + t * dx - lonDeg,
        ey = ay + t * dy - latDeg;
      const d2 = ex * ex + ey * ey;
      if (d2 < best) best = d2;
    }
  }
  return best;
}
