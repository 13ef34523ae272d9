import { shortestPathTree } from '../../core/network/index.js';
import type { Network, NetworkLink, NetworkNode } from '../../core/model/index.js';
import type { BuriedCrossings, Crossing } from './buried-crossings.js';
import type { DemoContext } from './demo-context.js';
import {
  fullBoreVelocity,
  gravityDiameterMm,
  shanghaiDesignIntensityLpsHa,
  STORM_DESIGN,
  MAX_INVERT_DEPTH_M,
  MAX_MANHOLE_SPACING_M,
  MIN_SLOPE,
  minDepthFor,
  SLOPE_SPREAD,
} from './gravity-design.js';
import { chooseOutfalls } from './gravity-outfalls.js';
import { interior, NetworkBuilder, SYNTHETIC_PROVENANCE } from './network-builder.js';
import { leftNormal, pointAlong, projectOnPolyline, subPolyline, type Xy } from './plane-geometry.js';

/** Sewer or storm network and the handles sensors and tests need. */
export interface GravityNetworkResult {
  readonly network: Network;
  readonly nodes: NetworkNode[];
  readonly links: NetworkLink[];
  readonly outfallNodeIds: string[];
  readonly liftStationIds: string[];
}

/**
 * A conduit while the network is designed. Sewer: `inflowM3s` is its own sewage and `flow` the accumulated flow.
 * Storm: `inflowM3s` is its own ψ·F (ha), `area` the accumulated ψ·F, `tcMin` the time of concentration at its head.
 */
interface Conduit {
  from: string;
  to: string;
  path: Xy[];
  lengthM: number;
  inflowM3s: number;
  segment: number;
  flow: number;
  d: number;
  area: number;
  tcMin: number;
}

/**
 * A gravity network (sewer or storm) on the roads: a shortest-path tree toward the outfalls decides which way each
 * road drains; roads off the tree drain both ways from two head manholes at their middle (shorter ones carry no
 * main). Manholes every 37-75 m, diameters growing downstream with the accumulated flow (sewage from building
 * population, storm runoff by the rational method), slopes at the self-cleansing minimum for the size (+0-30 %),
 * inverts falling downstream, drop connections where a shallow branch meets a deeper one, and a lift station
 * wherever a run would pass its deepest (the next run restarts shallow). Storm manholes get a kerb inlet each.
 * Every conduit goes under the links of the networks `laid` before it wherever it crosses one, by their GB 50289
 * vertical clearance (the pressure networks lie in shallower bands, depth-bands.ts; sewer goes under storm). No
 * outfall leaves from a road node in `taken` (see chooseOutfalls).
 */
export function buildGravityNetwork(
  ctx: DemoContext,
  utility: 'sewer' | 'storm',
  networkId: string,
  laid?: BuriedCrossings,
  taken?: ReadonlySet<number>,
): GravityNetworkResult {
  const rng = ctx.random.fork(utility);
  const { roads, layout, groundM } = ctx;
  const b = new NetworkBuilder(utility, networkId, ctx.frame, groundM);
  const outfalls = chooseOutfalls(ctx, utility, rng, taken);
  const tree = shortestPathTree(
    roads.topology,
    outfalls.map((o) => o.node),
    (l) => roads.segments[l]!.lengthM,
  );
  const junction = roads.nodes.map((_, v) =>
    b.addNode('manhole', layout.junctionPoint(utility, v), 0, { attributes: { roadNode: v } }),
  );
  const conduits: Conduit[] = [];
  const segLoad = new Float64Array(roads.segments.length);
  for (const site of ctx.sites) {
    segLoad[site.segment]! +=
      utility === 'sewer'
        ? (site.building.population * 200 * 0.9) / 86_400_000 // m³/s of sewage, 90 % of supply returns
        : (site.footprintM2 / 10_000) * STORM_DESIGN.roofCoefficient; // roof ψ·F in ha (the rational method sizes below)
  }
  const addRun = (seg: number, fromAlong: number, toAlong: number, head: string, tail: string): void => {
    const path = layout.path(utility, seg);
    const len = Math.abs(toAlong - fromAlong);
    const n = Math.max(1, Math.ceil(len / MAX_MANHOLE_SPACING_M));
    const dir = Math.sign(toAlong - fromAlong);
    let prev = head;
    for (let k = 1; k <= n; k++) {
      const a0 = fromAlong + (dir * len * (k - 1)) / n,
        a1 = fromAlong + (dir * len * k) / n;
      const next = k === n ? tail : b.addNode('manhole', pointAlong(path, a1), 0, { attributes: { roadSegment: seg } });
      const piece = dir > 0 ? subPolyline(path, a0, a1) : subPolyline(path, a1, a0).reverse();
      const seglen = layout.pathLength(utility, seg);
      const runoff =
        utility === 'storm' ? (((len / n) * STORM_DESIGN.stripWidthM) / 10_000) * STORM_DESIGN.stripCoefficient : 0; // road strip ψ·F, ha
      conduits.push({
        from: prev,
        to: next,
        path: piece,
        lengthM: len / n,
        inflowM3s: runoff + (segLoad[seg]! * (len / n)) / seglen,
        segment: seg,
        flow: 0,
        d: 0,
        area: 0,
        tcMin: 0,
      });
      prev = next;
    }
  };
  for (const seg of roads.segments) {
    const len = layout.pathLength(utility, seg.index);
    if (tree.parentLink[seg.to] === seg.index) addRun(seg.index, len, 0, junction[seg.to]!, junction[seg.from]!);
    else if (tree.parentLink[seg.from] === seg.index) addRun(seg.index, 0, len, junction[seg.from]!, junction[seg.to]!);
    else if (len >= 60) {
      // Two head manholes 3 m apart at the road's high point, each starting a run toward one end: every manhole
      // keeps a single outlet, so the network stays a tree.
      const path = layout.path(utility, seg.index);
      const headA = b.addNode('manhole', pointAlong(path, len / 2 - 1.5), 0, {
        attributes: { roadSegment: seg.index, role: 'head' },
      });
      const headB = b.addNode('manhole', pointAlong(path, len / 2 + 1.5), 0, {
        attributes: { roadSegment: seg.index, role: 'head' },
      });
      addRun(seg.index, len / 2 - 1.5, 0, headA, junction[seg.from]!);
      addRun(seg.index, len / 2 + 1.5, len, headB, junction[seg.to]!);
    }
  }
  const outfallIds: string[] = [];
  outfalls.forEach((o, i) => {
    const at = junction[o.node]!;
    const name =
      utility === 'storm'
        ? `雨水排放口 ${i + 1} / Storm outfall ${i + 1}`
        : `污水泵站 ${i + 1} (至污水处理厂) / Sewage pumping station ${i + 1} (to treatment)`;
    const id = b.addNode('outfall', o.position, 0, {
      name,
      attributes: {
        facility: utility === 'storm' ? 'river outfall (pumped in flood)' : 'sewage pumping station',
        receiving: o.receiving,
      },
    });
    outfallIds.push(id);
    const p0 = b.positionOf(at);
    conduits.push({
      from: at,
      to: id,
      path: [p0, o.position],
      lengthM: Math.hypot(o.position[0] - p0[0], o.position[1] - p0[1]),
      inflowM3s: 0,
      segment: -1,
      flow: 0,
      d: 0,
      area: 0,
      tcMin: 0,
    });
  });

  // Kahn order from the heads down: accumulate flow, grow diameters, then lay inverts.
  const outgoing = new Map<string, Conduit>();
  const indegree = new Map<string, number>();
  const incoming = new Map<string, Conduit[]>();
  for (const c of conduits) {
    outgoing.set(c.from, c);
    indegree.set(c.to, (indegree.get(c.to) ?? 0) + 1);
    const l = incoming.get(c.to);
    if (l) l.push(c);
    else incoming.set(c.to, [c]);
  }
  const used = new Set(conduits.flatMap((c) => [c.from, c.to]));
  const queue = b.nodes.filter((n) => used.has(n.id) && !indegree.get(n.id)).map((n) => n.id);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    order.push(v);
    const c = outgoing.get(v);
    if (!c) continue;
    const ins = incoming.get(v) ?? [];
    if (utility === 'storm') {
      // Rational method: the time of concentration is the longest inlet-plus-travel time from upstream.
      c.area = c.inflowM3s + ins.reduce((s, x) => s + x.area, 0);
      c.tcMin = ins.reduce<number>(
        (t, x) => Math.max(t, x.tcMin + x.lengthM / fullBoreVelocity(x.d, MIN_SLOPE[x.d]!) / 60),
        STORM_DESIGN.inletTimeMin,
      );
      c.flow = (shanghaiDesignIntensityLpsHa(STORM_DESIGN.returnPeriodYears, c.tcMin) * c.area) / 1000;
    } else c.flow = c.inflowM3s + ins.reduce((s, x) => s + x.flow, 0);
    c.d = gravityDiameterMm(c.flow, Math.max(300, ...ins.map((x) => x.d)));
    const left = indegree.get(c.to)! - 1;
    indegree.set(c.to, left);
    if (left === 0) queue.push(c.to);
  }
  const liftStationIds: string[] = [];
  const arrival = new Map<string, number>();
  const links: { c: Conduit; fromInvert: number; toInvert: number; slope: number }[] = [];
  for (const v of order) {
    const node = b.node(v);
    const c = outgoing.get(v);
    const shallowest = groundM - minDepthFor(c?.d ?? 300);
    node.invertM = Math.round(Math.min(shallowest, arrival.get(v) ?? Infinity) * 1000) / 1000;
    if (!c) continue;
    const slope = MIN_SLOPE[c.d]! * (1 + (SLOPE_SPREAD - 1) * rng.next() * 0.999);
    const crossed = laid?.crossings(c.path, utility, c.d / 2000) ?? [];
    let fromInvert = underCrossings(crossed, node.invertM, c.d, slope * c.lengthM, groundM);
    if (groundM - (fromInvert - slope * c.lengthM) > MAX_INVERT_DEPTH_M && node.kind === 'manhole') {
      // Too deep to go on by gravity: this manhole becomes a lift station pumping up to a shallow run.
      node.kind = 'pump';
      node.name = `提升泵站 / Lift station ${liftStationIds.length + 1}`;
      node.attributes = { ...node.attributes, role: 'lift-station' };
      liftStationIds.push(v);
      fromInvert = underCrossings(crossed, shallowest, c.d, slope * c.lengthM, groundM);
    } else node.invertM = Math.round(fromInvert * 1000) / 1000;
    fromInvert = node.kind === 'manhole' ? node.invertM : fromInvert;
    const toInvert = fromInvert - slope * c.lengthM;
    arrival.set(c.to, Math.min(arrival.get(c.to) ?? Infinity, toInvert));
    links.push({ c, fromInvert, toInvert, slope });
  }
  const years = new Map<number, number>();
  for (const { c, fromInvert, toInvert, slope } of links) {
    if (!years.has(c.segment)) years.set(c.segment, rng.int(1985, 2024));
    b.addLink(c.from, c.to, interior(c.path), {
      kind: 'conduit',
      diameterMm: c.d,
      fromInvertM: fromInvert,
      toInvertM: toInvert,
      material:
        c.d >= 800 ? 'reinforced concrete' : rng.chance(0.5) ? 'HDPE double-wall corrugated' : 'reinforced concrete',
      installYear: years.get(c.segment)!,
      ...(roads.segments[c.segment]?.name ? { name: roads.segments[c.segment]!.name } : {}),
      attributes: {
        role: c.segment < 0 ? 'outfall' : 'main',
        slope: Math.round(slope * 1e5) / 1e5,
        designFlowLps: Math.round(c.flow * 1e4) / 10,
        roadSegment: c.segment,
      },
    });
  }
  if (utility === 'storm')
    addInlets(
      b,
      links.map((l) => l.c),
      roads,
      laid,
      rng,
    );
  const network: Network = {
    id: networkId,
    utility,
    name: utility === 'sewer' ? '污水管网 (合成) / Sewer (synthetic)' : '雨水管网 (合成) / Storm drainage (synthetic)',
    provenance: { ...SYNTHETIC_PROVENANCE },
    metadata: {
      synthetic: true,
      seed: ctx.seed,
      generator: 'gridtwin-demo',
      system: 'separate',
      flowBasis:
        utility === 'sewer'
          ? 'population × 200 L/d × 0.9, no peaking'
          : `rational method, Shanghai DB31/T 1043-2017, P = ${STORM_DESIGN.returnPeriodYears} a, inlet time ${STORM_DESIGN.inletTimeMin} min`,
    },
  };
  return {
    network,
    nodes: b.nodes.filter((n) => used.has(n.id) || n.kind === 'inlet'),
    links: b.links,
    outfallNodeIds: outfallIds,
    liftStationIds,
  };
}

/** Margin over the vertical clearance at a crossing, m (the audit measures in its own plane: millimetres differ). */
const CROSSING_MARGIN_M = 0.02;

/**
 * The highest start invert, at most `fromInvertM`, at which a conduit of `diameterMm` falling `dropM` over its length
 * passes every crossing by its vertical clearance: above a crossed link where it already is, otherwise under it.
 */
function underCrossings(
  crossed: readonly Crossing[],
  fromInvertM: number,
  diameterMm: number,
  dropM: number,
  groundM: number,
): number {
  const d = diameterMm / 1000;
  let from = fromInvertM;
  for (let round = 0; round < 50; round++) {
    let lowered = false;
    for (const x of crossed) {
      const fall = dropM * x.t;
      const bottomDepth = groundM - (from - fall);
      const g = x.clearanceM + CROSSING_MARGIN_M;
      if (bottomDepth - d >= x.axisDepthM + x.radiusM + g || bottomDepth <= x.axisDepthM - x.radiusM - g) continue;
      from = groundM + fall - d - (x.axisDepthM + x.radiusM + g);
      lowered = true;
    }
    if (!lowered) break;
  }
  return from;
}

/** Length of a kerb inlet's lead, m: short, so it stays clear of the next utility out (gas) by its clearance. */
const INLET_LEAD_M = 1;

/**
 * A kerb inlet beside each intermediate storm manhole, on the side away from the road's centreline (the kerb), joined
 * by a short DN300 lead at 1 % (none where the lead would cross a link already laid).
 */
function addInlets(
  b: NetworkBuilder,
  conduits: Conduit[],
  roads: DemoContext['roads'],
  laid: BuriedCrossings | undefined,
  rng: { next(): number },
): void {
  for (const c of conduits) {
    if (c.segment < 0 || b.node(c.to).kind !== 'manhole' || b.node(c.to).attributes.roadNode !== undefined) continue;
    const p = b.positionOf(c.to);
    const a = pointAlong(c.path, Math.max(0, c.lengthM - 2));
    const n = leftNormal(a, p);
    rng.next(); // the side used to be drawn: keep the seed's stream
    const centre = roads.segments[c.segment]!.points;
    const out = (side: number): Xy => [p[0] + n[0] * INLET_LEAD_M * side, p[1] + n[1] * INLET_LEAD_M * side];
    const inletP =
      projectOnPolyline(centre, out(1)).distance >= projectOnPolyline(centre, out(-1)).distance ? out(1) : out(-1);
    // A shallow lead must not cross a cable bank or pipe, nor pass one (a service line) within their clearance: no
    // inlet there.
    if (laid?.nearest([inletP, p], 'storm', 0.15)) continue;
    const inv = b.groundM - 1.0;
    const inlet = b.addNode('inlet', inletP, inv, { attributes: { role: 'kerb-inlet' } });
    b.addLink(inlet, c.to, [], {
      kind: 'conduit',
      diameterMm: 300,
      fromInvertM: inv,
      toInvertM: inv - 0.01 * INLET_LEAD_M,
      material: 'PVC-U',
      attributes: { role: 'inlet-lead', slope: 0.01 },
    });
  }
}
