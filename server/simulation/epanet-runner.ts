import {
  CountType,
  FlowUnits,
  InitHydOption,
  LinkProperty,
  NodeProperty,
  Project,
  TimeParameter,
  Workspace,
} from 'epanet-js';

let workspace: Promise<Workspace> | undefined;

/** The shared EPANET WebAssembly workspace (loaded once per process). */
export function epanetWorkspace(): Promise<Workspace> {
  workspace ??= (async () => {
    const ws = new Workspace();
    await ws.loadModule();
    return ws;
  })();
  return workspace;
}

/** Changes applied to the network before solving (EPANET ids). */
export interface EpanetScenario {
  /** Links set closed for the whole run. */
  closeLinks?: readonly string[];
  /** Junctions whose demands are set to zero (customers cut off). */
  zeroDemandNodes?: readonly string[];
  /** Emitters (leaks): flow = coefficient * pressure^0.5, coefficient in L/s/m^0.5. */
  emitters?: readonly { nodeId: string; coefficient: number }[];
}

/** Results of an extended-period run at each reporting time, in SI units (m, L/s). */
export interface EpanetRun {
  nodeIds: string[];
  linkIds: string[];
  /** Seconds from the start of each hydraulic period reported. */
  timesS: number[];
  pressureM: Float64Array[];
  headM: Float64Array[];
  demandLps: Float64Array[];
  flowLps: Float64Array[];
}

let runCounter = 0;

/**
 * Solves an .inp text with epanet-js (EPANET 2.3) and reports every node and link at each reporting time of the
 * run (once for a steady-state run). The project is switched to L/s first, so EPANET converts all quantities to SI.
 * @throws Error with EPANET's message when the file does not open or the hydraulics fail.
 */
export async function runEpanet(inp: string, scenario: EpanetScenario = {}): Promise<EpanetRun> {
  const ws = await epanetWorkspace();
  const name = `gt-sim-${++runCounter}`;
  ws.writeFile(`${name}.inp`, inp);
  const model = new Project(ws);
  model.open(`${name}.inp`, `${name}.rpt`, '');
  try {
    model.setFlowUnits(FlowUnits.LPS);
    const nodeCount = model.getCount(CountType.NodeCount),
      linkCount = model.getCount(CountType.LinkCount);
    const nodeIds = Array.from({ length: nodeCount }, (_, i) => model.getNodeId(i + 1));
    const linkIds = Array.from({ length: linkCount }, (_, i) => model.getLinkId(i + 1));
    for (const id of scenario.closeLinks ?? []) {
      const i = model.getLinkIndex(id);
      model.setLinkValue(i, LinkProperty.InitStatus, 0);
    }
    for (const id of scenario.zeroDemandNodes ?? []) {
      const i = model.getNodeIndex(id);
      if (model.getNodeType(i) !== 0) continue;
      for (let d = 1; d <= model.getNumberOfDemands(i); d++) model.setBaseDemand(i, d, 0);
    }
    for (const e of scenario.emitters ?? [])
      model.setNodeValue(model.getNodeIndex(e.nodeId), NodeProperty.Emitter, e.coefficient);
    // Flow units switch the unit system for heads and elevations but not for pressure (psi stays psi in EPANET 2.3),
    // so pressure is taken as head minus elevation, in metres.
    const elevation = Float64Array.from(nodeIds, (_, i) => model.getNodeValue(i + 1, NodeProperty.Elevation));
    const reportStep = model.getTimeParameter(TimeParameter.ReportStep);
    const reportStart = model.getTimeParameter(TimeParameter.ReportStart);
    const run: EpanetRun = { nodeIds, linkIds, timesS: [], pressureM: [], headM: [], demandLps: [], flowLps: [] };
    model.openH();
    model.initH(InitHydOption.NoSave);
    let tStep: number;
    do {
      const t = model.runH();
      if (t >= reportStart && (t - reportStart) % reportStep === 0) {
        run.timesS.push(t);
        const p = new Float64Array(nodeCount),
          h = new Float64Array(nodeCount),
          d = new Float64Array(nodeCount),
          q = new Float64Array(linkCount);
        for (let i = 0; i < nodeCount; i++) {
          h[i] = model.getNodeValue(i + 1, NodeProperty.Head);
          p[i] = h[i]! - elevation[i]!;
          d[i] = model.getNodeValue(i + 1, NodeProperty.Demand);
        }
        for (let i = 0; i < linkCount; i++) q[i] = model.getLinkValue(i + 1, LinkProperty.Flow);
        run.pressureM.push(p);
        run.headM.push(h);
        run.demandLps.push(d);
        run.flowLps.push(q);
      }
      tStep = model.nextH();
    } while (tStep > 0);
    model.closeH();
    return run;
  } finally {
    model.close();
  }
}
