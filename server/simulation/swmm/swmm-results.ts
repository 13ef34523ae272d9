import { LINK_VAR, NODE_VAR, readSwmmOutput, type SwmmOutput } from './swmm-out-reader.js';
import { runSwmm } from './swmm-engine.js';

/** Peak of one node over the reporting periods (SWMM's units). */
export interface SwmmNodePeak {
  id: string;
  maxDepth: number;
  maxDepthPeriod: number;
  maxFlooding: number;
  floodedPeriods: number;
}
/** Peak of one link over the reporting periods (SWMM's units). */
export interface SwmmLinkPeak {
  id: string;
  maxAbsFlow: number;
  maxFlowPeriod: number;
  maxDepth: number;
}

/** A finished SWMM run with its per-object peaks and the raw output for time series. */
export interface SwmmRunResult {
  readonly errorCode: number;
  readonly report: string;
  readonly elapsedMs: number;
  readonly output: SwmmOutput | null;
  readonly nodes: SwmmNodePeak[];
  readonly links: SwmmLinkPeak[];
}

/** Node and link peaks from a parsed .out (one pass over the periods). */
export function swmmPeaks(out: SwmmOutput): { nodes: SwmmNodePeak[]; links: SwmmLinkPeak[] } {
  const nodes = out.nodeIds.map((id, i): SwmmNodePeak => {
    const depth = out.series('node', i, NODE_VAR.depth),
      flood = out.series('node', i, NODE_VAR.flooding);
    let maxDepth = -Infinity,
      maxDepthPeriod = 0,
      maxFlooding = 0,
      floodedPeriods = 0;
    for (let p = 0; p < out.periods; p++) {
      if (depth[p]! > maxDepth) {
        maxDepth = depth[p]!;
        maxDepthPeriod = p;
      }
      if (flood[p]! > 0) {
        floodedPeriods++;
        maxFlooding = Math.max(maxFlooding, flood[p]!);
      }
    }
    return { id, maxDepth: out.periods ? maxDepth : 0, maxDepthPeriod, maxFlooding, floodedPeriods };
  });
  const links = out.linkIds.map((id, i): SwmmLinkPeak => {
    const flow = out.series('link', i, LINK_VAR.flow),
      depth = out.series('link', i, LINK_VAR.depth);
    let maxAbsFlow = 0,
      maxFlowPeriod = 0,
      maxDepth = 0;
    for (let p = 0; p < out.periods; p++) {
      if (Math.abs(flow[p]!) > maxAbsFlow) {
        maxAbsFlow = Math.abs(flow[p]!);
        maxFlowPeriod = p;
      }
      maxDepth = Math.max(maxDepth, depth[p]!);
    }
    return { id, maxAbsFlow, maxFlowPeriod, maxDepth };
  });
  return { nodes, links };
}

/** Runs an .inp in EPA SWMM (WebAssembly, offline) and reads its results. */
export async function runSwmmModel(inpText: string): Promise<SwmmRunResult> {
  const files = await runSwmm(inpText);
  if (files.out.byteLength === 0)
    return {
      errorCode: files.errorCode,
      report: files.report,
      elapsedMs: files.elapsedMs,
      output: null,
      nodes: [],
      links: [],
    };
  const output = readSwmmOutput(files.out);
  return { errorCode: files.errorCode, report: files.report, elapsedMs: files.elapsedMs, output, ...swmmPeaks(output) };
}
