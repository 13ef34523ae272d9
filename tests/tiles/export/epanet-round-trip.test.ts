import { describe, expect, it } from 'vitest';
import type { NetworkLink, NetworkNode } from '../../../core/model/index.js';
import { importEpanetInp } from '../../../tiles/import/epanet-inp.js';
import type { PlacementRequest } from '../../../tiles/import/coordinate-placement.js';
import { sameValue, writeInp } from '../../../tiles/export/epanet-inp-writer.js';
import { importedInp } from '../../../tiles/export/imported-inp.js';
import { fixture } from '../import/fixtures.js';
import { solveHeads } from './solve-inp.js';

const schematic: PlacementRequest = { kind: 'anchor', anchorLonLat: [121.5, 31.23], metresPerUnit: 10 };
const KY: PlacementRequest = { kind: 'crs', crs: 'EPSG:3089' };
/** Every .inp fixture; ky1-valved has pumps, tanks and valves, Net1-3 pumps, tanks and controls over 24-72 h. */
const FIXTURES: [string, PlacementRequest][] = [
  ['Net1.inp', schematic],
  ['Net2.inp', schematic],
  ['Net3.inp', schematic],
  ['Modena.inp', { kind: 'crs', crs: 'EPSG:3003' }],
  ['ky1.inp', KY],
  ['ky1-valved.inp', KY],
];
const FT = 0.3048;
const clean = (text: string): string =>
  text
    .replace(/\0/g, '')
    .split(/\r\n|\n|\r/)
    .join('\n');

/** Headers in the order the file has them (an independent look at the text). */
const headers = (text: string): string[] => text.split('\n').filter((l) => /^\s*\[/.test(l));

/** Compares the heads of two solutions at every node and hydraulic step, in metres. */
async function expectSameHeads(original: string, exported: string, metresPerUnit: number): Promise<number> {
  const a = await solveHeads(original);
  const b = await solveHeads(exported);
  expect(b.times).toEqual(a.times);
  let worst = 0;
  for (const [id, ha] of a.pressures) {
    const hb = b.pressures.get(id);
    expect(hb, `node ${id} in the export`).toBeDefined();
    ha.forEach((h, t) => {
      const d = Math.abs(h - hb![t]!) * metresPerUnit;
      worst = Math.max(worst, d);
      expect(d, `node ${id} step ${t}`).toBeLessThanOrEqual(0.01);
    });
  }
  return worst;
}

describe('faithful .inp round trip', () => {
  it.each(FIXTURES)('%s: an unchanged network is written back as the file it came from', async (file, placement) => {
    const original = fixture('epanet', file);
    const parts = importEpanetInp(original, { source: file, placement, prefix: 'w-' }).parts!;
    const t0 = performance.now();
    const written = writeInp(parts.networks[0]!, parts.nodes, parts.links);
    const ms = performance.now() - t0;
    // Byte for byte, line ends included (only the NUL padding of Modena is gone).
    expect(written).toBe(original.replace(/\0/g, ''));
    // What an export of a network still as imported writes, without its rows: the same text.
    expect(importedInp(parts.networks[0]!)).toBe(written);
    expect(headers(clean(written))).toEqual(headers(clean(original)));
    const unit = /Units\s+(GPM|CFS|MGD|IMGD|AFD)/i.test(original) ? FT : 1;
    const worst = await expectSameHeads(clean(original), clean(written), unit);
    console.log(`${file}: export ${ms.toFixed(0)} ms, worst head difference ${worst.toFixed(4)} m`);
  });

  it('tells an unchanged record from a changed one whatever the order of its keys', () => {
    const a = { id: 'J1', position: [1.5, 2], hydraulics: { demandLps: 0.1, demandPattern: '1' }, name: undefined };
    expect(sameValue(a, { hydraulics: { demandPattern: '1', demandLps: 0.1 }, position: [1.5, 2], id: 'J1' })).toBe(
      true,
    );
    expect(sameValue(a, { ...a, hydraulics: { demandLps: 0.1, demandPattern: '2' } })).toBe(false);
    expect(sameValue(a, { ...a, position: [2, 1.5] })).toBe(false);
    expect(sameValue(a, { ...a, position: [1.5, 2, 0] })).toBe(false);
    expect(sameValue(a, { ...a, name: 'J one' })).toBe(false);
    expect(sameValue(a, { ...a, extra: null })).toBe(false);
    expect(sameValue([], {})).toBe(false);
  });

  it('changes only the rows of what the twin changed, added or removed (Net3: pumps, tanks, controls)', async () => {
    const original = clean(fixture('epanet', 'Net3.inp'));
    const parts = importEpanetInp(original, { source: 'Net3.inp', placement: schematic }).parts!;
    const net = parts.networks[0]!;
    // The twin raises one junction's demand and widens one pipe; it adds a junction on a new pipe.
    const nodes: NetworkNode[] = parts.nodes.map((n) =>
      n.id === '123' ? { ...n, hydraulics: { ...n.hydraulics, demandLps: (n.hydraulics?.demandLps ?? 0) + 5 } } : n,
    );
    const links: NetworkLink[] = parts.links.map((l) => (l.id === '20' ? { ...l, diameterMm: 600 } : l));
    const at = nodes.find((n) => n.id === '123')!;
    nodes.push({
      ...at,
      id: 'new-hydrant',
      provenance: { source: 'twin', synthetic: false },
      position: [at.position[0] + 0.0005, at.position[1]],
      hydraulics: { demandLps: 1 },
      attributes: {},
    });
    links.push({
      ...links.find((l) => l.id === '20')!,
      id: 'new-pipe',
      fromNodeId: '123',
      toNodeId: 'new-hydrant',
      path: [at.position, [at.position[0] + 0.0005, at.position[1]]],
      lengthM: 40,
      diameterMm: 100,
      provenance: { source: 'twin', synthetic: false },
      attributes: {},
    });
    const written = writeInp(net, nodes, links);
    const before = original.split('\n');
    const after = written.split('\n');
    const removed = before.filter((l) => !after.includes(l));
    const added = after.filter((l) => !before.includes(l));
    // Exactly the junction row of 123 and the pipe row of 20 were replaced.
    expect(removed.map((l) => l.trim().split(/\s+/)[0])).toEqual(['123', '20']);
    expect(added.filter((l) => /^ (123|20)\t/.test(l))).toHaveLength(2);
    // The new elements: a junction, a pipe and a coordinate row.
    expect(added.filter((l) => /new-hydrant|new-pipe/.test(l)).length).toBe(3);
    expect(headers(written)).toEqual(headers(original));
    // The original order is kept: the changed rows sit where they were.
    const idx = (lines: string[], id: string): number => lines.findIndex((l) => l.trim().split(/\s+/)[0] === id);
    expect(idx(after, '20')).toBe(idx(before, '20'));
    expect(idx(after, '123')).toBe(idx(before, '123'));
    const again = importEpanetInp(written, { source: 'Net3.inp', placement: schematic });
    expect(again.report.errors).toEqual([]);
    expect(again.parts!.links.find((l) => l.id === '20')!.diameterMm).toBeCloseTo(600, 3);
    expect(again.parts!.nodes.find((n) => n.id === '123')!.hydraulics!.demandLps).toBeCloseTo(
      (parts.nodes.find((n) => n.id === '123')!.hydraulics!.demandLps ?? 0) + 5,
      6,
    );
    expect(again.parts!.nodes.some((n) => n.id === 'new-hydrant')).toBe(true);
    // It still solves over the 7 days of Net3 (the same steps as the original).
    const a = await solveHeads(original);
    const b = await solveHeads(written);
    expect(b.times.length).toBeGreaterThan(24);
    expect(b.pressures.has('new-hydrant')).toBe(true);
    expect(a.pressures.size + 1).toBe(b.pressures.size);
  });

  it('a removed pipe loses its rows everywhere (pipe, vertices, tags); the rest stays as it was', () => {
    const original = clean(fixture('epanet', 'Net2.inp'));
    const parts = importEpanetInp(original, { source: 'Net2.inp', placement: schematic }).parts!;
    const gone = parts.links.find((l) => l.kind === 'pipe' && parts.links.indexOf(l) > 5)!;
    const written = writeInp(
      parts.networks[0]!,
      parts.nodes,
      parts.links.filter((l) => l !== gone),
    );
    const rowsOf = (text: string) => text.split('\n').filter((l) => l.trim().split(/\s+/)[0] === gone.id);
    expect(rowsOf(original).length).toBeGreaterThan(0);
    // Net2 has node ids equal to some link ids: only the link's own rows may go.
    const removed = original.split('\n').filter((l) => !written.split('\n').includes(l));
    expect(removed.length).toBeGreaterThan(0);
    for (const l of removed) expect(l.trim().split(/\s+/)[0]).toBe(gone.id);
    expect(written.split('\n').length).toBe(original.split('\n').length - removed.length);
  });
});
