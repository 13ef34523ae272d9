import { EnuFrame, multiPolygonAreaM2 } from '../geo/index.js';
import type { Building, NetworkLink, NetworkNode } from '../model/index.js';
import {
  chicagoHyetograph,
  SHANGHAI_STORM_FORMULA,
  type Hyetograph,
  type StormIntensityFormula,
} from './design-storm.js';
import { routeGravityNetwork, type GravityConduit, type GravityRoutingOptions } from './gravity-routing.js';

/** A design storm on a sewer or storm network. */
export interface StormEventInput {
  readonly formula?: StormIntensityFormula;
  /**
   * Rain to use instead of the formula's design storm (e.g. {@link hyetographFromGauges}); its blocks set the step
   * and the duration (`stepMin`, `durationMin`, `returnPeriodYears` are then ignored; the return period is reported as 0).
   */
  readonly hyetograph?: Hyetograph;
  /** Name reported for an explicit hyetograph. @default 'observed rainfall' */
  readonly hyetographName?: string;
  /** @default 3 (years) */
  readonly returnPeriodYears?: number;
  /** @default 120 (min) */
  readonly durationMin?: number;
  /** Routing step, min. @default 1 */
  readonly stepMin?: number;
  /** Minutes simulated after the rain stops. @default 60 */
  readonly afterMin?: number;
  /** Runoff coefficient of roofs. @default 0.9 (GB 50014 屋面) */
  readonly roofCoefficient?: number;
  /** Paved strip draining to each conduit (road and pavement) and its runoff coefficient. @default 20 m, 0.85 */
  readonly stripWidthM?: number;
  readonly stripCoefficient?: number;
  /** Share of runoff entering the network (1 for storm sewers; inflow/infiltration share for separate foul sewers). */
  readonly inflowShare?: number;
  /** Surface collection time: a linear reservoir with this lag, min. @default 10 (GB 50014: 5-15 min) */
  readonly inletTimeMin?: number;
  /** Every how many steps the playback keeps a frame. @default 5 */
  readonly frameEvery?: number;
  readonly routing?: GravityRoutingOptions;
}

/** A manhole's story during the storm. */
export interface ManholeOutcome {
  nodeId: string;
  position: [number, number];
  peakDepthM: number;
  /** Minutes from the start of rain. */
  peakAtMin: number;
  surchargedMin: number;
  floodedMin: number;
  firstFloodAtMin: number | null;
  floodVolumeM3: number;
}

/** Result of a storm simulation: the storm, what surcharges and floods, and frames for playback. */
export interface StormEventResult {
  storm: Hyetograph & { formula: string; returnPeriodYears: number; durationMin: number };
  method: string;
  catchmentAreaM2: number;
  inflowVolumeM3: number;
  outfallVolumeM3: number;
  surcharged: ManholeOutcome[];
  flooded: ManholeOutcome[];
  /** Conduits whose peak flow reached full-bore capacity. */
  fullConduits: string[];
  timeline: { timesMin: number[]; nodeIds: string[]; linkIds: string[]; nodeDepthM: number[][]; linkFill: number[][] };
}

/** The storm's loading of a gravity network: conduits, the C·A draining to each node and the runoff per step. */
export interface StormLoading {
  readonly storm: Hyetograph;
  readonly returnPeriodYears: number;
  readonly durationMin: number;
  readonly formulaName: string;
  readonly dtMin: number;
  readonly steps: number;
  readonly conduits: GravityConduit[];
  readonly linkIds: string[];
  /** Effective impervious area draining to each node (runoff coefficient × area), m², aligned with `nodes`. */
  readonly ca: Float64Array;
  readonly catchmentAreaM2: number;
  /** Runoff per unit C·A leaving the surface during each step, m/s (already times the inflow share). */
  readonly runoffMs: Float64Array;
}

/**
 * The storm and runoff side of {@link simulateStormEvent}, shared with other routers (SWMM): Chicago hyetograph,
 * C·A per node (paved strip along each conduit to its upstream node, each roof to its nearest inlet or manhole), and
 * the surface's linear-reservoir outflow per step. Node i's lateral inflow in step s is `ca[i] * runoffMs[s]` m³/s.
 */
export function stormLoading(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  buildings: readonly Building[],
  input: StormEventInput = {},
): StormLoading {
  const formula = input.formula ?? SHANGHAI_STORM_FORMULA;
  const given = input.hyetograph;
  if (given && given.depthMm.length === 0) throw new RangeError('hyetograph: at least one block is needed');
  const P = given ? 0 : (input.returnPeriodYears ?? 3);
  const dtMin = given ? given.stepMin : (input.stepMin ?? 1);
  const T = given ? given.depthMm.length * given.stepMin : (input.durationMin ?? 120);
  const storm: Hyetograph = given
    ? {
        stepMin: given.stepMin,
        intensityMmH: [...given.intensityMmH],
        depthMm: [...given.depthMm],
        totalMm: given.totalMm,
        peakIntensityMmH: given.peakIntensityMmH,
      }
    : chicagoHyetograph(formula, { returnPeriodYears: P, durationMin: T, stepMin: dtMin });
  const steps = storm.depthMm.length + Math.round((input.afterMin ?? 60) / dtMin);
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const conduits: GravityConduit[] = [];
  const linkIds: string[] = [];
  for (const l of links) {
    const from = index.get(l.fromNodeId),
      to = index.get(l.toNodeId);
    if (from === undefined || to === undefined || from === to) continue;
    const slope = l.lengthM > 0 ? (l.fromInvertM - l.toInvertM) / l.lengthM : 0;
    conduits.push({ id: l.id, from, to, diameterM: l.diameterMm / 1000, lengthM: l.lengthM, slope });
    linkIds.push(l.id);
  }
  // Effective impervious area (C * A) draining to each node.
  const ca = new Float64Array(nodes.length);
  let catchmentAreaM2 = 0;
  const stripW = input.stripWidthM ?? 20,
    stripC = input.stripCoefficient ?? 0.85,
    roofC = input.roofCoefficient ?? 0.9;
  for (const c of conduits) {
    ca[c.from]! += stripC * stripW * c.lengthM;
    catchmentAreaM2 += stripW * c.lengthM;
  }
  const receivers = nodes.map((n, i) => ({ n, i })).filter(({ n }) => n.kind === 'inlet' || n.kind === 'manhole');
  if (receivers.length > 0 && nodes.length > 0) {
    const frame = new EnuFrame(nodes[0]!.position[0], nodes[0]!.position[1]);
    const cell = 100;
    const buckets = new Map<string, number[]>();
    const xy = receivers.map(({ n }) => frame.toEnu(n.position[0], n.position[1], 0));
    xy.forEach((p, k) => {
      const key = `${Math.floor(p[0] / cell)},${Math.floor(p[1] / cell)}`;
      buckets.set(key, [...(buckets.get(key) ?? []), k]);
    });
    for (const b of buildings) {
      const ring = b.footprint[0]?.[0];
      if (!ring) continue;
      const c = frame.toEnu(ring[0]![0], ring[0]![1], 0);
      const bx = Math.floor(c[0] / cell),
        by = Math.floor(c[1] / cell);
      let best = -1,
        bestD = Infinity;
      for (let r = 0; r <= 3 && best < 0; r++) {
        for (let dx = -r; dx <= r; dx++)
          for (let dy = -r; dy <= r; dy++) {
            for (const k of buckets.get(`${bx + dx},${by + dy}`) ?? []) {
              const d = Math.hypot(xy[k]![0] - c[0], xy[k]![1] - c[1]);
              if (d < bestD) {
                bestD = d;
                best = k;
              }
            }
          }
      }
      if (best < 0) continue;
      const area = multiPolygonAreaM2(b.footprint);
      ca[receivers[best]!.i]! += roofC * area;
      catchmentAreaM2 += area;
    }
  }
  const share = input.inflowShare ?? 1;
  const dtS = dtMin * 60;
  const decay = Math.exp(-dtMin / (input.inletTimeMin ?? 10));
  let reservoirFactor = 0; // linear reservoir state: outflow per unit C*A, m/s
  const runoffMs = new Float64Array(steps);
  for (let s = 0; s < steps; s++) {
    const rainMs = s < storm.depthMm.length ? storm.depthMm[s]! / 1000 / dtS : 0;
    reservoirFactor = reservoirFactor * decay + rainMs * (1 - decay);
    runoffMs[s] = reservoirFactor * share;
  }
  return {
    storm,
    returnPeriodYears: P,
    durationMin: T,
    formulaName: given ? (input.hyetographName ?? 'observed rainfall') : formula.name,
    dtMin,
    steps,
    conduits,
    linkIds,
    ca,
    catchmentAreaM2,
    runoffMs,
  };
}

/**
 * Design storm on a gravity network: a Chicago hyetograph, runoff from roofs (each building to its nearest inlet or
 * manhole) and from a paved strip along every conduit (to its upstream node) through a linear reservoir, then
 * steady-flow routing with Manning capacities. `links` are conduits from upstream to downstream.
 */
export function simulateStormEvent(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  buildings: readonly Building[],
  input: StormEventInput = {},
): StormEventResult {
  const loading = stormLoading(nodes, links, buildings, input);
  const { storm, dtMin, steps, conduits, linkIds, ca, catchmentAreaM2, runoffMs } = loading;
  const P = loading.returnPeriodYears,
    T = loading.durationMin;
  const dtS = dtMin * 60;
  const routed = routeGravityNetwork(
    nodes,
    conduits,
    steps,
    dtS,
    (s, result) => {
      for (let v = 0; v < nodes.length; v++) result[v] = ca[v]! * runoffMs[s]!;
    },
    input.routing,
  );
  const outcomes: ManholeOutcome[] = [];
  const frameEvery = input.frameEvery ?? 5;
  const outletDiameter = new Float64Array(nodes.length).fill(Infinity);
  for (const c of conduits) outletDiameter[c.from] = Math.min(outletDiameter[c.from]!, c.diameterM);
  for (let v = 0; v < nodes.length; v++) {
    const node = nodes[v]!;
    const crownDepth = Math.min(outletDiameter[v]!, node.groundM - node.invertM);
    let peak = 0,
      peakAt = 0,
      sur = 0,
      fl = 0,
      first: number | null = null,
      vol = 0;
    for (let s = 0; s < routed.steps; s++) {
      const d = routed.nodeDepthM[s]![v]!;
      if (d > peak) {
        peak = d;
        peakAt = (s + 1) * dtMin;
      }
      if (d > crownDepth + 1e-6) sur += dtMin;
      const f = routed.nodeFloodM3[s]![v]!;
      if (f > 0) {
        fl += dtMin;
        if (first === null) first = (s + 1) * dtMin;
        vol = Math.max(vol, f);
      }
    }
    if (sur > 0)
      outcomes.push({
        nodeId: node.id,
        position: [node.position[0], node.position[1]],
        peakDepthM: round(peak, 2),
        peakAtMin: peakAt,
        surchargedMin: sur,
        floodedMin: fl,
        firstFloodAtMin: first,
        floodVolumeM3: round(vol, 1),
      });
  }
  const fullConduits = conduits
    .filter((_, k) => routed.linkFlowM3s.some((f) => f[k]! >= routed.capacityM3s[k]! * 0.999))
    .map((c) => c.id);
  const timesMin: number[] = [],
    nodeDepthM: number[][] = [],
    linkFill: number[][] = [];
  for (let s = frameEvery - 1; s < routed.steps; s += frameEvery) {
    timesMin.push((s + 1) * dtMin);
    nodeDepthM.push(Array.from(routed.nodeDepthM[s]!, (d) => round(d, 2)));
    linkFill.push(
      Array.from(routed.linkFlowM3s[s]!, (q, k) =>
        round(routed.capacityM3s[k]! > 0 ? q / routed.capacityM3s[k]! : 0, 2),
      ),
    );
  }
  return {
    storm: { ...storm, formula: loading.formulaName, returnPeriodYears: P, durationMin: T },
    method:
      'Chicago design storm; rational runoff (C*A) through a linear reservoir; SWMM-style steady-flow routing with Manning full-bore capacities, surcharge storage in shafts and surface ponding',
    catchmentAreaM2: Math.round(catchmentAreaM2),
    inflowVolumeM3: round(routed.inflowVolumeM3, 1),
    outfallVolumeM3: round(routed.outfallVolumeM3, 1),
    surcharged: outcomes,
    flooded: outcomes.filter((o) => o.floodedMin > 0),
    fullConduits,
    timeline: { timesMin, nodeIds: nodes.map((n) => n.id), linkIds, nodeDepthM, linkFill },
  };
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
