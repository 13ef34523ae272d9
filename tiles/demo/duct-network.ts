import { nodeDegree } from '../../core/network/index.js';
import type { Network, NetworkLink, NetworkNode } from '../../core/model/index.js';
import type { DemoContext } from './demo-context.js';
import { bandInvertM } from './depth-bands.js';
import { NetworkBuilder, SYNTHETIC_PROVENANCE } from './network-builder.js';
import { pointAlong, type Xy } from './plane-geometry.js';
import { evenStations, linkRun, type RunStation } from './run-along-road.js';

/** Power or telecom duct network and the handles sensors need. */
export interface DuctNetworkResult {
  readonly network: Network;
  readonly nodes: NetworkNode[];
  readonly links: NetworkLink[];
  readonly substationIds: string[];
}

/** Pull chambers (工井) stand at most this far apart on straight runs, m. */
const MAX_CHAMBER_SPACING_M = 120;

/**
 * A cable duct-bank network under the footways: banks along every road (power 10 kV banks 600-800 mm envelopes,
 * telecom 500-600 mm), cable chambers at junctions and every ≤ 120 m, street cabinets (power ring-main units,
 * telecom cross-connect cabinets) at some minor-road junctions, and for power 110/10 kV substations beside a few
 * major-road junctions. Bank tops at their band's depth (depth-bands.ts).
 */
export function buildDuctNetwork(ctx: DemoContext, utility: 'power' | 'telecom', networkId: string): DuctNetworkResult {
  const rng = ctx.random.fork(utility);
  const { roads, layout, groundM } = ctx;
  const topo = roads.topology;
  const b = new NetworkBuilder(utility, networkId, ctx.frame, groundM);
  const envelope = (major: boolean): number => (utility === 'power' ? (major ? 800 : 600) : major ? 600 : 500);
  const major = roads.nodes.map((_, v) => {
    for (let k = topo.adjStart[v]!; k < topo.adjStart[v + 1]!; k++)
      if (roads.segments[topo.adjLink[k]!]!.roadClass === 'major') return true;
    return false;
  });
  const junction = roads.nodes.map((_, v) => {
    // Cabinets go at about a third of the minor-road junctions; chambers everywhere else.
    const cabinet = !major[v] && nodeDegree(topo, v) >= 3 && rng.chance(0.35);
    return b.addNode(
      cabinet ? 'cabinet' : 'chamber',
      layout.junctionPoint(utility, v),
      bandInvertM(utility, groundM, envelope(true)) - 0.3,
      {
        attributes: {
          roadNode: v,
          role: cabinet ? (utility === 'power' ? 'ring main unit' : 'cross-connect cabinet') : 'cable chamber',
        },
      },
    );
  });
  for (const seg of roads.segments) {
    const path = layout.path(utility, seg.index);
    const len = layout.pathLength(utility, seg.index);
    const d = envelope(seg.roadClass === 'major');
    const inv = bandInvertM(utility, groundM, d);
    const stations: RunStation[] = [
      { along: 0, nodeId: junction[seg.from]! },
      ...evenStations(len, MAX_CHAMBER_SPACING_M).map((a) => ({
        along: a,
        nodeId: b.addNode('chamber', pointAlong(path, a), inv - 0.3, {
          attributes: { roadSegment: seg.index, role: 'cable chamber' },
        }),
      })),
      { along: len, nodeId: junction[seg.to]! },
    ];
    const ways = utility === 'power' ? (seg.roadClass === 'major' ? 12 : 6) : seg.roadClass === 'major' ? 9 : 4;
    linkRun(b, path, stations, () => ({
      kind: 'duct',
      diameterMm: d,
      fromInvertM: inv,
      toInvertM: inv,
      material: utility === 'power' ? 'MPP duct bank in concrete' : 'PVC/HDPE duct bank',
      installYear: rng.int(1995, 2024),
      ...(seg.name ? { name: seg.name } : {}),
      attributes: { role: 'duct bank', ways, envelope: `${d}x${Math.round(d * 0.6)}`, roadSegment: seg.index },
    }));
  }
  const substationIds: string[] = [];
  if (utility === 'power') {
    roads.componentLengthM.forEach((lengthM, c) => {
      const candidates = roads.nodes.map((_, i) => i).filter((v) => roads.component[v] === c && major[v]);
      const count = lengthM > 30_000 ? 2 : 1;
      const chosen: number[] = [];
      for (let k = 0; k < count && candidates.length > 0; k++) {
        const pool =
          chosen.length === 0
            ? candidates
            : [...candidates].sort((x, y) => dist(roads, y, chosen) - dist(roads, x, chosen) || x - y).slice(0, 8);
        chosen.push(rng.pick(pool));
      }
      for (const v of chosen) {
        const jp = b.positionOf(junction[v]!);
        const rp = roads.nodes[v]!;
        const dx = jp[0] - rp[0],
          dy = jp[1] - rp[1],
          l = Math.max(1e-9, Math.hypot(dx, dy));
        const pos: Xy = [jp[0] + (dx / l) * 15, jp[1] + (dy / l) * 15];
        const id = b.addNode('substation', pos, groundM - 2, {
          name: `110kV 变电站 ${substationIds.length + 1} / 110/10 kV substation ${substationIds.length + 1}`,
          attributes: { role: 'substation', voltageKv: '110/10' },
        });
        substationIds.push(id);
        b.addLink(id, junction[v]!, [], {
          kind: 'duct',
          diameterMm: 800,
          fromInvertM: bandInvertM('power', groundM, 800),
          toInvertM: bandInvertM('power', groundM, 800),
          material: 'MPP duct bank in concrete',
          installYear: rng.int(2000, 2020),
          attributes: { role: 'substation outlet', ways: 16 },
        });
      }
    });
  }
  const network: Network = {
    id: networkId,
    utility,
    name:
      utility === 'power' ? '电力排管 (合成) / Power ducts (synthetic)' : '通信管道 (合成) / Telecom ducts (synthetic)',
    provenance: { ...SYNTHETIC_PROVENANCE },
    metadata: {
      synthetic: true,
      seed: ctx.seed,
      generator: 'gridtwin-demo',
      diameterMeaning: 'duct bank envelope width, mm',
    },
  };
  return { network, nodes: b.nodes, links: b.links, substationIds };
}

function dist(roads: DemoContext['roads'], v: number, chosen: number[]): number {
  return Math.min(
    ...chosen.map((u) => Math.hypot(roads.nodes[u]![0] - roads.nodes[v]![0], roads.nodes[u]![1] - roads.nodes[v]![1])),
  );
}
