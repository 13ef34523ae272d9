import polygonClipping from 'polygon-clipping';
import {
  areaBehindLine,
  planeArea,
  planeBbox,
  planePointInPolygon,
  type PlaneMultiPolygon,
  type PlanePolygon,
  type Xy,
} from './planar.js';

/** A road piece that cuts may follow; `weight` ranks roads (a trunk road is a better boundary than a lane). */
export interface RoadSegment {
  a: Xy;
  b: Xy;
  weight: number;
}

/** How {@link splitRegion} sizes its pieces. */
export interface SplitOptions {
  /** Area a piece aims at, m². A piece is split once it holds 1.5 targets or more. */
  targetAreaM2: number;
  /** A piece longer than this is split even when small enough, m. */
  maxLengthM: number;
  /** Pieces a cut leaves below this area merge into a neighbour across the cut, m². */
  minAreaM2: number;
  /** Roads the cuts try to follow. */
  roads: readonly RoadSegment[];
}

/** A straight cut: the line through `origin` with unit normal `normal`; "behind" is `(p - origin) . normal <= 0`. */
interface Cut {
  origin: Xy;
  normal: Xy;
}

/**
 * Splits a region into pieces of about `targetAreaM2` with straight cuts, recursively: each cut runs across the
 * region's long axis and, where a road crosses the region at a fitting place and angle, along that road (the cut
 * line is the road segment's line, preferring the line that runs along the most road). Pieces left tiny by a cut
 * (a corner of a concave region) merge into the piece across the cut. The pieces tile the region exactly: each
 * cut splits a piece into its intersection with a half-plane and the difference from it.
 */
export function splitRegion(region: PlaneMultiPolygon, options: SplitOptions, depth = 0): PlaneMultiPolygon[] {
  const area = planeArea(region);
  let n = Math.max(1, Math.round(area / options.targetAreaM2));
  const axis = longAxis(region);
  if (n === 1 && axis.lengthM <= options.maxLengthM) return [region];
  if (depth > 40) return [region];
  if (n === 1) n = 2;
  // polygon-clipping can fail on near-degenerate input; a slightly turned cut then does the job.
  const turned = (degrees: number): Xy => {
    const a = (degrees * Math.PI) / 180,
      [x, y] = axis.direction;
    return [x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a)];
  };
  const attempts = [
    () => roadCut(region, area, n, axis.direction, options),
    ...[0, 2, -2, 5, -5].map((deg) => () => medianCut(region, area, n, turned(deg))),
  ];
  for (const attempt of attempts) {
    const cut = attempt();
    if (!cut) continue;
    const pieces = applyCut(region, cut, options.minAreaM2);
    if (pieces.length >= 2) return pieces.flatMap((p) => splitRegion(p, options, depth + 1));
  }
  return [region];
}

/** The direction (unit vector) of a region's longest extent among 36 directions, and that extent. */
function longAxis(region: PlaneMultiPolygon): { direction: Xy; lengthM: number } {
  let best: Xy = [1, 0];
  let bestLength = -1;
  for (let k = 0; k < 36; k++) {
    const u: Xy = [Math.cos((k * Math.PI) / 36), Math.sin((k * Math.PI) / 36)];
    let lo = Infinity,
      hi = -Infinity;
    for (const poly of region)
      for (const [x, y] of poly[0]!) {
        const d = x * u[0] + y * u[1];
        if (d < lo) lo = d;
        if (d > hi) hi = d;
      }
    if (hi - lo > bestLength + 1e-9) {
      bestLength = hi - lo;
      best = u;
    }
  }
  return { direction: best, lengthM: bestLength };
}

function areaBehind(region: PlaneMultiPolygon, cut: Cut): number {
  return region.reduce((s, p) => s + areaBehindLine(p, cut.origin, cut.normal), 0);
}

/** The cut across `u` that leaves `floor(n/2)/n` of the area behind it (bisection on the offset). */
function medianCut(region: PlaneMultiPolygon, area: number, n: number, u: Xy): Cut | null {
  const want = (Math.floor(n / 2) / n) * area;
  let lo = Infinity,
    hi = -Infinity;
  for (const poly of region)
    for (const [x, y] of poly[0]!) {
      const d = x * u[0] + y * u[1];
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (areaBehind(region, { origin: [u[0] * mid, u[1] * mid], normal: u }) < want) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  return { origin: [u[0] * t, u[1] * t], normal: u };
}

/**
 * The best road-following cut: the line of a road segment inside the region, roughly across the long axis `u`,
 * that splits the area into about whole numbers of targets, scored by the length of road lying along it.
 */
function roadCut(region: PlaneMultiPolygon, area: number, n: number, u: Xy, options: SplitOptions): Cut | null {
  const [x0, y0, x1, y1] = planeBbox(region);
  const inBox = options.roads.filter(
    (s) =>
      Math.max(s.a[0], s.b[0]) >= x0 &&
      Math.min(s.a[0], s.b[0]) <= x1 &&
      Math.max(s.a[1], s.b[1]) >= y0 &&
      Math.min(s.a[1], s.b[1]) <= y1,
  );
  const inside = inBox.filter((s) => {
    const m: Xy = [(s.a[0] + s.b[0]) / 2, (s.a[1] + s.b[1]) / 2];
    return region.some((p: PlanePolygon) => planePointInPolygon(m, p));
  });
  const squarish = longAxis(region).lengthM < 1.25 * Math.sqrt(area);
  let best: Cut | null = null;
  let bestScore = 60; // metres of road: below this a straight median cut is as good
  for (const s of inside) {
    const len = Math.hypot(s.b[0] - s.a[0], s.b[1] - s.a[1]);
    if (len < 25) continue;
    const d: Xy = [(s.b[0] - s.a[0]) / len, (s.b[1] - s.a[1]) / len];
    // The cut runs along d; across the long axis means d is nearly perpendicular to u.
    if (!squarish && Math.abs(d[0] * u[0] + d[1] * u[1]) > 0.57) continue;
    const cut: Cut = { origin: s.a, normal: [-d[1], d[0]] };
    const share = (areaBehind(region, cut) / area) * n;
    const k = Math.round(share);
    if (k < 1 || k > n - 1 || Math.abs(share - k) > 0.3) continue;
    let support = 0;
    for (const r of inside) {
      const rl = Math.hypot(r.b[0] - r.a[0], r.b[1] - r.a[1]);
      if (rl === 0) continue;
      const cross = Math.abs(((r.b[0] - r.a[0]) * d[1] - (r.b[1] - r.a[1]) * d[0]) / rl);
      if (cross > 0.1) continue;
      const mx = (r.a[0] + r.b[0]) / 2 - s.a[0],
        my = (r.a[1] + r.b[1]) / 2 - s.a[1];
      if (Math.abs(mx * cut.normal[0] + my * cut.normal[1]) > 6) continue;
      support += rl * r.weight;
    }
    const score = support - 300 * Math.abs(share - k);
    if (score > bestScore) {
      bestScore = score;
      best = cut;
    }
  }
  return best;
}

/**
 * Splits a region by a cut into its connected pieces on either side; pieces under `minAreaM2` merge into the
 * smallest piece across the cut that they touch. Returns [] when polygon-clipping fails on the input.
 */
function applyCut(region: PlaneMultiPolygon, cut: Cut, minAreaM2: number): PlaneMultiPolygon[] {
  const d: Xy = [cut.normal[1], -cut.normal[0]];
  const [x0, y0, x1, y1] = planeBbox(region);
  // A half-plane just large enough: huge coordinates next to small pieces cost polygon-clipping precision.
  const L =
    4 * (Math.hypot(x1 - x0, y1 - y0) + Math.hypot(cut.origin[0] - (x0 + x1) / 2, cut.origin[1] - (y0 + y1) / 2));
  const o = cut.origin;
  const behind: PlanePolygon = [
    [
      [o[0] + d[0] * L, o[1] + d[1] * L],
      [o[0] + d[0] * L - cut.normal[0] * L, o[1] + d[1] * L - cut.normal[1] * L],
      [o[0] - d[0] * L - cut.normal[0] * L, o[1] - d[1] * L - cut.normal[1] * L],
      [o[0] - d[0] * L, o[1] - d[1] * L],
      [o[0] + d[0] * L, o[1] + d[1] * L],
    ],
  ];
  let sides: PlaneMultiPolygon[];
  try {
    sides = [
      polygonClipping.intersection(region, behind) as PlaneMultiPolygon,
      polygonClipping.difference(region, behind) as PlaneMultiPolygon,
    ];
  } catch {
    return [];
  }
  // Guard against a silently wrong clip as well as a thrown one: the two sides must add up to the region.
  const regionArea = planeArea(region);
  if (Math.abs(planeArea(sides[0]!) + planeArea(sides[1]!) - regionArea) > 1e-6 * regionArea + 1e-3) return [];
  let pieces = sides.flatMap((mp, side) =>
    mp.map((poly) => ({ side, polygon: [poly] as PlaneMultiPolygon, area: planeArea([poly]) })),
  );
  for (const small of [...pieces].sort((a, b) => a.area - b.area)) {
    if (small.area >= minAreaM2 || !pieces.includes(small)) continue;
    let target: { merged: PlaneMultiPolygon; piece: (typeof pieces)[number] } | null = null;
    for (const other of pieces) {
      if (other === small || other.side === small.side) continue;
      if (target && other.area >= target.piece.area) continue;
      let merged: PlaneMultiPolygon;
      try {
        merged = polygonClipping.union(small.polygon, other.polygon) as PlaneMultiPolygon;
      } catch {
        continue;
      }
      if (merged.length === 1) target = { merged, piece: other };
    }
    if (!target) continue;
    pieces = pieces.filter((p) => p !== small && p !== target.piece);
    pieces.push({ side: target.piece.side, polygon: target.merged, area: small.area + target.piece.area });
  }
  return pieces.map((p) => p.polygon);
}
