import type { SeededRandom } from '../../core/random/index.js';
import type { Xy } from './plane-geometry.js';
import type { RoadClass, RoadGraph } from './road-graph.js';

/** Standard main sizes, mm. */
const MAIN_SIZES = [150, 200, 300, 400, 500, 600, 800, 1000, 1200];
/** Standard service sizes, mm. */
const SERVICE_SIZES = [25, 32, 40, 50, 65, 80, 100];

/**
 * Main diameter for a carried average flow: peak hour 1.5× plus 15 L/s fire flow at ≤ 1.2 m/s, rounded up to a
 * standard size, at least DN300 on major roads (trunks) and DN150 elsewhere.
 */
export function mainDiameterMm(avgFlowLps: number, roadClass: RoadClass): number {
  const q = (1.5 * avgFlowLps + 15) / 1000;
  const d = Math.sqrt((4 * q) / (Math.PI * 1.2)) * 1000;
  const min = roadClass === 'major' ? 300 : 150;
  return MAIN_SIZES.find((s) => s >= d && s >= min) ?? MAIN_SIZES[MAIN_SIZES.length - 1]!;
}

/** Service diameter for a building's average demand: peak 3× at ≤ 1.5 m/s, DN25-DN100 (large sites get several). */
export function serviceDiameterMm(avgDemandLps: number): number {
  const d = Math.sqrt((4 * 3 * avgDemandLps) / 1000 / (Math.PI * 1.5)) * 1000;
  return SERVICE_SIZES.find((s) => s >= d) ?? 100;
}

/** A water-plant feed point: a road node at the district's edge and the outward direction to put the inflow. */
export interface FeedPoint {
  readonly node: number;
  readonly outward: Xy;
}

/**
 * Feed points: per road component, a node on a major road far from the component's centre (two, on opposite sides,
 * for components over 20 km of road, as supply zones are fed from two directions), picked with the seed.
 */
export function chooseFeedNodes(roads: RoadGraph, rng: SeededRandom): FeedPoint[] {
  const feeds: FeedPoint[] = [];
  roads.componentLengthM.forEach((lengthM, c) => {
    const nodes = roads.nodes.map((_, i) => i).filter((i) => roads.component[i] === c);
    const onMajor = nodes.filter((v) => {
      for (let k = roads.topology.adjStart[v]!; k < roads.topology.adjStart[v + 1]!; k++) {
        if (roads.segments[roads.topology.adjLink[k]!]!.roadClass === 'major') return true;
      }
      return false;
    });
    const pool = onMajor.length > 0 ? onMajor : nodes;
    const cx = nodes.reduce((s, v) => s + roads.nodes[v]![0], 0) / nodes.length;
    const cy = nodes.reduce((s, v) => s + roads.nodes[v]![1], 0) / nodes.length;
    const far = [...pool].sort((a, b) => dist(roads.nodes[b]!, cx, cy) - dist(roads.nodes[a]!, cx, cy) || a - b);
    const first = rng.pick(far.slice(0, 3));
    const out = (v: number): Xy => {
      const p = roads.nodes[v]!;
      const l = Math.max(1e-9, dist(p, cx, cy));
      return [(p[0] - cx) / l, (p[1] - cy) / l];
    };
    feeds.push({ node: first, outward: out(first) });
    if (lengthM > 20_000) {
      const fp = roads.nodes[first]!;
      const opposite = [...pool].sort(
        (a, b) => dist(roads.nodes[b]!, fp[0], fp[1]) - dist(roads.nodes[a]!, fp[0], fp[1]) || a - b,
      );
      const second = rng.pick(opposite.slice(0, 3));
      if (second !== first) feeds.push({ node: second, outward: out(second) });
    }
  });
  return feeds;
}

function dist(p: Xy, x: number, y: number): number {
  return Math.hypot(p[0] - x, p[1] - y);
}

/** Keeps hydrants apart: a hydrant is placed only when none stands within `minSpacingM`. */
export class HydrantSpacer {
  private readonly cells = new Map<string, Xy[]>();
  constructor(private readonly minSpacingM: number) {}
  tryPlace(p: Xy): boolean {
    const s = this.minSpacingM;
    const cx = Math.floor(p[0] / s),
      cy = Math.floor(p[1] / s);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of this.cells.get(`${cx + dx},${cy + dy}`) ?? [])
          if (Math.hypot(q[0] - p[0], q[1] - p[1]) < s) return false;
      }
    const key = `${cx},${cy}`;
    const cell = this.cells.get(key);
    if (cell) cell.push(p);
    else this.cells.set(key, [p]);
    return true;
  }
}
