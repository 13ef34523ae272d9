import Flatbush from 'flatbush';
import {
  clearanceBetween,
  DEFAULT_CLEARANCE_TABLE,
  governingClearance,
  planApproach,
} from '../../core/excavation/index.js';
import type { EnuFrame } from '../../core/geo/index.js';
import type { NetworkLink, Utility } from '../../core/model/index.js';
import type { Xy } from './plane-geometry.js';

/** The widest horizontal clearance of the table, m: how far around a run to look for links it passes at an angle. */
const MAX_HORIZONTAL_M = Math.max(...Object.values(DEFAULT_CLEARANCE_TABLE.between).map((c) => c.horizontalM));

/** Where a new run crosses a link already laid: the fraction along the run, the link's axis depth and radius. */
export interface Crossing {
  /** Distance along the new run's path, as a fraction of its length (0..1). */
  readonly t: number;
  /** Depth below ground of the crossed link's axis there, m. */
  readonly axisDepthM: number;
  readonly radiusM: number;
  /** GB 50289 vertical clearance between the two utilities, m. */
  readonly clearanceM: number;
}

interface Piece {
  a: Xy;
  b: Xy;
  /** Axis depth at a and b, m. */
  za: number;
  zb: number;
  r: number;
  utility: Utility;
}

/**
 * The links of the networks laid so far, in the ENU plane under a segment index, so a gravity network designed after
 * them can find every crossing of a run and go under it with the vertical clearance (the audit's rule).
 */
export class BuriedCrossings {
  private readonly pieces: Piece[] = [];
  private readonly index: Flatbush | null;
  private readonly maxRadiusM: number;

  constructor(links: readonly NetworkLink[], frame: EnuFrame, groundM: number) {
    for (const l of links) {
      const r = l.diameterMm / 2000;
      const xy = l.path.map((p) => {
        const e = frame.toEnu(p[0], p[1], 0);
        return [e[0], e[1]] as Xy;
      });
      const cum = [0];
      for (let i = 1; i < xy.length; i++)
        cum.push(cum[i - 1]! + Math.hypot(xy[i]![0] - xy[i - 1]![0], xy[i]![1] - xy[i - 1]![1]));
      const total = cum[cum.length - 1]! || 1;
      const depth = (i: number): number => {
        const s = cum[i]! / total;
        return groundM - (l.fromInvertM + s * (l.toInvertM - l.fromInvertM) + r);
      };
      for (let i = 0; i + 1 < xy.length; i++)
        this.pieces.push({ a: xy[i]!, b: xy[i + 1]!, za: depth(i), zb: depth(i + 1), r, utility: l.utility });
    }
    this.maxRadiusM = Math.max(0, ...this.pieces.map((p) => p.r));
    if (this.pieces.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(this.pieces.length);
    for (const p of this.pieces)
      index.add(Math.min(p.a[0], p.b[0]), Math.min(p.a[1], p.b[1]), Math.max(p.a[0], p.b[0]), Math.max(p.a[1], p.b[1]));
    index.finish();
    this.index = index;
  }

  /**
   * Every crossing of `path` (a run of `utility`, of radius `radiusM`) with the links laid so far: where it crosses one
   * in plan, and where it passes one at an angle (the audit's vertical case) within their horizontal clearance, as at
   * a junction corner where a run ends beside another utility's lane.
   */
  crossings(path: readonly Xy[], utility: Utility, radiusM = 0): Crossing[] {
    if (!this.index) return [];
    const out: Crossing[] = [];
    const cum = [0];
    for (let i = 1; i < path.length; i++)
      cum.push(cum[i - 1]! + Math.hypot(path[i]![0] - path[i - 1]![0], path[i]![1] - path[i - 1]![1]));
    const total = cum[cum.length - 1]! || 1;
    const reach = MAX_HORIZONTAL_M + this.maxRadiusM + radiusM;
    for (let i = 0; i + 1 < path.length; i++) {
      const p = path[i]!,
        q = path[i + 1]!;
      for (const k of this.index.search(
        Math.min(p[0], q[0]) - reach,
        Math.min(p[1], q[1]) - reach,
        Math.max(p[0], q[0]) + reach,
        Math.max(p[1], q[1]) + reach,
      )) {
        const o = this.pieces[k]!;
        const clearance = clearanceBetween(DEFAULT_CLEARANCE_TABLE, utility, o.utility);
        let hit = intersect(p, q, o.a, o.b);
        if (!hit) {
          const xy = (v: Xy) => ({ x: v[0], y: v[1] });
          const [pa, qa, oa, ob] = [xy(p), xy(q), xy(o.a), xy(o.b)];
          if (governingClearance(pa, qa, oa, ob) !== 'vertical') continue;
          const near = planApproach(pa, qa, oa, ob);
          if (near.dist - o.r - radiusM >= clearance.horizontalM) continue;
          hit = { t: near.t, u: near.u };
        }
        out.push({
          t: (cum[i]! + hit.t * (cum[i + 1]! - cum[i]!)) / total,
          axisDepthM: o.za + hit.u * (o.zb - o.za),
          radiusM: o.r,
          clearanceM: clearance.verticalM,
        });
      }
    }
    return out;
  }
}

function intersect(a: Xy, b: Xy, c: Xy, d: Xy): { t: number; u: number } | null {
  const rx = b[0] - a[0],
    ry = b[1] - a[1],
    sx = d[0] - c[0],
    sy = d[1] - c[1];
  const denom = rx * sy - ry * sx;
  if (denom === 0) return null;
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / denom;
  const u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / denom;
  // A little beyond the ends too: the audit judges crossings in its own plane, where ends shift by millimetres.
  const e = 1e-3;
  return t >= -e && t <= 1 + e && u >= -e && u <= 1 + e
    ? { t: Math.min(1, Math.max(0, t)), u: Math.min(1, Math.max(0, u)) }
    : null;
}
