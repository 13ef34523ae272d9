import { describe, expect, it } from 'vitest';
import { clearanceBetween, DEFAULT_CLEARANCE_TABLE } from '../../../core/excavation/index.js';
import { CROSSING_ANGLE_DEG, planAngleDeg, planApproach } from '../../../core/excavation/pair-geometry.js';
import type { Utility } from '../../../core/model/index.js';
import { buildTopologyGraph } from '../../../core/network/index.js';
import {
  cutSharedStretches,
  straightenKinkedEnds,
  trimDeadEndsBesideRoads,
  trimFoldedDeadEnds,
} from '../../../tiles/demo/carriageways.js';
import { polylineLength, type Xy } from '../../../tiles/demo/plane-geometry.js';
import type { RoadChain, RoadGraph, RoadSegment } from '../../../tiles/demo/road-graph.js';
import { LATERAL_OFFSET_M, UtilityLayout } from '../../../tiles/demo/utility-layout.js';
import { clearServiceAlong } from '../../../tiles/demo/water-network.js';

const UTILITIES = Object.keys(LATERAL_OFFSET_M) as Utility[];

/** A road graph of major roads from node positions and [from, to] pairs (straight segments). */
function roadGraph(nodes: Xy[], pairs: [number, number][]): RoadGraph {
  const segments: RoadSegment[] = pairs.map(([from, to], index) => {
    const points = [nodes[from]!, nodes[to]!];
    return { index, from, to, points, lengthM: polylineLength(points), roadClass: 'major' };
  });
  return {
    nodes,
    segments,
    topology: buildTopologyGraph(
      nodes.map((_, i) => ({ id: `${i}` })),
      pairs.map(([a, b], i) => ({ id: `${i}`, fromNodeId: `${a}`, toNodeId: `${b}` })),
    ),
    component: new Int32Array(nodes.length),
    componentLengthM: [segments.reduce((s, x) => s + x.lengthM, 0)],
  };
}

describe('a side road leaving a main road at a small angle', () => {
  // A straight east-west main road through node 1 and a side road leaving it eastward at 20 degrees.
  const rad = (20 * Math.PI) / 180;
  const roads = roadGraph(
    [
      [-300, 0],
      [0, 0],
      [300, 0],
      [250 * Math.cos(rad), 250 * Math.sin(rad)],
    ],
    [
      [0, 1],
      [1, 2],
      [1, 3],
    ],
  );
  const layout = new UtilityLayout(roads);

  it('keeps its lanes clear of the main road lanes of other utilities: it crosses them square, never alongside', () => {
    let crossings = 0;
    for (const u of UTILITIES) {
      const side = layout.path(u, 2);
      for (const w of UTILITIES) {
        if (w === u) continue;
        const required = clearanceBetween(DEFAULT_CLEARANCE_TABLE, u, w).horizontalM;
        for (const main of [layout.path(w, 0), layout.path(w, 1)])
          for (let i = 0; i + 1 < side.length; i++)
            for (let j = 0; j + 1 < main.length; j++) {
              const [a, b, c, d] = [side[i]!, side[i + 1]!, main[j]!, main[j + 1]!].map(([x, y]) => ({ x, y }));
              const near = planApproach(a!, b!, c!, d!);
              if (near.dist >= required) continue;
              // Within the clearance in plan: only as a crossing (one over the other), never side by side.
              expect(planAngleDeg(a!, b!, c!, d!), `${u} over ${w}`).toBeGreaterThanOrEqual(CROSSING_ANGLE_DEG);
              crossings++;
            }
      }
    }
    expect(crossings).toBeGreaterThan(10);
  });

  it('turns square to the main road where its lanes are clear of it, then follows its own lane to the corner', () => {
    for (const u of UTILITIES) {
      const side = layout.path(u, 2);
      const square = side.some((p, i) => {
        const q = side[i + 1];
        return q !== undefined && Math.abs(q[0] - p[0]) < 1e-6 && Math.abs(q[1] - p[1]) > 1;
      });
      expect(square, u).toBe(true);
      // The turn is where the lane stands beyond the main road's outermost lane (11.5 m) and its clearance.
      expect(Math.max(...side.map((p) => p[1])), u).toBeGreaterThanOrEqual(11.5 + 3);
    }
  });
});

/** Pairs of runs of different utilities closer in plan than their horizontal clearance at less than the crossing angle. */
function alongsideWithinClearance(layout: UtilityLayout, segments: number): string[] {
  const bad: string[] = [];
  for (const u of UTILITIES)
    for (const w of UTILITIES) {
      if (u >= w) continue;
      const required = clearanceBetween(DEFAULT_CLEARANCE_TABLE, u, w).horizontalM;
      for (let si = 0; si < segments; si++)
        for (let sj = 0; sj < segments; sj++) {
          const p = layout.path(u, si),
            q = layout.path(w, sj);
          for (let i = 0; i + 1 < p.length; i++)
            for (let j = 0; j + 1 < q.length; j++) {
              const [a, b, c, d] = [p[i]!, p[i + 1]!, q[j]!, q[j + 1]!].map(([x, y]) => ({ x, y }));
              if (planApproach(a!, b!, c!, d!).dist < required && planAngleDeg(a!, b!, c!, d!) < CROSSING_ANGLE_DEG)
                bad.push(`${u} on ${si} / ${w} on ${sj}`);
            }
        }
    }
  return bad;
}

describe('a second road crossing a junction straight through, bending there', () => {
  // A straight east-west main road, crossed at node 0 by a road bending 20 degrees (north arm at 80, south at 240).
  const at = (deg: number, r: number): Xy => [r * Math.cos((deg * Math.PI) / 180), r * Math.sin((deg * Math.PI) / 180)];
  const roads = roadGraph(
    [[0, 0], at(180, 300), at(0, 300), at(80, 300), at(240, 300)],
    [
      [1, 0],
      [0, 2],
      [3, 0],
      [0, 4],
    ],
  );
  const layout = new UtilityLayout(roads);

  it('bends its lanes at their own corners: no two runs of different utilities alongside within clearance', () => {
    expect(alongsideWithinClearance(layout, 4)).toEqual([]);
  });

  it('meets the main road at one point per utility, on the main road lane and on the crossing road lane', () => {
    for (const u of UTILITIES) {
      const j = layout.junctionPoint(u, 0);
      for (let s = 0; s < 4; s++) {
        const path = layout.path(u, s);
        const end = roads.segments[s]!.from === 0 ? path[0]! : path[path.length - 1]!;
        expect(end, `${u} on ${s}`).toEqual(j);
      }
      // On the main road's lane: its offset north or south of the east-west centreline.
      expect(Math.abs(j[1]), u).toBeCloseTo(Math.abs(LATERAL_OFFSET_M[u].major), 6);
    }
  });
});

describe('trimFoldedDeadEnds', () => {
  /** A dead end at vertex 0 running 100 m south and back up `gap` m beside itself to junction vertex 1. */
  function hairpin(gap: number): { points: Xy[]; chains: RoadChain[] } {
    const points: Xy[] = [
      [0, 0],
      [gap, 0],
      [gap + 80, 0],
    ];
    const chains: RoadChain[] = [
      {
        from: 0,
        to: 1,
        points: [
          [0, 0],
          [gap / 2, -100],
          [gap, 0],
        ],
        roadClass: 'major',
      },
      { from: 1, to: 2, points: [points[1]!, points[2]!], roadClass: 'minor' },
    ];
    return { points, chains };
  }

  it('starts a dead end that folds back beside itself at the fold', () => {
    const { points, chains } = hairpin(12);
    const out = trimFoldedDeadEnds(points, chains);
    const trimmed = out[0]!;
    expect(trimmed.to).toBe(1);
    expect(points[trimmed.from]).toEqual([6, -100]);
    expect(trimmed.points).toEqual([
      [6, -100],
      [12, 0],
    ]);
    expect(out.slice(1)).toEqual(chains.slice(1));
  });

  it('keeps a dead end whose legs stand farther apart than two carriageways', () => {
    const { points, chains } = hairpin(60);
    expect(trimFoldedDeadEnds(points, chains)[0]).toEqual(chains[0]);
  });
});

describe('trimDeadEndsBesideRoads', () => {
  /** An east-west road, and a road from vertex 3 north of it running south to a dead end `gap` m from it. */
  function deadEnd(gap: number): { points: Xy[]; chains: RoadChain[] } {
    const points: Xy[] = [
      [-150, 0],
      [150, 0],
      [0, gap],
      [0, 200],
      [100, 200],
    ];
    const chains: RoadChain[] = [
      { from: 0, to: 1, points: [points[0]!, points[1]!], roadClass: 'major' },
      { from: 3, to: 2, points: [points[3]!, points[2]!], roadClass: 'minor' },
      { from: 3, to: 4, points: [points[3]!, points[4]!], roadClass: 'minor' },
    ];
    return { points, chains };
  }

  it('cuts a dead end stopping inside another road corridor back to where it has left it', () => {
    const { points, chains } = deadEnd(10);
    const out = trimDeadEndsBesideRoads(points, chains);
    const trimmed = out[1]!;
    expect(trimmed.from).toBe(3);
    expect(points[trimmed.to]).toEqual([0, 26]);
    expect(trimmed.points).toEqual([
      [0, 200],
      [0, 26],
    ]);
    expect(out[0]).toEqual(chains[0]);
    expect(out[2]).toEqual(chains[2]);
  });

  it('drops a dead end that runs beside another road all along (a spur at a small angle)', () => {
    const points: Xy[] = [
      [0, 0],
      [200, 0],
      [-100, 0],
      [60, 12],
    ];
    const chains: RoadChain[] = [
      { from: 2, to: 0, points: [points[2]!, points[0]!], roadClass: 'major' },
      { from: 0, to: 1, points: [points[0]!, points[1]!], roadClass: 'major' },
      { from: 0, to: 3, points: [points[0]!, points[3]!], roadClass: 'minor' },
    ];
    expect(trimDeadEndsBesideRoads(points, chains)).toEqual(chains.slice(0, 2));
  });

  it('leaves a dead end stopping clear of other roads', () => {
    const { points, chains } = deadEnd(40);
    expect(trimDeadEndsBesideRoads(points, chains)).toEqual(chains);
  });
});

describe('cutSharedStretches', () => {
  /**
   * A straight east-west road 0-1 (300 m), and a road from vertex 2 in the north-west coming down beside it `gap` m
   * north of it from x = 50 to x = 150 and going back north to vertex 3: a road bending beside another, no shared node.
   */
  function besideRoad(gap: number): { points: Xy[]; chains: RoadChain[] } {
    const points: Xy[] = [
      [0, 0],
      [300, 0],
      [-50, 150],
      [250, 150],
    ];
    const chains: RoadChain[] = [
      { from: 0, to: 1, points: [points[0]!, points[1]!], roadClass: 'major' },
      {
        from: 2,
        to: 3,
        points: [points[2]!, [50, gap], [150, gap], points[3]!],
        roadClass: 'minor',
      },
    ];
    return { points, chains };
  }

  it('cuts the stretch a road runs beside another out of it, joining its two pieces to the other road', () => {
    const { points, chains } = besideRoad(8);
    const out = cutSharedStretches(points, chains);
    // The main road, split at the two feet; the side road's two pieces, from vertex 2 and to vertex 3.
    const mains = out.filter((c) => c.roadClass === 'major');
    const sides = out.filter((c) => c.roadClass === 'minor');
    expect(mains).toHaveLength(3);
    expect(mains[0]!.from).toBe(0);
    expect(mains[2]!.to).toBe(1);
    expect(sides).toHaveLength(2);
    expect(sides[0]!.from).toBe(2);
    expect(sides[1]!.to).toBe(3);
    // Each piece ends on the main road (at a split vertex of it), and no piece runs along it any more.
    const splitVertices = new Set(mains.flatMap((c) => [c.from, c.to]));
    expect(splitVertices.has(sides[0]!.to)).toBe(true);
    expect(splitVertices.has(sides[1]!.from)).toBe(true);
    for (const c of sides) {
      const along = c.points.filter(([, y]) => Math.abs(y!) < 25);
      expect(polylineLength(along.length > 1 ? along : [])).toBeLessThan(40);
    }
  });

  it('leaves a road that passes farther away than two carriageways alone', () => {
    const { points, chains } = besideRoad(40);
    expect(cutSharedStretches(points, chains)).toEqual(chains);
  });
});

describe('straightenKinkedEnds', () => {
  it('drops a short stub stepping sideways into a junction: the road runs straight from the node to its course', () => {
    const chain: RoadChain = {
      from: 0,
      to: 1,
      points: [
        [0, 0],
        [0, -10],
        [50, -10],
        [200, -10],
        [200, 5],
      ],
      roadClass: 'major',
    };
    const [out] = straightenKinkedEnds([chain]);
    // Both ends: the 10 m stub south at the head and the 15 m step north at the tail.
    expect(out!.points).toEqual([
      [0, 0],
      [50, -10],
      [200, 5],
    ]);
    expect([out!.from, out!.to]).toEqual([0, 1]);
  });

  it('drops a longer spike, a first edge the road turns back on', () => {
    const chain: RoadChain = {
      from: 0,
      to: 1,
      points: [
        [0, 0],
        [24, -18],
        [-100, -20],
      ],
      roadClass: 'major',
    };
    expect(straightenKinkedEnds([chain])[0]!.points).toEqual([
      [0, 0],
      [-100, -20],
    ]);
  });

  it('keeps a road whose first edges are long or turn gently', () => {
    const rad = (20 * Math.PI) / 180;
    const chains: RoadChain[] = [
      {
        from: 0,
        to: 1,
        points: [
          [0, 0],
          [10, 0],
          [10 + 100 * Math.cos(rad), 100 * Math.sin(rad)],
        ],
        roadClass: 'minor',
      },
      {
        from: 2,
        to: 3,
        points: [
          [0, 0],
          [30, 0],
          [30, 100],
        ],
        roadClass: 'minor',
      },
      // A spike longer than twice the kink length is a road's own course.
      {
        from: 4,
        to: 5,
        points: [
          [0, 0],
          [45, 0],
          [-100, 5],
        ],
        roadClass: 'minor',
      },
    ];
    expect(straightenKinkedEnds(chains)).toEqual(chains);
  });
});

describe('clearServiceAlong', () => {
  // A main along the x axis; services run north from their tee to a wall 15 m away.
  const service = (along: number): [Xy, Xy] => [
    [along, 0],
    [along, 15],
  ];

  it('moves a tee whose service would run beside another network run, to the nearest clear position', () => {
    const drop: Xy[] = [
      [10, -5],
      [10, 20],
    ];
    expect(clearServiceAlong(10, 0, 100, service, [drop])).toBe(8);
    expect(clearServiceAlong(10.5, 0, 100, service, [drop])).toBe(12.5);
  });

  it('keeps a tee whose service crosses the other runs square, or has nowhere clear to go', () => {
    const lane: Xy[] = [
      [-50, 5],
      [150, 5],
    ];
    expect(clearServiceAlong(10, 0, 100, service, [lane])).toBe(10);
    const drop: Xy[] = [
      [10, -5],
      [10, 20],
    ];
    expect(clearServiceAlong(10, 9, 11, service, [drop])).toBe(10);
  });
});
