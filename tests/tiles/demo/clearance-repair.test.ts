import { describe, expect, it } from 'vitest';
import {
  auditClearances,
  DEFAULT_CLEARANCE_TABLE,
  LocalPlane,
  planAngleDeg,
  type ClearanceFinding,
} from '../../../core/excavation/index.js';
import type { LonLat, NetworkLink, NetworkNode, Utility } from '../../../core/model/index.js';
import { repairClearances, type RepairRules } from '../../../tiles/demo/clearance-repair.js';
import { MIN_SLOPE } from '../../../tiles/demo/gravity-design.js';

const ORIGIN: LonLat = [121.5, 31.24];
const GROUND_M = 4;
const plane = new LocalPlane(ORIGIN[0], ORIGIN[1]);
type Xy = [number, number];

const round8 = (v: number) => Math.round(v * 1e8) / 1e8;
const lonLat = ([x, y]: Xy): LonLat => {
  const [lon, lat] = plane.toLonLat(x, y);
  return [round8(lon), round8(lat)];
};
const xy = (p: readonly number[]): Xy => [plane.x(p[0]!), plane.y(p[1]!)];

/** Networks drawn in local metres: each run a link between two nodes of its own (or given ones). */
class Scene {
  readonly nodes: NetworkNode[] = [];
  readonly links: NetworkLink[] = [];

  node(id: string, utility: Utility, kind: NetworkNode['kind'], at: Xy, depthM: number): string {
    this.nodes.push({
      id,
      networkId: `net-${utility}`,
      utility,
      kind,
      position: lonLat(at),
      groundM: GROUND_M,
      invertM: GROUND_M - depthM,
      gridId: null,
      provenance: { source: 'test', synthetic: true },
      attributes: {},
    });
    return id;
  }

  run(
    id: string,
    utility: Utility,
    points: Xy[],
    depthM: number,
    opts: {
      from?: string;
      to?: string;
      diameterMm?: number;
      toDepthM?: number;
      attributes?: Record<string, number>;
    } = {},
  ): NetworkLink {
    const from = opts.from ?? this.node(`${id}-a`, utility, 'junction', points[0]!, depthM);
    const to =
      opts.to ?? this.node(`${id}-b`, utility, 'junction', points[points.length - 1]!, opts.toDepthM ?? depthM);
    let lengthM = 0;
    for (let k = 1; k < points.length; k++)
      lengthM += Math.hypot(points[k]![0] - points[k - 1]![0], points[k]![1] - points[k - 1]![1]);
    const link: NetworkLink = {
      id,
      networkId: `net-${utility}`,
      utility,
      kind: 'pipe',
      fromNodeId: from,
      toNodeId: to,
      path: points.map(lonLat),
      lengthM: Math.round(lengthM * 100) / 100,
      diameterMm: opts.diameterMm ?? 100,
      fromInvertM: GROUND_M - depthM,
      toInvertM: GROUND_M - (opts.toDepthM ?? depthM),
      gridId: null,
      provenance: { source: 'test', synthetic: true },
      attributes: opts.attributes ?? {},
    };
    this.links.push(link);
    return link;
  }
}

function audit(nodes: readonly NetworkNode[], links: readonly NetworkLink[]): ClearanceFinding[] {
  return auditClearances(nodes, links, GROUND_M, DEFAULT_CLEARANCE_TABLE, ORIGIN);
}

function repair(s: Scene, rules: Partial<RepairRules> = {}) {
  return repairClearances(s.nodes, s.links, audit(s.nodes, s.links), GROUND_M, DEFAULT_CLEARANCE_TABLE, ORIGIN, {
    moveRank: () => 0,
    ...rules,
  });
}

/** Least plan clear distance between two links (axis distance less both radii), m. */
function planClearM(a: NetworkLink, b: NetworkLink): number {
  const pa = a.path.map(xy),
    pb = b.path.map(xy);
  let best = Infinity;
  const toSeg = (p: Xy, c: Xy, d: Xy) => {
    const dx = d[0] - c[0],
      dy = d[1] - c[1],
      l2 = dx * dx + dy * dy;
    const t = l2 > 0 ? Math.max(0, Math.min(1, ((p[0] - c[0]) * dx + (p[1] - c[1]) * dy) / l2)) : 0;
    return Math.hypot(p[0] - c[0] - t * dx, p[1] - c[1] - t * dy);
  };
  for (const p of pa) for (let k = 1; k < pb.length; k++) best = Math.min(best, toSeg(p, pb[k - 1]!, pb[k]!));
  for (const p of pb) for (let k = 1; k < pa.length; k++) best = Math.min(best, toSeg(p, pa[k - 1]!, pa[k]!));
  return best - a.diameterMm / 2000 - b.diameterMm / 2000;
}

/** Every link still starts and ends exactly at its nodes. */
function expectJoined(nodes: readonly NetworkNode[], links: readonly NetworkLink[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const l of links) {
    expect(l.path[0], l.id).toEqual(byId.get(l.fromNodeId)!.position);
    expect(l.path[l.path.length - 1], l.id).toEqual(byId.get(l.toNodeId)!.position);
  }
}

describe('the clearance repair of the demo networks', () => {
  it('separates two parallel runs 0.3 m apart to their clearance, moving the lower-ranked one, ends in place', () => {
    const s = new Scene();
    const telecom = s.run(
      't',
      'telecom',
      [
        [-20, 0],
        [60, 0],
      ],
      1.0,
    );
    // A water main on the telecom bank's line 0.3 m clear of it (axes 0.4 m apart) for 20 m, 3 m off at its ends.
    const water = s.run(
      'w',
      'water',
      [
        [0, 3],
        [10, 0.4],
        [30, 0.4],
        [40, 3],
      ],
      1.4,
    );
    const before = audit(s.nodes, s.links);
    expect(before.map((f) => [f.kind, f.linkA, f.linkB, f.distanceM])).toEqual([['horizontal', 't', 'w', 0.3]]);
    const out = repair(s, { moveRank: (l) => (l.utility === 'water' ? 0 : 1) });
    expect(out.moved).toEqual(['w']);
    expect(audit(out.nodes, out.links)).toEqual([]);
    const moved = out.links.find((l) => l.id === 'w')!;
    expect(planClearM(moved, telecom)).toBeGreaterThanOrEqual(1.0);
    expect(out.links.find((l) => l.id === 't')).toBe(telecom);
    expect(moved.path[0]).toEqual(water.path[0]);
    expect(moved.path[moved.path.length - 1]).toEqual(water.path[water.path.length - 1]);
    expect(out.nodes).toEqual(s.nodes);
    expectJoined(out.nodes, out.links);
  });

  it('makes a run crossing another at a small angle cross it square instead', () => {
    const s = new Scene();
    const telecom = s.run(
      't',
      'telecom',
      [
        [-20, 0],
        [80, 0],
      ],
      1.0,
    );
    // 6 degrees across the telecom bank, well under it (the vertical clearance is 0.5 m).
    s.run(
      'w',
      'water',
      [
        [0, -3],
        [60, 3],
      ],
      2.0,
    );
    expect(audit(s.nodes, s.links).map((f) => f.kind)).toEqual(['horizontal']);
    const out = repair(s, { moveRank: (l) => (l.utility === 'water' ? 0 : 1) });
    expect(audit(out.nodes, out.links)).toEqual([]);
    const moved = out.links.find((l) => l.id === 'w')!.path.map(xy);
    const crossing = moved.findIndex((p, k) => k > 0 && Math.sign(p[1]) !== Math.sign(moved[k - 1]![1]));
    const [c, d] = [moved[crossing - 1]!, moved[crossing]!];
    const t = telecom.path.map(xy);
    expect(
      planAngleDeg(
        { x: c[0], y: c[1] },
        { x: d[0], y: d[1] },
        { x: t[0]![0], y: t[0]![1] },
        { x: t[1]![0], y: t[1]![1] },
      ),
    ).toBeGreaterThanOrEqual(30);
    expectJoined(out.nodes, out.links);
  });

  it('creates no new finding: a run with another network close on its far side moves across, not into it', () => {
    const s = new Scene();
    s.run(
      't',
      'telecom',
      [
        [-20, 0],
        [80, 0],
      ],
      1.0,
    );
    // The gas main at the water main's depth: the water main may not cross it.
    const gas = s.run(
      'g',
      'gas',
      [
        [-20, 1.3],
        [80, 1.3],
      ],
      2.0,
    );
    // Between them, 0.3 m clear of the telecom bank (1.0 m needed) and 0.8 m clear of the gas main (0.5 m needed).
    s.run(
      'w',
      'water',
      [
        [0, -6],
        [5, 0.4],
        [45, 0.4],
        [50, -6],
      ],
      2.0,
    );
    expect(audit(s.nodes, s.links).map((f) => [f.linkA, f.linkB])).toEqual([['t', 'w']]);
    const out = repair(s, { moveRank: (l) => (l.utility === 'water' ? 0 : 1) });
    expect(audit(out.nodes, out.links)).toEqual([]);
    const moved = out.links.find((l) => l.id === 'w')!;
    expect(out.links.find((l) => l.id === 'g')).toBe(gas);
    expect(planClearM(moved, gas)).toBeGreaterThanOrEqual(0.5);
    // Pushed straight away from the telecom bank it would have come within 0.5 m of the gas main: it went across.
    expect(Math.min(...moved.path.map((p) => xy(p)[1]))).toBeLessThan(-1);
    expectJoined(out.nodes, out.links);
  });

  it('keeps a gravity main at its self-cleansing slope: the pressure main beside it moves instead', () => {
    const s = new Scene();
    const d = 300;
    const slope = MIN_SLOPE[d]!;
    const sewer = s.run(
      's',
      'sewer',
      [
        [0, 0],
        [60, 0],
      ],
      2.5,
      {
        diameterMm: d,
        toDepthM: 2.5 + slope * 60,
        attributes: { slope },
      },
    );
    s.run(
      'w',
      'water',
      [
        [10, 3],
        [20, 0.9],
        [40, 0.9],
        [50, 3],
      ],
      1.4,
    );
    expect(audit(s.nodes, s.links)).toHaveLength(1);
    const out = repair(s, {
      // The sewer first, to see it refused: any longer run would fall under its minimum slope.
      moveRank: (l) => (l.utility === 'sewer' ? 0 : 1),
      acceptsLength: (l, lengthM) =>
        l.utility !== 'sewer' || (l.fromInvertM - l.toInvertM) / lengthM >= MIN_SLOPE[l.diameterMm]! - 1e-9,
    });
    expect(out.moved).toEqual(['w']);
    expect(out.links.find((l) => l.id === 's')).toBe(sewer);
    expect(audit(out.nodes, out.links)).toEqual([]);
  });

  it('moves a fitting a run ends at, with both its links, where the run cannot turn away before its end', () => {
    const s = new Scene();
    const telecom = s.run(
      't',
      'telecom',
      [
        [-20, 0],
        [40, 0],
      ],
      1.0,
    );
    // Two water pipes meet at a valve 1.0 m from the telecom bank's axis (0.9 m clear, 1.0 m needed), each leaving
    // it at 20 degrees: only their ends at the valve are too close, and an end cannot turn away.
    // At the telecom bank's depth, so that a steeper start (judged on the vertical gap) is no way out either.
    s.node('v', 'water', 'valve', [10, 1], 1.0);
    const k = 20 * Math.cos((20 * Math.PI) / 180),
      h = 20 * Math.sin((20 * Math.PI) / 180);
    s.run(
      'w1',
      'water',
      [
        [10, 1],
        [10 + k, 1 + h],
      ],
      1.4,
      { from: 'v' },
    );
    s.run(
      'w2',
      'water',
      [
        [10, 1],
        [10 - k, 1 + h],
      ],
      1.4,
      { from: 'v' },
    );
    expect(audit(s.nodes, s.links).map((f) => [f.kind, f.linkA, f.linkB])).toEqual([
      ['horizontal', 't', 'w1'],
      ['horizontal', 't', 'w2'],
    ]);
    const out = repair(s, {
      moveRank: (l) => (l.utility === 'water' ? 0 : 1),
      movesNode: (n) => n.kind === 'valve',
      // The telecom bank keeps its line (a dent in it would do too).
      acceptsLength: (l) => l.utility !== 'telecom',
    });
    expect(audit(out.nodes, out.links)).toEqual([]);
    const valve = out.nodes.find((n) => n.id === 'v')!;
    expect(valve.position).not.toEqual(s.nodes.find((n) => n.id === 'v')!.position);
    expect(out.links.find((l) => l.id === 't')).toBe(telecom);
    expect(out.links.map((l) => [l.id, l.fromNodeId, l.toNodeId])).toEqual(
      s.links.map((l) => [l.id, l.fromNodeId, l.toNodeId]),
    );
    expectJoined(out.nodes, out.links);
  });
});
