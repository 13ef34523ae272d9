import { burstImpact, findValveIsolation, plumeGrid, prepareNetwork } from '../../core/simulation/index.js';
import { burstHydraulics } from '../../server/simulation/burst-hydraulics.js';
import { writeInp } from '../../tiles/export/epanet-inp-writer.js';
import { buildDemoCity } from '../../tiles/demo/build-demo-city.js';
import { valvedGridNetwork } from './valved-grid-network.js';
import path from 'node:path';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `npm run bench -- sim`: valve isolation, burst end to end, plume grid. Fixed seeds; sizes printed. */
export async function runSimulationBench(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  // 1. Valve isolation on a ~100,000-link lattice (185 x 185 junctions, half the streets valved).
  const big = valvedGridNetwork(185, 185, 0.5, 1);
  const net = prepareNetwork(big.nodes, big.links);
  out['isolation network'] = `${big.nodes.length} nodes, ${big.links.length} links, seed 1`;
  const isValve = (v: number): boolean => big.nodes[v]!.kind === 'valve';
  const times: number[] = [];
  for (let k = 0; k < 200; k++) {
    const link = (k * 7919) % big.links.length;
    const t0 = performance.now();
    findValveIsolation(net.graph, link, { isValve, sources: net.sources, scratch: net.scratch });
    times.push(performance.now() - t0);
  }
  out['isolation median ms'] = median(times.slice(20));
  out['isolation max ms'] = Math.max(...times.slice(20));
  // 2. Burst end to end with hydraulics (isolation + impact + 2 EPANET runs) on a 10,000-node network.
  const mid = valvedGridNetwork(82, 82, 0.5, 2);
  const midNet = prepareNetwork(mid.nodes, mid.links);
  out['10k network'] = `${mid.nodes.length} nodes, ${mid.links.length} links`;
  const burstOn = async (n: typeof mid, p: typeof midNet, linkId: string): Promise<number> => {
    const t0 = performance.now();
    const impact = burstImpact(p, linkId, new Map());
    await burstHydraulics(n.network, p, impact, linkId, writeInp);
    return performance.now() - t0;
  };
  // Links whose valves can isolate them (with half the streets valved, some segments reach the reservoir).
  const isolable = mid.links
    .filter((_, k) => k % 97 === 0)
    .filter((l) => burstImpact(midNet, l.id, new Map()).isolable)
    .slice(0, 4);
  await burstOn(mid, midNet, isolable[0]!.id); // warm the WebAssembly module
  const midTimes: number[] = [];
  for (const l of isolable.slice(1)) midTimes.push(await burstOn(mid, midNet, l.id));
  out['burst 10k nodes ms'] = median(midTimes);
  // 3. Burst end to end on the demo city (seed 42).
  const bundle = await buildDemoCity({
    sourceDir: path.resolve(import.meta.dirname, '..', '..', 'data', 'sources', 'shanghai-osm'),
    seed: 42,
    now: 1_700_000_000_000,
  });
  const water = bundle.networks.find((n) => n.utility === 'water')!;
  const demo = {
    network: water,
    nodes: bundle.nodes.filter((n) => n.networkId === water.id),
    links: bundle.links.filter((l) => l.networkId === water.id),
  };
  const demoNet = prepareNetwork(demo.nodes, demo.links);
  const buildings = new Map(bundle.buildings.map((b) => [b.id, b]));
  const mains = demo.links.filter((l) => l.kind === 'pipe' && l.attributes.role === 'distribution');
  const demoTimes: number[] = [];
  for (const main of [mains[10]!, mains[200]!, mains[400]!]) {
    const t0 = performance.now();
    const impact = burstImpact(demoNet, main.id, buildings);
    await burstHydraulics(water, demoNet, impact, main.id, writeInp);
    demoTimes.push(performance.now() - t0);
  }
  out['demo water network'] = `${demo.nodes.length} nodes, ${demo.links.length} links`;
  out['burst demo city ms'] = median(demoTimes);
  // 4. Plume on a 1000 x 1000 grid.
  const values = new Float32Array(1_000_000);
  const plumeTimes: number[] = [];
  for (let k = 0; k < 10; k++) {
    const t0 = performance.now();
    plumeGrid(
      { east: 0, north: 0, heightM: 0, rateGs: 500, windSpeedMs: 2, windFromDeg: 30 + k, stability: 'E' },
      { originEast: -1000, originNorth: -1000, cellM: 2, cols: 1000, rows: 1000 },
      values,
    );
    plumeTimes.push(performance.now() - t0);
  }
  out['plume 1000x1000 median ms'] = median(plumeTimes.slice(2));
  return out;
}
