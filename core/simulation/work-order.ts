import { localDistanceM } from '../geo/index.js';
import type { LonLat, NetworkLink, NetworkNode } from '../model/index.js';
import type { TopologyGraph } from '../network/index.js';
import { polylineMidpoint } from '../grid/point-on-surface.js';

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
  valveLinks: readonly number[] = [],
): WorkOrderStep[] {
  const { graph } = net;
  const diameterAt = (v: number): number => {
    let d = 0;
    for (let k = graph.adjStart[v]!; k < graph.adjStart[v + 1]!; k++)
      d = Math.max(d, net.links[graph.adjLink[k]!]!.diameterMm);
    return d;
  };
  const remaining: Valve[] = [
    ...valves.map((v) => {
      const node = net.nodes[v]!;
      return {
        id: node.id,
        position: node.position,
        groundM: node.groundM,
        invertM: node.invertM,
        d: diameterAt(v),
        ...(typeof node.attributes.valveType === 'string' ? { valveType: node.attributes.valveType } : {}),
      };
    }),
    // A valve link (EPANET TCV, GPV...) is where its path's middle is; its chamber sits over the pipe between its ends.
    ...valveLinks.map((l) => {
      const link = net.links[l]!;
      const a = net.nodes[graph.linkFrom[l]!]!,
        b = net.nodes[graph.linkTo[l]!]!;
      return {
        id: link.id,
        position: polylineMidpoint(link.path),
        groundM: (a.groundM + b.groundM) / 2,
        invertM: (link.fromInvertM + link.toInvertM) / 2,
        d: link.diameterMm,
        ...(link.hydraulics?.valveType ? { valveType: link.hydraulics.valveType } : {}),
      };
    }),
  ];
  const steps: WorkOrderStep[] = [];
  let at = burstAt;
  while (remaining.length > 0) {
    const maxD = Math.max(...remaining.map((r) => r.d));
    let best = -1,
      bestDist = Infinity;
    remaining.forEach((r, i) => {
      if (r.d !== maxD) return;
      const dist = localDistanceM(at[0], at[1], r.position[0], r.position[1]);
      if (dist < bestDist - 1e-9 || (Math.abs(dist - bestDist) <= 1e-9 && r.id < remaining[best]!.id)) {
        best = i;
        bestDist = dist;
      }
    });
    const valve = remaining.splice(best, 1)[0]!;
    steps.push({
      step: steps.length + 1,
      action: 'close',
      valveId: valve.id,
      position: valve.position,
      groundM: valve.groundM,
      depthM: Math.round((valve.groundM - valve.invertM) * 100) / 100,
      mainDiameterMm: valve.d,
      ...(valve.valveType ? { valveType: valve.valveType } : {}),
      legM: Math.round(bestDist * 10) / 10,
      distanceFromBurstM:
        Math.round(localDistanceM(burstAt[0], burstAt[1], valve.position[0], valve.position[1]) * 10) / 10,
    });
    at = valve.position;
  }
  return steps;
}

interface Valve {
  id: string;
  position: LonLat;
  groundM: number;
  invertM: number;
  d: number;
  valveType?: string;
}
