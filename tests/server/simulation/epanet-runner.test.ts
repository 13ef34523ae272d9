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
import { describe, expect, it } from 'vitest';
import { importEpanetInp } from '../../../tiles/import/epanet-inp.js';
import { writeInp } from '../../../tiles/export/epanet-inp-writer.js';
import { runEpanet } from '../../../server/simulation/epanet-runner.js';
import { epanetIdsOf } from '../../../core/network/epanet-ids.js';
import { fixture } from '../../tiles/import/fixtures.js';

// EPANET's own unit constants (epanet/src/types.h): ft -> m, psi per ft of water, US gpm per cfs, L/s per cfs.
const M_PER_FT = 0.3048,
  PSI_PER_FT = 0.4333,
  GPM_PER_CFS = 448.831,
  LPS_PER_CFS = 28.317;

/** epanet-js on the original file, in its own (US) units, converted to SI here. */
async function direct(text: string) {
  const ws = new Workspace();
  await ws.loadModule();
  ws.writeFile('direct.inp', text);
  const p = new Project(ws);
  p.open('direct.inp', 'direct.rpt', '');
  expect(p.getFlowUnits()).toBe(FlowUnits.GPM);
  const n = p.getCount(CountType.NodeCount),
    l = p.getCount(CountType.LinkCount);
  const nodeIds = Array.from({ length: n }, (_, i) => p.getNodeId(i + 1));
  const linkIds = Array.from({ length: l }, (_, i) => p.getLinkId(i + 1));
  const step = p.getTimeParameter(TimeParameter.ReportStep);
  const out: { t: number; pressure: Map<string, number>; flow: Map<string, number> }[] = [];
  p.openH();
  p.initH(InitHydOption.NoSave);
  let dt: number;
  do {
    const t = p.runH();
    if (t % step === 0) {
      out.push({
        t,
        pressure: new Map(
          nodeIds.map((id, i) => [id, (p.getNodeValue(i + 1, NodeProperty.Pressure) / PSI_PER_FT) * M_PER_FT]),
        ),
        flow: new Map(
          linkIds.map((id, i) => [id, (p.getLinkValue(i + 1, LinkProperty.Flow) / GPM_PER_CFS) * LPS_PER_CFS]),
        ),
      });
    }
    dt = p.nextH();
  } while (dt > 0);
  p.closeH();
  p.close();
  return out;
}

const placement = { kind: 'anchor' as const, anchorLonLat: [121.5, 31.23] as [number, number], metresPerUnit: 10 };

describe('server/simulation/epanet-runner', () => {
  it.each(['Net1.inp', 'Net2.inp', 'Net3.inp'])(
    '%s: GridTwin (import, write, run) equals epanet-js on the original file',
    async (file) => {
      const text = fixture('epanet', file);
      const parts = importEpanetInp(text, { source: file, placement, prefix: 's-' }).parts!;
      const network = parts.networks[0]!;
      const ours = await runEpanet(writeInp(network, parts.nodes, parts.links));
      const theirs = await direct(text);
      expect(ours.timesS).toEqual(theirs.map((r) => r.t));
      expect(ours.timesS.length).toBeGreaterThan(20);
      const ids = epanetIdsOf(parts.nodes, parts.links, true);
      let compared = 0,
        worstP = 0,
        worstQ = 0;
      ours.timesS.forEach((_, k) => {
        parts.nodes.forEach((node) => {
          const e = ids.node.get(node.id)!;
          const mine = ours.pressureM[k]![ours.nodeIds.indexOf(e)]!;
          worstP = Math.max(worstP, Math.abs(mine - theirs[k]!.pressure.get(e)!));
          compared++;
        });
        parts.links.forEach((link) => {
          const e = ids.link.get(link.id)!;
          const a = ours.flowLps[k]![ours.linkIds.indexOf(e)]!,
            b = theirs[k]!.flow.get(e)!;
          worstQ = Math.max(worstQ, Math.abs(a - b) / Math.max(1, Math.abs(b)));
        });
      });
      expect(compared).toBeGreaterThan(100);
      expect(worstP, 'largest pressure difference, m').toBeLessThan(0.01);
      expect(worstQ, 'largest relative flow difference').toBeLessThan(1e-3);
    },
  );
});
