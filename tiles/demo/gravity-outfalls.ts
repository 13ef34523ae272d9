import type { SeededRandom } from '../../core/random/index.js';
import type { DemoContext } from './demo-context.js';
import { projectOnPolyline, type Xy } from './plane-geometry.js';

/** Where a gravity network ends: the road node it leaves from, the outfall's position, and what receives it. */
export interface Outfall {
  readonly node: number;
  readonly position: Xy;
  readonly receiving: string;
}

/** Storm outfalls are road nodes this close to a river bank, m. */
const BANK_DISTANCE_M = 160;
/** Storm outfalls stand at least this far apart, m. */
const OUTFALL_SPACING_M = 450;

/**
 * Outfalls of a gravity network. Storm: road nodes near the Huangpu or Suzhou Creek banks, at least 450 m apart,
 * discharging at the nearest bank point. Sewer: one sewage pumping station per road component, near its edge.
 * A component without a bank gets a pumping-station style outfall for storm too. Road nodes in `taken` (where a
 * gas regulator's inlet already leaves the junction for the footway) are not chosen: the outfall, leaving the
 * junction for the bank or the edge, would run beside that inlet within their clearance.
 */
export function chooseOutfalls(
  ctx: DemoContext,
  utility: 'sewer' | 'storm',
  rng: SeededRandom,
  taken: ReadonlySet<number> = new Set(),
): Outfall[] {
  const { roads, layout } = ctx;
  const out: Outfall[] = [];
  roads.componentLengthM.forEach((_, c) => {
    const nodes = roads.nodes.map((_, i) => i).filter((i) => roads.component[i] === c);
    const picked: Outfall[] = [];
    if (utility === 'storm') {
      const near = nodes
        .map((v) => {
          const p = layout.junctionPoint('storm', v);
          let best = { d: Infinity, point: p, name: '' };
          for (const r of ctx.rivers) {
            const proj = projectOnPolyline(r.ring, p);
            if (proj.distance < best.d) best = { d: proj.distance, point: proj.point, name: r.name };
          }
          return { v, ...best, key: best.d + rng.next() * 40 };
        })
        .filter((x) => x.d < BANK_DISTANCE_M && !taken.has(x.v))
        .sort((a, b) => a.key - b.key || a.v - b.v);
      for (const x of near) {
        if (picked.some((o) => Math.hypot(o.position[0] - x.point[0], o.position[1] - x.point[1]) < OUTFALL_SPACING_M))
          continue;
        picked.push({ node: x.v, position: x.point, receiving: x.name });
      }
    }
    if (picked.length === 0) {
      const cx = nodes.reduce((s, v) => s + roads.nodes[v]![0], 0) / nodes.length;
      const cy = nodes.reduce((s, v) => s + roads.nodes[v]![1], 0) / nodes.length;
      const free = nodes.filter((v) => !taken.has(v));
      const far = [...(free.length > 0 ? free : nodes)].sort(
        (a, b) =>
          Math.hypot(roads.nodes[b]![0] - cx, roads.nodes[b]![1] - cy) -
            Math.hypot(roads.nodes[a]![0] - cx, roads.nodes[a]![1] - cy) || a - b,
      );
      const v = rng.pick(far.slice(0, 5));
      const p = layout.junctionPoint(utility, v);
      const l = Math.max(1e-9, Math.hypot(p[0] - cx, p[1] - cy));
      picked.push({
        node: v,
        position: [p[0] + ((p[0] - cx) / l) * 25, p[1] + ((p[1] - cy) / l) * 25],
        receiving: utility === 'sewer' ? 'sewage treatment plant (trunk sewer)' : 'river (pumped)',
      });
    }
    out.push(...picked);
  });
  return out;
}
