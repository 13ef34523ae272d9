import { nodeDegree } from '../../core/network/index.js';
import { UTILITIES, type Network, type NetworkLink, type NetworkNode } from '../../core/model/index.js';
import type { DemoContext } from './demo-context.js';
import { bandInvertM } from './depth-bands.js';
import { NetworkBuilder, SYNTHETIC_PROVENANCE } from './network-builder.js';
import { pointAlong, projectOnPolyline, type Xy } from './plane-geometry.js';
import { linkRun, type RunStation } from './run-along-road.js';

/** Gas network and the handles sensors need. */
export interface GasNetworkResult {
  readonly network: Network;
  readonly nodes: NetworkNode[];
  readonly links: NetworkLink[];
  readonly regulatorIds: string[];
}

/** Roughly one district regulator per this much main, m. */
const MAIN_PER_REGULATOR_M = 6000;

/**
 * Medium-pressure (0.2-0.4 MPa) gas mains on every road, PE100 DN100-DN300 in the gas band (depth-bands.ts), on the opposite
 * side of the carriageway from water; a gate station per road component where the high-pressure feed arrives,
 * district regulators (medium to low pressure) spread over the mains, and an isolation valve on each branch of
 * every junction where a major road meets three or more mains.
 */
export function buildGasNetwork(ctx: DemoContext, networkId: string): GasNetworkResult {
  const rng = ctx.random.fork('gas');
  const { roads, layout, groundM } = ctx;
  const topo = roads.topology;
  const b = new NetworkBuilder('gas', networkId, ctx.frame, groundM);
  const diameter = roads.segments.map((s) =>
    s.roadClass === 'major' ? rng.pick([200, 250, 300]) : rng.pick([100, 150]),
  );
  const year = roads.segments.map(() => rng.int(1995, 2024));
  const onMajor = roads.nodes.map((_, v) => {
    for (let k = topo.adjStart[v]!; k < topo.adjStart[v + 1]!; k++)
      if (roads.segments[topo.adjLink[k]!]!.roadClass === 'major') return true;
    return false;
  });
  const valveAt = roads.nodes.map((_, v) => onMajor[v]! && nodeDegree(topo, v) >= 3);
  const junction = roads.nodes.map((_, v) =>
    b.addNode('junction', layout.junctionPoint('gas', v), bandInvertM('gas', groundM, 300), {
      attributes: { roadNode: v },
    }),
  );
  for (const seg of roads.segments) {
    const path = layout.path('gas', seg.index);
    const len = layout.pathLength('gas', seg.index);
    const d = diameter[seg.index]!;
    const inv = bandInvertM('gas', groundM, d);
    const stations: RunStation[] = [{ along: 0, nodeId: junction[seg.from]! }];
    const setback = Math.min(5, len * 0.15);
    if (valveAt[seg.from])
      stations.push({
        along: setback,
        nodeId: b.addNode('valve', pointAlong(path, setback), inv, {
          normallyOpen: true,
          attributes: { valveType: 'ball', roadSegment: seg.index },
        }),
      });
    if (valveAt[seg.to])
      stations.push({
        along: len - setback,
        nodeId: b.addNode('valve', pointAlong(path, len - setback), inv, {
          normallyOpen: true,
          attributes: { valveType: 'ball', roadSegment: seg.index },
        }),
      });
    stations.push({ along: len, nodeId: junction[seg.to]! });
    linkRun(b, path, stations, () => ({
      kind: 'pipe',
      diameterMm: d,
      fromInvertM: inv,
      toInvertM: inv,
      material: d >= 300 ? 'steel' : 'PE100 SDR11',
      installYear: year[seg.index]!,
      ...(seg.name ? { name: seg.name } : {}),
      attributes: { role: 'medium-pressure main', pressureClass: 'MP-B 0.2-0.4 MPa', roadSegment: seg.index },
    }));
  }
  // Gate stations at the far edge of each component, then district regulators by farthest-point spreading.
  const regulatorIds: string[] = [];
  const picked: number[] = [];
  roads.componentLengthM.forEach((lengthM, c) => {
    const nodes = roads.nodes.map((_, i) => i).filter((i) => roads.component[i] === c);
    const first = rng.pick(nodes);
    const chosen = [first];
    const count = Math.max(2, Math.round(lengthM / MAIN_PER_REGULATOR_M));
    while (chosen.length < count + 1) {
      let best = -1,
        bestD = -1;
      for (const v of nodes) {
        const d = Math.min(
          ...chosen.map((u) =>
            Math.hypot(roads.nodes[u]![0] - roads.nodes[v]![0], roads.nodes[u]![1] - roads.nodes[v]![1]),
          ),
        );
        if (d > bestD) {
          bestD = d;
          best = v;
        }
      }
      chosen.push(best);
    }
    // The first farthest point is on the edge: the gate station; the others are district regulators.
    chosen.slice(1).forEach((v, i) => picked.push(i === 0 ? -v - 1 : v));
  });
  picked.forEach((code, i) => {
    const gate = code < 0;
    const v = gate ? -code - 1 : code;
    const jp = b.positionOf(junction[v]!);
    const rp = layout.junctionPoint('telecom', v);
    const l = Math.max(1e-9, Math.hypot(rp[0] - jp[0], rp[1] - jp[1]));
    // Regulator cabinets stand beside the road on the footway side, halfway from the main to the telecom lane: their
    // inlet stays between the two lanes (6 m out, it reached past the telecom lane's corner and ran along its bend).
    // Where the lanes end or turn, the footway direction can run along another lane's last metres: then the cabinet
    // turns to the direction that keeps its inlet farthest from the other networks' lanes at the node.
    const out = Math.max(1.5, l / 2);
    const [dx, dy] = cabinetOffset(ctx, v, jp, [(rp[0] - jp[0]) / l, (rp[1] - jp[1]) / l], out);
    const pos: Xy = [jp[0] + dx, jp[1] + dy];
    const id = b.addNode('regulator', pos, groundM - 0.5, {
      name: gate ? `燃气门站 / Gas gate station ${i + 1}` : `区域调压站 ${i + 1} / District regulator ${i + 1}`,
      attributes: gate
        ? { role: 'gate-station', inletPressureMPa: 1.6, outletPressureMPa: 0.4 }
        : { role: 'district-regulator', inletPressureMPa: 0.4, outletPressureMPa: 0.0025 },
    });
    regulatorIds.push(id);
    b.addLink(id, junction[v]!, [], {
      kind: 'pipe',
      diameterMm: gate ? 300 : 100,
      fromInvertM: bandInvertM('gas', groundM, gate ? 300 : 100),
      toInvertM: bandInvertM('gas', groundM, gate ? 300 : 100),
      material: 'steel',
      installYear: rng.int(2000, 2024),
      attributes: { role: gate ? 'gate-station outlet' : 'regulator inlet' },
    });
  });
  const network: Network = {
    id: networkId,
    utility: 'gas',
    name: '燃气管网 (合成) / Gas (synthetic)',
    provenance: { ...SYNTHETIC_PROVENANCE },
    metadata: {
      synthetic: true,
      seed: ctx.seed,
      generator: 'gridtwin-demo',
      pressureClass: 'medium pressure B (0.2-0.4 MPa)',
    },
  };
  return { network, nodes: b.nodes, links: b.links, regulatorIds };
}

/** Centreline distance that keeps an inlet clear of every other network's lane (GB 50289 clearance, pipe radii), m. */
const INLET_CLEAR_M = 2.5;

/**
 * Offset of a regulator's cabinet from the gas junction at road node `v`: `out` metres along the footway direction
 * `preferred` when its inlet keeps {@link INLET_CLEAR_M} from the other networks' lanes of the node's roads, else the
 * one of 16 compass directions farthest from them; at a tight node, a shorter inlet (1 m) if that one is clear.
 */
function cabinetOffset(ctx: DemoContext, v: number, jp: Xy, preferred: Xy, out: number): Xy {
  const { roads, layout } = ctx;
  const topo = roads.topology;
  const lanes: Xy[][] = [];
  for (let k = topo.adjStart[v]!; k < topo.adjStart[v + 1]!; k++)
    for (const u of UTILITIES) if (u !== 'gas') lanes.push(layout.path(u, topo.adjLink[k]!));
  const clearance = (d: Xy) => {
    let min = Infinity;
    for (let i = 1; i <= 4; i++) {
      const p: Xy = [jp[0] + (d[0] * i) / 4, jp[1] + (d[1] * i) / 4];
      for (const lane of lanes) min = Math.min(min, projectOnPolyline(lane, p).distance);
    }
    return min;
  };
  let best: Xy = [preferred[0] * out, preferred[1] * out],
    bestClear = clearance(best);
  if (bestClear >= INLET_CLEAR_M) return best;
  for (const length of [out, Math.min(out, 1)])
    for (let i = 0; i < 16; i++) {
      const a = (i * Math.PI) / 8;
      const d: Xy = [Math.cos(a) * length, Math.sin(a) * length];
      const c = clearance(d);
      if (c > bestClear + 0.05) {
        best = d;
        bestClear = c;
      }
    }
  return best;
}
