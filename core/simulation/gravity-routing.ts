/** A node of a gravity network as routing needs it. Elevations in m. */
export interface GravityNode {
  readonly id: string;
  readonly groundM: number;
  readonly invertM: number;
}

/** A conduit from upstream `from` to downstream `to` (indices into the node array). */
export interface GravityConduit {
  readonly id: string;
  readonly from: number;
  readonly to: number;
  readonly diameterM: number;
  readonly lengthM: number;
  /** Bed slope (m/m); flat or adverse conduits use `minSlope`. */
  readonly slope: number;
}

/** Routing options. */
export interface GravityRoutingOptions {
  /** Manning's n. @default 0.013 (concrete) */
  readonly manningN?: number;
  /** Smallest slope used for capacity. @default 0.0005 */
  readonly minSlope?: number;
  /** Plan area of a manhole shaft, m^2 (storage while surcharged). @default 1.0 */
  readonly shaftAreaM2?: number;
  /**
   * Surface ponding area above a manhole, m^2: water that overflows stays there and drains back when the pipes have
   * room (SWMM's "allow ponding"); 0 loses it (SWMM's default). @default 200
   */
  readonly pondAreaM2?: number;
}

/** Full-bore capacity (m^3/s) and velocity (m/s) of a circular conduit by Manning's equation. */
export function manningFullFlow(
  diameterM: number,
  slope: number,
  manningN = 0.013,
): { flowM3s: number; velocityMs: number } {
  const area = (Math.PI * diameterM * diameterM) / 4;
  const velocityMs = (1 / manningN) * Math.pow(diameterM / 4, 2 / 3) * Math.sqrt(Math.max(0, slope));
  return { flowM3s: area * velocityMs, velocityMs };
}

// Part-full circular section: Q/Qfull as a function of y/D, tabulated once and inverted by interpolation.
const FILL_TABLE = ((): { y: Float64Array; q: Float64Array } => {
  const steps = 200;
  const y = new Float64Array(steps + 1),
    q = new Float64Array(steps + 1);
  for (let k = 0; k <= steps; k++) {
    const f = k / steps;
    const theta = 2 * Math.acos(1 - 2 * f);
    const a = (theta - Math.sin(theta)) / (2 * Math.PI);
    const rh = theta > 0 ? 1 - Math.sin(theta) / theta : 0;
    y[k] = f;
    q[k] = a * Math.pow(rh, 2 / 3);
  }
  // Q/Qfull peaks near y/D = 0.94 (about 1.076); above it the ratio is not invertible, so cap the table there.
  return { y, q };
})();

/** Depth ratio y/D of steady uniform flow filling `flowRatio` = Q/Qfull of a circular conduit (1 when >= the peak). */
export function partFullDepthRatio(flowRatio: number): number {
  if (flowRatio <= 0) return 0;
  const { y, q } = FILL_TABLE;
  for (let k = 1; k < y.length; k++) {
    if (q[k]! >= flowRatio) return y[k - 1]! + ((flowRatio - q[k - 1]!) / (q[k]! - q[k - 1]!)) * (y[k]! - y[k - 1]!);
    if (q[k]! < q[k - 1]!) break;
  }
  return 1;
}

/** Per-step results of routing, for playback. */
export interface GravityRoutingResult {
  readonly dtS: number;
  readonly steps: number;
  /** Water depth above each node's invert at the end of each step, m: [step][node]. */
  readonly nodeDepthM: Float32Array[];
  /** Water volume above ground at each node (ponded or lost) per step, m^3: [step][node]. */
  readonly nodeFloodM3: Float32Array[];
  /** Flow of each conduit per step, m^3/s: [step][conduit]. */
  readonly linkFlowM3s: Float32Array[];
  /** Full-bore capacity of each conduit, m^3/s. */
  readonly capacityM3s: Float64Array;
  /** Volume that left the network at outfalls, m^3. */
  readonly outfallVolumeM3: number;
  /** Volume lost to the surface (only without ponding), m^3. */
  readonly lostVolumeM3: number;
  /** Volume still held in shafts or ponds at the end, m^3 (inflow = outfall + lost + stored). */
  readonly storedVolumeM3: number;
  readonly inflowVolumeM3: number;
}

/**
 * Steady-flow routing of a dendritic gravity network (SWMM 5 Reference Manual Vol. II, "steady flow routing"): in
 * each step flow passes every conduit at once, limited by its full-bore Manning capacity; what a conduit cannot take
 * stays at its upstream node, rising in the shaft (surcharge) and then above ground (flooding, ponded and released
 * when capacity frees). Depths in unsurcharged conduits follow the part-full Manning relation. Flows split between
 * several outlets of a node in proportion to their capacities. Nodes without outlets are outfalls (free discharge).
 * @param lateralM3s lateral inflow of each node during each step: `lateralM3s(step, result)` fills `result`.
 * @throws RangeError when the conduits form a directed cycle.
 */
export function routeGravityNetwork(
  nodes: readonly GravityNode[],
  conduits: readonly GravityConduit[],
  steps: number,
  dtS: number,
  lateralM3s: (step: number, result: Float64Array) => void,
  options: GravityRoutingOptions = {},
): GravityRoutingResult {
  const n = nodes.length;
  const manningN = options.manningN ?? 0.013,
    minSlope = options.minSlope ?? 0.0005;
  const shaft = options.shaftAreaM2 ?? 1.0,
    pond = options.pondAreaM2 ?? 200;
  const capacity = new Float64Array(conduits.length);
  const outStart = new Int32Array(n + 1);
  const indeg = new Int32Array(n);
  conduits.forEach((c, k) => {
    capacity[k] = manningFullFlow(c.diameterM, Math.max(minSlope, c.slope), manningN).flowM3s;
    outStart[c.from + 1]!++;
    indeg[c.to]!++;
  });
  for (let v = 0; v < n; v++) outStart[v + 1]! += outStart[v]!;
  const outList = new Int32Array(conduits.length);
  const fill = outStart.slice(0, n);
  conduits.forEach((c, k) => {
    outList[fill[c.from]!++] = k;
  });
  // Upstream-first order (Kahn).
  const order: number[] = [];
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue.push(v);
  while (queue.length > 0) {
    const v = queue.pop()!;
    order.push(v);
    for (let k = outStart[v]!; k < outStart[v + 1]!; k++)
      if (--indeg[conduits[outList[k]!]!.to]! === 0) queue.push(conduits[outList[k]!]!.to);
  }
  if (order.length !== n)
    throw new RangeError('conduits: the network has a directed cycle; steady-flow routing needs a dendritic network');
  // Crown of the lowest outlet: above it the node is surcharged.
  const crown = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let c = Infinity;
    for (let k = outStart[v]!; k < outStart[v + 1]!; k++)
      c = Math.min(c, nodes[v]!.invertM + conduits[outList[k]!]!.diameterM);
    crown[v] = Number.isFinite(c) ? Math.min(c, nodes[v]!.groundM) : nodes[v]!.groundM;
  }
  const stored = new Float64Array(n),
    arriving = new Float64Array(n),
    lateral = new Float64Array(n);
  const nodeDepthM: Float32Array[] = [],
    nodeFloodM3: Float32Array[] = [],
    linkFlowM3s: Float32Array[] = [];
  let outfallVolumeM3 = 0,
    lostM3 = 0,
    inflowVolumeM3 = 0;
  for (let s = 0; s < steps; s++) {
    lateral.fill(0);
    lateralM3s(s, lateral);
    arriving.fill(0);
    const depth = new Float32Array(n),
      flood = new Float32Array(n),
      flow = new Float32Array(conduits.length);
    for (const v of order) {
      inflowVolumeM3 += lateral[v]! * dtS;
      const available = (lateral[v]! + arriving[v]!) * dtS + stored[v]!;
      const first = outStart[v]!,
        last = outStart[v + 1]!;
      if (first === last) {
        outfallVolumeM3 += available;
        stored[v] = 0;
        continue;
      }
      let cap = 0;
      for (let k = first; k < last; k++) cap += capacity[outList[k]!]!;
      const q = Math.min(available / dtS, cap);
      let rest = available - q * dtS;
      let maxFill = 0;
      for (let k = first; k < last; k++) {
        const c = outList[k]!;
        const qc = cap > 0 ? (q * capacity[c]!) / cap : 0;
        flow[c] = qc;
        arriving[conduits[c]!.to]! += qc;
        maxFill = Math.max(maxFill, partFullDepthRatio(cap > 0 ? qc / capacity[c]! : 0) * conduits[c]!.diameterM);
      }
      const node = nodes[v]!;
      const shaftVolume = shaft * Math.max(0, node.groundM - crown[v]!);
      const pondVolume = pond > 0 ? Infinity : 0;
      let level = node.invertM + maxFill;
      if (rest > 1e-9) {
        if (rest <= shaftVolume) level = crown[v]! + rest / shaft;
        else {
          const above = rest - shaftVolume;
          flood[v] = above;
          if (above > pondVolume) {
            lostM3 += above;
            rest = shaftVolume;
          }
          level = node.groundM + (pond > 0 ? above / pond : 0);
        }
      }
      stored[v] = rest;
      depth[v] = level - node.invertM;
    }
    nodeDepthM.push(depth);
    nodeFloodM3.push(flood);
    linkFlowM3s.push(flow);
  }
  let pondedM3 = 0;
  for (let v = 0; v < n; v++) pondedM3 += stored[v]!;
  return {
    dtS,
    steps,
    nodeDepthM,
    nodeFloodM3,
    linkFlowM3s,
    capacityM3s: capacity,
    outfallVolumeM3,
    lostVolumeM3: lostM3,
    storedVolumeM3: pondedM3,
    inflowVolumeM3,
  };
}
