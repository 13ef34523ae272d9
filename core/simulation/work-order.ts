import { localDistanceM } from '../geo/index.js';
import type { LonLat, NetworkLink, NetworkNode } from '../model/index.js';
import type { TopologyGraph } from '../network/index.js';

/** One step of a crew work order: which valve, where, how deep, and why in this place of the order. */
export interface WorkOrderStep {
  step: number;
  action: 'close';
  valveId: string;
  position: LonLat;
  /** Ground level and depth of the valve (ground minus invert), m. */
  groundM: number;
  depthM: number;
  /** Largest diameter of the pipes at the valve, mm. */
  mainDiameterMm: number;
  valveType?: string;
  /** Walking distance along the order from the previous step (the burst for step 1), straight line, m. */
  legM: number;
  distanceFromBurstM: number;
}

/**
 * Orders the valves to close: the largest mains first (they feed most of the leak, so closing them first cuts the
 * loss soonest), and within one diameter the nearest next valve, starting from the burst (a short walk between
 * chambers). Ties resolve by valve id, so the order is deterministic.
 */
export function crewWorkOrder(
  net: {
    readonly nodes: readonly NetworkNode[];
    readonly links: readonly NetworkLink[];
    readonly graph: TopologyGraph;
  },
  valves: readonly number[],
  burstAt: LonLat,
): WorkOrderStep[] {
  const { graph } = net;
  const diameterAt = (v: number): number => {
    let d = 0;
    for (let k = graph.adjStart[v]!; k < graph.adjStart[v + 1]!; k++)
      d = Math.max(d, net.links[graph.adjLink[k]!]!.diameterMm);
    return d;
  };
  const remaining = valves.map((v) => ({ v, node: net.nodes[v]!, d: diameterAt(v) }));
  const steps: WorkOrderStep[] = [];
  let at = burstAt;
  while (remaining.length > 0) {
    const maxD = Math.max(...remaining.map((r) => r.d));
    let best = -1,
      bestDist = Infinity;
    remaining.forEach((r, i) => {
      if (r.d !== maxD) return;
      const dist = localDistanceM(at[0], at[1], r.node.position[0], r.node.position[1]);
      if (dist < bestDist - 1e-9 || (Math.abs(dist - bestDist) <= 1e-9 && r.node.id < remaining[best]!.node.id)) {
        best = i;
        bestDist = dist;
      }
    });
    const { node, d } = remaining.splice(best, 1)[0]!;
    steps.push({
      step: steps.length + 1,
      action: 'close',
      valveId: node.id,
      position: node.position,
      groundM: node.groundM,
      depthM: Math.round((node.groundM - node.invertM) * 100) / 100,
      mainDiameterMm: d,
      ...(typeof node.attributes.valveType === 'string' ? { valveType: node.attributes.valveType } : {}),
      legM: Math.round(bestDist * 10) / 10,
      distanceFromBurstM:
        Math.round(localDistanceM(burstAt[0], burstAt[1], node.position[0], node.position[1]) * 10) / 10,
    });
    at = node.position;
  }
  return steps;
}
