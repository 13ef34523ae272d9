import { describe, expect, it } from 'vitest';
import type { NetworkLink, NetworkNode } from '../../../../core/model/index.js';
import { simulateStormEvent, stormLoading } from '../../../../core/simulation/index.js';
import { gravityNetworkToSwmmInp, simulateStormWithSwmm } from '../../../../server/simulation/swmm/index.js';

/** A straight storm sewer: four manholes 75 m apart at 0.3 % and an outfall, all pipes of one diameter. */
function line(diameterMm: number): { nodes: NetworkNode[]; links: NetworkLink[] } {
  const node = (i: number, kind: NetworkNode['kind']): NetworkNode =>
    ({
      id: `n${i}`,
      networkId: 'st',
      utility: 'storm',
      kind,
      position: [121.5 + i * 0.0008, 31.23],
      groundM: 4,
      invertM: 2 - i * 0.225,
      attributes: {},
    }) as unknown as NetworkNode;
  const nodes = [0, 1, 2, 3].map((i) => node(i, 'manhole')).concat(node(4, 'outfall'));
  const links = [0, 1, 2, 3].map(
    (i) =>
      ({
        id: `c${i}`,
        networkId: 'st',
        utility: 'storm',
        kind: 'conduit',
        fromNodeId: `n${i}`,
        toNodeId: `n${i + 1}`,
        path: [nodes[i]!.position, nodes[i + 1]!.position],
        diameterMm,
        lengthM: 75,
        fromInvertM: nodes[i]!.invertM,
        toInvertM: nodes[i + 1]!.invertM,
        attributes: {},
      }) as unknown as NetworkLink,
  );
  return { nodes, links };
}

describe('server/simulation/swmm/swmm-storm', () => {
  it('exports junctions, an outfall, conduits with elevation offsets and scaled inflows', () => {
    const { nodes, links } = line(600);
    const inp = gravityNetworkToSwmmInp(nodes, links, stormLoading(nodes, links, [], { returnPeriodYears: 3 }));
    expect(inp).toMatch(/^n0 2 2 0 0 200$/m);
    expect(inp).toMatch(/^n4 1.1 FREE NO$/m);
    expect(inp).toMatch(/^c0 n0 n1 75 0.013 2 1.775 0 0$/m);
    expect(inp).toMatch(/^c0 CIRCULAR 0.6 0 0 0 1$/m);
    // Strip 20 m x 75 m x 0.85 drains to each conduit's upstream node.
    expect(inp).toMatch(/^n0 FLOW runoff FLOW 1.0 1275$/m);
  });

  it('routes a 3-year storm through large pipes without flooding, outflow equal to runoff', async () => {
    const { nodes, links } = line(1000);
    const r = await simulateStormWithSwmm(nodes, links, [], { returnPeriodYears: 3, stripWidthM: 200 });
    expect(r.engine).toBe('swmm');
    expect(r.flooded).toEqual([]);
    expect(Math.abs(r.swmm.continuityErrorPct!)).toBeLessThan(1);
    expect(r.outfallVolumeM3).toBeGreaterThan(r.inflowVolumeM3 * 0.97);
    expect(r.outfallVolumeM3).toBeLessThan(r.inflowVolumeM3 * 1.03);
    expect(r.timeline.nodeDepthM[0]!.length).toBe(nodes.length);
  }, 60_000);

  it('floods the head of an undersized line, as the simplified router does', async () => {
    const { nodes, links } = line(300);
    const input = { returnPeriodYears: 10, stripWidthM: 400 };
    const swmm = await simulateStormWithSwmm(nodes, links, [], input);
    const simple = simulateStormEvent(nodes, links, [], input);
    expect(swmm.flooded.length).toBeGreaterThan(0);
    expect(simple.flooded.length).toBeGreaterThan(0);
    // Flooding starts once the rain has begun, within the storm, and puts water on the surface.
    expect(swmm.flooded[0]!.firstFloodAtMin).toBeGreaterThan(0);
    expect(swmm.flooded[0]!.firstFloodAtMin).toBeLessThan(120);
    expect(swmm.flooded.reduce((s, f) => s + f.floodVolumeM3, 0)).toBeGreaterThan(0);
  }, 60_000);
});
