import type { NetworkLink, NetworkNode } from '../../../core/model/index.js';
import type { StormLoading } from '../../../core/simulation/index.js';

/** Options of the SWMM export. */
export interface SwmmExportOptions {
  /** Manning's n of the conduits. @default 0.013 */
  manningN?: number;
  /** Dynamic-wave routing step, s; conduits shorter than one step's Courant length are lengthened (SWMM LENGTHENING_STEP) to keep it. @default 10 */
  routingStepS?: number;
  /** Reporting step, s (1 min or finer keeps short peaks, see ADR 0004). @default 60 */
  reportStepS?: number;
  /** Ponded area above each manhole, m² (SWMM ALLOW_PONDING; as the simplified router's default). @default 200 */
  pondAreaM2?: number;
}

const hms = (s: number): string =>
  [Math.floor(s / 3600), Math.floor(s / 60) % 60, Math.round(s % 60)].map((x) => String(x).padStart(2, '0')).join(':');
const num = (x: number, d = 3): string => (Math.round(x * 10 ** d) / 10 ** d).toString();

/**
 * Writes a gravity network (GridTwin nodes and conduits, from upstream to downstream) and a storm loading as an EPA
 * SWMM 5 input file in SI units (CMS, metres): manholes and inlets become junctions (invert, depth to ground, ponded
 * area), outfalls and dead ends free outfalls, conduits circular with their own inverts as elevation offsets, a lift
 * station an ideal pump into a junction at the raised invert, and runoff one time series (m/s per m² of C·A) scaled
 * per node by its C·A through [INFLOWS]. Dynamic-wave routing.
 */
export function gravityNetworkToSwmmInp(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  loading: StormLoading,
  options: SwmmExportOptions = {},
): string {
  const n = options.manningN ?? 0.013,
    pond = options.pondAreaM2 ?? 200;
  const endS = loading.steps * loading.dtMin * 60;
  const index = new Map(nodes.map((x, i) => [x.id, i]));
  const outgoing = new Set(loading.conduits.map((c) => c.from));
  const junctions: string[] = [],
    outfalls: string[] = [],
    conduits: string[] = [],
    xsections: string[] = [],
    pumps: string[] = [],
    inflows: string[] = [];
  nodes.forEach((node, i) => {
    const depth = Math.max(0.5, node.groundM - node.invertM);
    if (!outgoing.has(i)) outfalls.push(`${node.id} ${num(node.invertM)} FREE NO`);
    else junctions.push(`${node.id} ${num(node.invertM)} ${num(depth)} 0 0 ${pond}`);
    if (loading.ca[i]! > 0 && outgoing.has(i))
      inflows.push(`${node.id} FLOW runoff FLOW 1.0 ${num(loading.ca[i]!, 1)}`);
  });
  const linkById = new Map(links.map((l) => [l.id, l]));
  for (const c of loading.conduits) {
    const l = linkById.get(c.id)!;
    let from = nodes[c.from]!.id;
    const fromNode = nodes[c.from]!;
    if (fromNode.kind === 'pump' && l.fromInvertM > fromNode.invertM + 0.01 && index.has(fromNode.id)) {
      // Lift station: an ideal pump passes the wet well's inflow up to the raised start of the next run.
      const lifted = `${fromNode.id}_lift`;
      junctions.push(`${lifted} ${num(l.fromInvertM)} ${num(Math.max(0.5, fromNode.groundM - l.fromInvertM))} 0 0 0`);
      pumps.push(`${fromNode.id}_pump ${fromNode.id} ${lifted} * ON 0 0`);
      from = lifted;
    }
    conduits.push(
      `${c.id} ${from} ${nodes[c.to]!.id} ${num(Math.max(1, c.lengthM), 2)} ${n} ${num(l.fromInvertM)} ${num(l.toInvertM)} 0 0`,
    );
    xsections.push(`${c.id} CIRCULAR ${num(c.diameterM)} 0 0 0 1`);
  }
  const dtS = loading.dtMin * 60;
  // Step values at the middle of each step; SWMM interpolates linearly between points.
  const series = [
    'runoff 0 0',
    ...Array.from(loading.runoffMs, (v, s) => `runoff ${num(((s + 0.5) * dtS) / 3600, 5)} ${v.toExponential(6)}`),
    `runoff ${num(endS / 3600, 5)} 0`,
  ];
  return [
    '[TITLE]',
    `GridTwin storm export: ${loading.formulaName}, P = ${loading.returnPeriodYears} a, ${loading.durationMin} min`,
    '',
    '[OPTIONS]',
    'FLOW_UNITS CMS',
    'INFILTRATION HORTON',
    'FLOW_ROUTING DYNWAVE',
    'LINK_OFFSETS ELEVATION',
    'ALLOW_PONDING YES',
    'START_DATE 01/01/2026',
    'START_TIME 00:00:00',
    'REPORT_START_DATE 01/01/2026',
    'REPORT_START_TIME 00:00:00',
    'END_DATE 01/01/2026',
    `END_TIME ${hms(Math.min(endS, 86_399))}`,
    `REPORT_STEP ${hms(options.reportStepS ?? 60)}`,
    'WET_STEP 00:01:00',
    'DRY_STEP 00:01:00',
    `ROUTING_STEP ${options.routingStepS ?? 10}`,
    'INERTIAL_DAMPING PARTIAL',
    'NORMAL_FLOW_LIMITED BOTH',
    'FORCE_MAIN_EQUATION H-W',
    'VARIABLE_STEP 0.75',
    `LENGTHENING_STEP ${options.routingStepS ?? 10}`,
    'MIN_SURFAREA 1.0',
    'MAX_TRIALS 8',
    'HEAD_TOLERANCE 0.0015',
    'SYS_FLOW_TOL 5',
    'LAT_FLOW_TOL 5',
    'MINIMUM_STEP 0.5',
    'THREADS 1',
    '',
    '[JUNCTIONS]',
    ...junctions,
    '',
    '[OUTFALLS]',
    ...outfalls,
    '',
    '[CONDUITS]',
    ...conduits,
    '',
    ...(pumps.length ? ['[PUMPS]', ...pumps, ''] : []),
    '[XSECTIONS]',
    ...xsections,
    '',
    '[INFLOWS]',
    ...inflows,
    '',
    '[TIMESERIES]',
    ...series,
    '',
    '[REPORT]',
    'INPUT NO',
    'CONTROLS NO',
    'NODES ALL',
    'LINKS ALL',
    '',
  ].join('\n');
}
