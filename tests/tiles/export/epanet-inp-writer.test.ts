import { describe, expect, it } from 'vitest';
import type { Network, NetworkLink, NetworkNode } from '../../../core/model/index.js';
import { importEpanetInp } from '../../../tiles/import/epanet-inp.js';
import { writeInp } from '../../../tiles/export/epanet-inp-writer.js';
import { fixture } from '../import/fixtures.js';
import { solvePressures } from './solve-inp.js';

const schematic = { kind: 'anchor' as const, anchorLonLat: [121.5, 31.23] as [number, number], metresPerUnit: 10 };
const cases = [
  ['Net1.inp', schematic],
  ['Net2.inp', schematic],
  ['Net3.inp', schematic],
  ['Modena.inp', { kind: 'crs' as const, crs: 'EPSG:3003' }],
  ['ky1.inp', { kind: 'crs' as const, crs: 'EPSG:3089' }],
] as const;

describe('tiles/export/epanet-inp-writer', () => {
  it.each(cases)(
    '%s: written afresh and re-imported gives the same counts; epanet-js gives the same pressures',
    async (file, placement) => {
      const original = fixture('epanet', file);
      // Without the kept source text the writer writes every row afresh (networks imported before it was kept).
      const first = importEpanetInp(original, { source: file, placement, prefix: 'w-', keepSourceText: false }).parts!;
      const written = writeInp(first.networks[0]!, first.nodes, first.links);
      const again = importEpanetInp(written, { source: file, placement, prefix: 'w-' });
      expect(again.report.errors).toEqual([]);
      const kinds = (items: { kind: string }[]) =>
        items.reduce<Record<string, number>>((m, i) => ({ ...m, [i.kind]: (m[i.kind] ?? 0) + 1 }), {});
      expect(kinds(again.parts!.nodes)).toEqual(kinds(first.nodes));
      expect(kinds(again.parts!.links)).toEqual(kinds(first.links));
      // Positions survive the trip through the original CRS (a datum shift round trip costs under a millimetre).
      first.nodes.forEach((n, i) => {
        expect(Math.abs(n.position[0] - again.parts!.nodes[i]!.position[0])).toBeLessThan(1e-7);
        expect(Math.abs(n.position[1] - again.parts!.nodes[i]!.position[1])).toBeLessThan(1e-7);
      });
      const a = await solvePressures(original.replace(/\0/g, ''));
      const b = await solvePressures(written);
      expect(b.times).toEqual(a.times);
      expect(a.pressures.size).toBe(first.nodes.length);
      for (const [id, pa] of a.pressures) {
        const pb = b.pressures.get(id);
        expect(pb, `node ${id} in the export`).toBeDefined();
        pa.forEach((p, t) => expect(Math.abs(p - pb![t]!), `node ${id} step ${t}`).toBeLessThanOrEqual(1e-3));
      }
    },
  );

  it('writes a network without EPANET metadata (the demo) with SI defaults; valve nodes become junctions', async () => {
    const network: Network = {
      id: 'water-demo',
      utility: 'water',
      name: 'demo water',
      provenance: { source: 'test', synthetic: true },
      metadata: {},
    };
    const base = {
      networkId: network.id,
      utility: 'water' as const,
      gridId: null,
      provenance: { source: 'test', synthetic: true },
      attributes: {},
    };
    const node = (
      id: string,
      kind: NetworkNode['kind'],
      lon: number,
      extra: Partial<NetworkNode> = {},
    ): NetworkNode => ({ ...base, id, kind, position: [121.5 + lon, 31.23], groundM: 4, invertM: 3, ...extra });
    const nodes = [
      node('res', 'reservoir', 0, { hydraulics: { headM: 40 } }),
      node('a', 'junction', 0.001, { hydraulics: { demandLps: 2 } }),
      node('v', 'valve', 0.002, { normallyOpen: true }),
      node('b', 'hydrant', 0.003, { hydraulics: { demandLps: 1 } }),
    ];
    const link = (id: string, from: string, to: string): NetworkLink => ({
      ...base,
      id,
      kind: 'pipe',
      fromNodeId: from,
      toNodeId: to,
      path: [
        [0, 0],
        [0, 0],
      ].map((_, i) => (i ? nodes.find((n) => n.id === to)! : nodes.find((n) => n.id === from)!).position) as [
        number,
        number,
      ][],
      lengthM: 100,
      diameterMm: 150,
      fromInvertM: 3,
      toInvertM: 3,
    });
    const links = [link('p1', 'res', 'a'), link('p2', 'a', 'v'), link('p3', 'v', 'b')];
    const text = writeInp(network, nodes, links);
    expect(text).toMatch(/Units\s+LPS/);
    expect(text).toMatch(/Headloss\s+H-W/);
    expect(/\[JUNCTIONS\][\s\S]*?\n v\t3\t0\t;/.test(text)).toBe(true);
    const { pressures } = await solvePressures(text);
    // 40 m head, pipes 3 m above datum, small demands: pressures just under 37 m, falling downstream.
    const pa = pressures.get('a')![0]!,
      pb = pressures.get('b')![0]!;
    expect(pa).toBeLessThan(37);
    expect(pa).toBeGreaterThan(35);
    expect(pb).toBeLessThan(pa);
    const reimported = importEpanetInp(text, { placement: { kind: 'crs', crs: 'EPSG:4326' } });
    expect(reimported.report.errors).toEqual([]);
    expect(reimported.parts!.nodes.find((n) => n.id === 'b')!.position[0]).toBeCloseTo(121.503, 9);
  });

  it('refuses a link whose node is not given', () => {
    const parts = importEpanetInp(fixture('epanet', 'Net1.inp'), { placement: schematic }).parts!;
    expect(() => writeInp(parts.networks[0]!, parts.nodes.slice(1), parts.links)).toThrow(RangeError);
  });
});
