import Flatbush from 'flatbush';
import type { LonLat, NetworkLink, NetworkNode, Utility } from '../model/index.js';
import { clearanceBetween, type Clearance, type ClearanceTable } from './clearance-table.js';
import { linkSection } from './dig-check.js';
import { LocalPlane } from './local-plane.js';
import { judgeSegmentPair, type SegmentPairFinding } from './pair-geometry.js';

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

/**
 * Pairs of links of different networks closer than the table's minimum clearance for their utilities (GB 50289),
 * judged by geometry segment by segment (see pair-geometry.ts): runs side by side on their horizontal clearance,
 * crossings and approaches at an angle on the vertical gap where one passes the other. One finding per pair (the
 * worst). Links that meet (a shared node, the same end point, or services into the same building) are connections,
 * not findings.
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
  const worst = new Map<string, SegmentPairFinding & { requiredM: number }>();
  // Whether two links are judged at all, and against what, is a question of the link pair: asked once per pair, not
  // once per pair of their segments (null: same network, or links that meet). A link's segments come one after the
  // other, so the answers are kept for the current link only (`askedBy[lj]` is the link that asked about lj last).
  const askedBy = new Int32Array(links.length).fill(-1);
  const answer: (Clearance | null)[] = new Array<Clearance | null>(links.length).fill(null);
  const ruleOf = (li: number, lj: number): Clearance | null => {
    if (askedBy[lj] !== li) {
      const la = links[li]!,
        lb = links[lj]!;
      answer[lj] =
        lb.networkId === la.networkId || linksMeet(la, lb) ? null : clearanceBetween(table, la.utility, lb.utility);
      askedBy[lj] = li;
    }
    return answer[lj] ?? null;
  };
  for (let k = 0; k < segLink.length; k++) {
    const li = segLink[k]!;
    const sa = sections[li]!;
    const a = sa.axis[segIdx[k]!]!,
      b = sa.axis[segIdx[k]! + 1]!;
    // As far as the widest clearance reaches from this pipe's wall to the axis of the largest pipe.
    const grow = maxH + sa.radiusM + maxR;
    for (const m of index.search(
      Math.min(a.x, b.x) - grow,
      Math.min(a.y, b.y) - grow,
      Math.max(a.x, b.x) + grow,
      Math.max(a.y, b.y) + grow,
    )) {
      const lj = segLink[m]!;
      if (lj <= li) continue;
      const req = ruleOf(li, lj);
      if (req === null) continue;
      const sb = sections[lj]!;
      const c = sb.axis[segIdx[m]!]!,
        d = sb.axis[segIdx[m]! + 1]!;
      // Most neighbours lie farther apart than this pair's own clearance: their boxes tell without the exact test.
      const gx = Math.max(0, Math.min(c.x, d.x) - Math.max(a.x, b.x), Math.min(a.x, b.x) - Math.max(c.x, d.x)),
        gy = Math.max(0, Math.min(c.y, d.y) - Math.max(a.y, b.y), Math.min(a.y, b.y) - Math.max(c.y, d.y));
      if (gx * gx + gy * gy >= (req.horizontalM + sa.radiusM + sb.radiusM) ** 2) continue;
      const f = judgeSegmentPair(a, b, sa.radiusM, c, d, sb.radiusM, req);
      if (f === null) continue;
      const requiredM = f.kind === 'horizontal' ? req.horizontalM : req.verticalM;
      const key = `${li}:${lj}`;
      const prev = worst.get(key);
      if (prev === undefined || f.distanceM - requiredM < prev.distanceM - prev.requiredM)
        worst.set(key, { ...f, requiredM });
    }
  }
  const findings: ClearanceFinding[] = [];
  const round = (v: number) => Math.round(v * 1000) / 1000;
  for (const [key, f] of worst) {
    const [li, lj] = key.split(':').map(Number) as [number, number];
    const la = links[li]!,
      lb = links[lj]!;
    findings.push({
      kind: f.kind,
      linkA: la.id,
      linkB: lb.id,
      utilityA: la.utility,
      utilityB: lb.utility,
      distanceM: round(f.distanceM),
      requiredM: f.requiredM,
      location: plane.toLonLat(f.x, f.y) as LonLat,
    });
  }
  return findings.sort((x, y) => x.distanceM - x.requiredM - (y.distanceM - y.requiredM));
}

/** Same end point within a millimetre: links joined there, whatever their node ids. */
const MEET_TOLERANCE_DEG = 1e-8;

function samePoint(p: LonLat, q: LonLat): boolean {
  return Math.abs(p[0] - q[0]) < MEET_TOLERANCE_DEG && Math.abs(p[1] - q[1]) < MEET_TOLERANCE_DEG;
}

/** Whether two links are connected: a shared node, an end point in common, or services of the same building. */
export function linksMeet(la: NetworkLink, lb: NetworkLink): boolean {
  if (
    la.fromNodeId === lb.fromNodeId ||
    la.fromNodeId === lb.toNodeId ||
    la.toNodeId === lb.fromNodeId ||
    la.toNodeId === lb.toNodeId
  )
    return true;
  const a0 = la.path[0]!,
    a1 = la.path[la.path.length - 1]!,
    b0 = lb.path[0]!,
    b1 = lb.path[lb.path.length - 1]!;
  if (samePoint(a0, b0) || samePoint(a0, b1) || samePoint(a1, b0) || samePoint(a1, b1)) return true;
  const building = la.attributes['buildingId'];
  return typeof building === 'string' && building === lb.attributes['buildingId'];
}
