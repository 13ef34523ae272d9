import Flatbush from 'flatbush';
import type { LonLat, NetworkLink, NetworkNode, Utility } from '../model/index.js';
import { clearanceBetween, type ClearanceTable } from './clearance-table.js';
import { linkSection } from './dig-check.js';
import { LocalPlane } from './local-plane.js';

/** Two links of different networks closer than their minimum clearance. Distances are clear distances, m. */
export interface ClearanceFinding {
  kind: 'horizontal' | 'vertical';
  linkA: string;
  linkB: string;
  utilityA: Utility;
  utilityB: Utility;
  /** The clear distance found (plan distance for `horizontal`, vertical gap at the crossing for `vertical`). */
  distanceM: number;
  requiredM: number;
  /** Where: the crossing, or the middle of the closest approach. */
  location: LonLat;
}

function segSegPlan(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): { dist: number; x: number; y: number; t: number; u: number } {
  const rx = bx - ax,
    ry = by - ay,
    sx = dx - cx,
    sy = dy - cy;
  const denom = rx * sy - ry * sx;
  if (denom !== 0) {
    const t = ((cx - ax) * sy - (cy - ay) * sx) / denom;
    const u = ((cx - ax) * ry - (cy - ay) * rx) / denom;
    if (t >= 0 && t <= 1 && u >= 0 && u <= 1) return { dist: 0, x: ax + t * rx, y: ay + t * ry, t, u };
  }
  const cands: { dist: number; x: number; y: number; t: number; u: number }[] = [];
  const proj = (px: number, py: number, ox: number, oy: number, ex: number, ey: number) => {
    const l2 = ex * ex + ey * ey;
    const v = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ox) * ex + (py - oy) * ey) / l2));
    return { v, qx: ox + v * ex, qy: oy + v * ey };
  };
  for (const [t, px, py] of [
    [0, ax, ay],
    [1, bx, by],
  ] as const) {
    const p = proj(px, py, cx, cy, sx, sy);
    cands.push({ dist: Math.hypot(px - p.qx, py - p.qy), x: (px + p.qx) / 2, y: (py + p.qy) / 2, t, u: p.v });
  }
  for (const [u, px, py] of [
    [0, cx, cy],
    [1, dx, dy],
  ] as const) {
    const p = proj(px, py, ax, ay, rx, ry);
    cands.push({ dist: Math.hypot(px - p.qx, py - p.qy), x: (px + p.qx) / 2, y: (py + p.qy) / 2, t: p.v, u });
  }
  return cands.reduce((a, b) => (b.dist < a.dist ? b : a));
}

/**
 * Pairs of links of different networks closer than the table's minimum clearance for their utilities (GB 50289):
 * links that cross in plan are judged on the vertical gap at the crossing; links that do not cross, on their closest
 * plan approach. One finding per pair (the worst). Links sharing a node (a connection between networks) are skipped.
 */
export function auditClearances(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  groundElevationM: number,
  table: ClearanceTable,
  origin: LonLat,
): ClearanceFinding[] {
  const plane = new LocalPlane(origin[0], origin[1]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const sections = links.map((l) => linkSection(l, byId, groundElevationM, plane));
  let maxH = 0,
    maxR = 0;
  for (const c of Object.values(table.between)) maxH = Math.max(maxH, c.horizontalM);
  for (const s of sections) maxR = Math.max(maxR, s.radiusM);
  const segLink: number[] = [];
  const segIdx: number[] = [];
  sections.forEach((s, li) => {
    for (let i = 0; i + 1 < s.axis.length; i++) {
      segLink.push(li);
      segIdx.push(i);
    }
  });
  if (segLink.length === 0) return [];
  const index = new Flatbush(segLink.length);
  for (let k = 0; k < segLink.length; k++) {
    const a = sections[segLink[k]!]!.axis[segIdx[k]!]!,
      b = sections[segLink[k]!]!.axis[segIdx[k]! + 1]!;
    index.add(Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y));
  }
  index.finish();
  const grow = maxH + 2 * maxR;
  interface PairState {
    crossing: { gap: number; x: number; y: number } | null;
    plan: { dist: number; x: number; y: number } | null;
  }
  const pairs = new Map<string, PairState>();
  for (let k = 0; k < segLink.length; k++) {
    const li = segLink[k]!;
    const la = links[li]!;
    const sa = sections[li]!;
    const a = sa.axis[segIdx[k]!]!,
      b = sa.axis[segIdx[k]! + 1]!;
    for (const m of index.search(
      Math.min(a.x, b.x) - grow,
      Math.min(a.y, b.y) - grow,
      Math.max(a.x, b.x) + grow,
      Math.max(a.y, b.y) + grow,
    )) {
      const lj = segLink[m]!;
      if (lj <= li) continue;
      const lb = links[lj]!;
      if (lb.networkId === la.networkId) continue;
      if (
        la.fromNodeId === lb.fromNodeId ||
        la.fromNodeId === lb.toNodeId ||
        la.toNodeId === lb.fromNodeId ||
        la.toNodeId === lb.toNodeId
      )
        continue;
      const sb = sections[lj]!;
      const c = sb.axis[segIdx[m]!]!,
        d = sb.axis[segIdx[m]! + 1]!;
      const r = segSegPlan(a.x, a.y, b.x, b.y, c.x, c.y, d.x, d.y);
      const key = `${li}:${lj}`;
      const state = pairs.get(key) ?? { crossing: null, plan: null };
      if (r.dist === 0) {
        const za = a.z + r.t * (b.z - a.z),
          zb = c.z + r.u * (d.z - c.z);
        const gap = Math.abs(za - zb) - sa.radiusM - sb.radiusM;
        if (state.crossing === null || gap < state.crossing.gap) state.crossing = { gap, x: r.x, y: r.y };
      } else {
        const dist = r.dist - sa.radiusM - sb.radiusM;
        if (state.plan === null || dist < state.plan.dist) state.plan = { dist, x: r.x, y: r.y };
      }
      pairs.set(key, state);
    }
  }
  const findings: ClearanceFinding[] = [];
  const round = (v: number) => Math.round(v * 1000) / 1000;
  for (const [key, state] of pairs) {
    const [li, lj] = key.split(':').map(Number) as [number, number];
    const la = links[li]!,
      lb = links[lj]!;
    const req = clearanceBetween(table, la.utility, lb.utility);
    const base = { linkA: la.id, linkB: lb.id, utilityA: la.utility, utilityB: lb.utility };
    if (state.crossing !== null) {
      if (state.crossing.gap < req.verticalM)
        findings.push({
          ...base,
          kind: 'vertical',
          distanceM: round(state.crossing.gap),
          requiredM: req.verticalM,
          location: plane.toLonLat(state.crossing.x, state.crossing.y) as LonLat,
        });
    } else if (state.plan !== null && state.plan.dist < req.horizontalM) {
      findings.push({
        ...base,
        kind: 'horizontal',
        distanceM: round(state.plan.dist),
        requiredM: req.horizontalM,
        location: plane.toLonLat(state.plan.x, state.plan.y) as LonLat,
      });
    }
  }
  return findings.sort((x, y) => x.distanceM - x.requiredM - (y.distanceM - y.requiredM));
}
