import type { Building, NetworkLink, NetworkNode } from '../../../core/model/index.js';
import {
  stormLoading,
  type ManholeOutcome,
  type StormEventInput,
  type StormEventResult,
} from '../../../core/simulation/index.js';
import { gravityNetworkToSwmmInp, type SwmmExportOptions } from './gravity-to-inp.js';
import { runSwmmInWorker, type SwmmRunFiles } from './swmm-engine.js';
import { LINK_VAR, NODE_VAR, readSwmmOutput } from './swmm-out-reader.js';

/** A storm result computed by EPA SWMM, with the engine's own figures. */
export type SwmmStormResult = StormEventResult & {
  engine: 'swmm';
  swmm: { elapsedMs: number; continuityErrorPct: number | null; routingStepS: number; reportStepS: number };
};

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The storm simulation of {@link simulateStormEvent}'s inputs and result shape, routed by EPA SWMM 5.2 (dynamic wave,
 * WebAssembly on a worker thread) instead of GridTwin's steady-flow router: same hyetograph and runoff (core
 * `stormLoading`), the network exported by {@link gravityNetworkToSwmmInp}, results read from SWMM's .out.
 * @throws Error when SWMM reports an input or run error (the caller falls back to the simplified router).
 */
export async function simulateStormWithSwmm(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  buildings: readonly Building[],
  input: StormEventInput = {},
  options: SwmmExportOptions & {
    frameEvery?: number;
    /** Runs SWMM on an .inp text; a compute-pool worker passes `runSwmm` (it is off the main thread already). */
    run?: (inp: string) => Promise<SwmmRunFiles>;
  } = {},
): Promise<SwmmStormResult> {
  const loading = stormLoading(nodes, links, buildings, input);
  const reportStepS = options.reportStepS ?? 60,
    routingStepS = options.routingStepS ?? 10;
  const inp = gravityNetworkToSwmmInp(nodes, links, loading, { ...options, reportStepS, routingStepS });
  const files = await (options.run ?? runSwmmInWorker)(inp);
  const errors = files.report.split('\n').filter((l) => /ERROR/.test(l));
  if (files.errorCode !== 0 || files.out.byteLength === 0)
    throw new Error(`SWMM error ${files.errorCode}: ${errors.slice(0, 3).join(' | ')}`);
  const out = readSwmmOutput(files.out);
  const nodeIndex = new Map(out.nodeIds.map((id, i) => [id, i]));
  const linkIndex = new Map(out.linkIds.map((id, i) => [id, i]));
  const stepMin = reportStepS / 60;
  const outletDiameter = new Float64Array(nodes.length).fill(Infinity);
  for (const c of loading.conduits) outletDiameter[c.from] = Math.min(outletDiameter[c.from]!, c.diameterM);
  const outcomes: ManholeOutcome[] = [];
  nodes.forEach((node, v) => {
    const k = nodeIndex.get(node.id);
    if (k === undefined || !Number.isFinite(outletDiameter[v]!)) return;
    const crownDepth = Math.min(outletDiameter[v]!, node.groundM - node.invertM);
    const depth = out.series('node', k, NODE_VAR.depth),
      flood = out.series('node', k, NODE_VAR.flooding);
    let peak = 0,
      peakAt = 0,
      sur = 0,
      fl = 0,
      first: number | null = null,
      vol = 0;
    for (let p = 0; p < out.periods; p++) {
      if (depth[p]! > peak) {
        peak = depth[p]!;
        peakAt = (p + 1) * stepMin;
      }
      if (depth[p]! > crownDepth + 1e-3) sur += stepMin;
      if (flood[p]! > 1e-5) {
        fl += stepMin;
        first ??= (p + 1) * stepMin;
        vol += flood[p]! * reportStepS;
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
  });
  const frameEvery = options.frameEvery ?? 5;
  const timesMin: number[] = [],
    nodeDepthM: number[][] = [],
    linkFill: number[][] = [];
  for (let p = frameEvery - 1; p < out.periods; p += frameEvery) {
    timesMin.push((p + 1) * stepMin);
    nodeDepthM.push(
      nodes.map((n) => {
        const k = nodeIndex.get(n.id);
        return k === undefined ? 0 : round(out.value('node', p, k, NODE_VAR.depth), 2);
      }),
    );
    linkFill.push(
      loading.linkIds.map((id) => {
        const k = linkIndex.get(id);
        return k === undefined ? 0 : round(out.value('link', p, k, LINK_VAR.capacity), 2);
      }),
    );
  }
  const fullConduits = loading.linkIds.filter((id) => {
    const k = linkIndex.get(id);
    return k !== undefined && out.series('link', k, LINK_VAR.capacity).some((f) => f >= 0.999);
  });
  const inflowVolumeM3 =
    loading.ca.reduce((s, ca) => s + ca, 0) * loading.runoffMs.reduce((s, r) => s + r, 0) * loading.dtMin * 60;
  const continuity = /Flow Routing Continuity[\s\S]*?Continuity Error \(%\) \.+\s+(-?[\d.]+)/.exec(files.report)?.[1];
  const outfallVolume = /External Outflow \.+\s+([\d.]+)\s+([\d.]+)/.exec(
    files.report.slice(files.report.indexOf('Flow Routing Continuity')),
  )?.[2];
  return {
    storm: {
      ...loading.storm,
      formula: loading.formulaName,
      returnPeriodYears: loading.returnPeriodYears,
      durationMin: loading.durationMin,
    },
    method: `Chicago design storm; rational runoff (C*A) through a linear reservoir; EPA SWMM 5.2 dynamic-wave routing (WebAssembly), ${routingStepS} s step, ponding allowed`,
    catchmentAreaM2: Math.round(loading.catchmentAreaM2),
    inflowVolumeM3: round(inflowVolumeM3, 1),
    // SWMM's report gives the external outflow in 10^6 litres (ML) for CMS.
    outfallVolumeM3: outfallVolume ? round(Number(outfallVolume) * 1000, 1) : 0,
    surcharged: outcomes,
    flooded: outcomes.filter((o) => o.floodedMin > 0),
    fullConduits,
    timeline: { timesMin, nodeIds: nodes.map((n) => n.id), linkIds: loading.linkIds, nodeDepthM, linkFill },
    engine: 'swmm',
    swmm: {
      elapsedMs: Math.round(files.elapsedMs),
      continuityErrorPct: continuity ? Number(continuity) : null,
      routingStepS,
      reportStepS,
    },
  };
}
