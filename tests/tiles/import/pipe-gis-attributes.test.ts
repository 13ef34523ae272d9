import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnuFrame } from '../../../core/geo/index.js';
import { PipeGisQaSchema } from '../../../core/contracts/index.js';
import { NetworkLinkSchema, NetworkNodeSchema, type NetworkLink } from '../../../core/model/index.js';
import { burstImpact, prepareNetwork } from '../../../core/simulation/index.js';
import { openStore, type CityStore } from '../../../store/index.js';
import { importPipeGis } from '../../../tiles/import/pipe-gis.js';
import { parseFieldMap } from '../../../tiles/import/pipe-gis-attributes.js';
import { parseImportArgs, runImportCommand } from '../../../tiles/commands/import.command.js';
import { fixture } from './fixtures.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const kyLinks = fixture('epanet', 'ky1-KY-links.geojson');
const kyNodes = fixture('epanet', 'ky1-KY-nodes.geojson');
const mpLines = fixture('sewer-gis-montpelier', 'MontpelierLinearFeatures.geojson');
const mpPoints = fixture('sewer-gis-montpelier', 'MontpelierPointFeatures.geojson');

type Feature = { geometry: { type: string; coordinates: number[][] | number[] }; properties: Record<string, unknown> };
const featuresOf = (text: string): Feature[] => (JSON.parse(text) as { features: Feature[] }).features;
const collection = (features: unknown[]): string => JSON.stringify({ type: 'FeatureCollection', features });
const KY = { source: 'ky1-KY-links.geojson', pointsSource: 'ky1-KY-nodes.geojson', utility: 'water' as const };

describe('pipe GIS attributes, sources, duplicates and QA on the Kentucky ky1 GIS export', () => {
  const linkFeatures = featuresOf(kyLinks);
  const nodeFeatures = featuresOf(kyNodes);

  it('reads diameters (inches, converted), ground levels in feet, the three supply points, one connected piece', () => {
    const t0 = performance.now();
    const r = importPipeGis(kyLinks, kyNodes, { ...KY, heightUnit: 'ft' });
    const ms = performance.now() - t0;
    expect(r.report.errors).toEqual([]);
    const { nodes, links } = r.parts!;
    // Counted here from the file alone: lines drawn with both ends at one position cannot be placed.
    const zeroLength = linkFeatures.filter(
      (f) => JSON.stringify(f.geometry.coordinates[0]) === JSON.stringify(f.geometry.coordinates.at(-1)),
    ).length;
    const positions = nodeFeatures.map((f) => JSON.stringify(f.geometry.coordinates));
    const samePosition = positions.length - new Set(positions).size;
    expect(links).toHaveLength(linkFeatures.length - zeroLength);
    expect(nodes).toHaveLength(nodeFeatures.length - samePosition);
    const bySourceId = new Map(linkFeatures.map((f) => [String(f.properties.id), f.properties]));
    for (const l of links) {
      const p = bySourceId.get(l.provenance.sourceId!)!;
      expect(l.diameterMm, l.id).toBeCloseTo(Number(p.diameter) * 25.4, 1);
      expect(l.attributes.diameterAssumed).toBeUndefined();
      expect(NetworkLinkSchema.safeParse(l).success).toBe(true);
    }
    const node = new Map(nodes.map((n) => [n.provenance.sourceId, n]));
    const j1 = nodeFeatures.find((f) => f.properties.id === 'J-1')!;
    expect(node.get('J-1')!.groundM).toBeCloseTo(Number(j1.properties.elevation) * 0.3048, 3);
    for (const n of nodes) expect(NetworkNodeSchema.safeParse(n).success).toBe(true);
    const supply = nodeFeatures.filter((f) => /reservoir|tank/.test(String(f.properties.kind)));
    const qa = PipeGisQaSchema.parse(r.qa);
    expect(qa.network.sources.map((id) => nodes.find((n) => n.id === id)!.provenance.sourceId).sort()).toEqual(
      supply.map((f) => String(f.properties.id)).sort(),
    );
    expect(qa.network.pieces).toBe(1);
    expect(qa.merged.exactDuplicatePoints.count).toBe(samePosition);
    // Junctions 1 m apart with pipes exactly on them are distinct nodes of the model, not duplicates.
    expect(qa.merged.nearDuplicatePoints.count).toBe(0);
    expect(qa.dropped.loops.count).toBe(zeroLength);
    expect(qa.assumed.diameters.count).toBe(0);
    expect(qa.assumed.invertsMissing.count).toBe(links.length); // no inverts in the file, none invented
    expect(qa.assumed.unitGuesses.join(' ')).toMatch(/inches/);
    expect(qa.mapping.find((m) => m.field === 'diameter')).toMatchObject({ attribute: 'diameter', detected: true });
    console.log(
      `ky1 GIS: ${linkFeatures.length} lines/${nodeFeatures.length} points -> ${links.length} links, ${nodes.length} nodes, ` +
        `${qa.network.sources.length} sources, ${qa.merged.exactDuplicatePoints.count} exact + ${qa.merged.nearDuplicatePoints.count} near duplicates, ${ms.toFixed(0)} ms`,
    );
  });

  it('--map with a unit wins over the guess; bad maps are refused with the reason', () => {
    const map = parseFieldMap('diameter=diameter:mm,material=MATL,year=INSTALLYR,upstreamInvert=UPINV:ft');
    expect(map).toMatchObject({ diameter: { attribute: 'diameter', unit: 'mm', detected: false } });
    const r = importPipeGis(kyLinks, kyNodes, { ...KY, fieldMap: map as Exclude<typeof map, string> });
    const first = r.parts!.links.find((l) => l.provenance.sourceId === 'P-1')!;
    expect(first.diameterMm).toBe(Number(linkFeatures[0]!.properties.diameter));
    expect(r.qa.warnings.join(' ')).toMatch(/no attribute MATL/);
    expect(parseFieldMap('colour=COL')).toMatch(/unknown field "colour"/);
    expect(parseFieldMap('diameter=D:furlong')).toMatch(/unknown unit "furlong"/);
    expect(parseFieldMap('material=M:ft')).toMatch(/material takes no unit/);
    expect(parseImportArgs(['--city', 'x', '--as', 'pipes', '--map', 'diameter=D:yd', 'f.geojson'])).toMatch(/unit/);
    expect(parseImportArgs(['--city', 'x', '--assume-slope', '5', 'f.geojson'])).toMatch(/between 0 and 1/);
  });

  it('reads material, year (from dates) and inverts in feet; --assume-slope invents only what is missing', () => {
    // The ky1 lines with attributes a utility GIS has, in the names it uses (values derived from the pipe ids).
    const withAttrs = collection(
      linkFeatures.map((f, i) => ({
        type: 'Feature',
        geometry: f.geometry,
        properties: {
          FACILITYID: f.properties.id,
          PIPESIZE: f.properties.diameter,
          PIPEMAT: i % 2 ? 'DI' : 'unknown',
          INSTALLDATE: i % 3 ? `${1950 + (i % 60)}-06-01` : null,
          UPINV: i % 4 ? 400 - (i % 7) : null,
          DNINV: 398 - (i % 7),
        },
      })),
    );
    const map = parseFieldMap('upstreamInvert=UPINV:ft,downstreamInvert=DNINV:ft,material=PIPEMAT');
    const r = importPipeGis(withAttrs, kyNodes, { ...KY, fieldMap: map as Exclude<typeof map, string> });
    expect(r.report.errors).toEqual([]);
    const byId = new Map(r.parts!.links.map((l) => [l.provenance.sourceId, l]));
    const idx = linkFeatures.findIndex(
      (f, i) => i % 2 === 1 && i % 3 !== 0 && i % 4 !== 0 && byId.has(String(f.properties.id)),
    );
    const l = byId.get(String(linkFeatures[idx]!.properties.id))!;
    expect(l.material).toBe('DI');
    expect(l.installYear).toBe(1950 + (idx % 60));
    expect(l.fromInvertM).toBeCloseTo((400 - (idx % 7)) * 0.3048, 4);
    expect(l.toInvertM).toBeCloseTo((398 - (idx % 7)) * 0.3048, 4);
    const qa = r.qa;
    const links = r.parts!.links.length;
    expect(qa.mapping.find((m) => m.field === 'year')).toMatchObject({ attribute: 'INSTALLDATE', detected: true });
    expect(qa.assumed.materialsMissing).toBe(r.parts!.links.filter((x) => x.material === undefined).length);
    expect(qa.assumed.materialsMissing).toBeGreaterThan(links / 3); // 'unknown' counts as missing
    const noUp = r.parts!.links.filter((x) => x.attributes.invertMissing === 'upstream');
    expect(noUp.length).toBe(qa.assumed.invertsMissing.count);
    expect(noUp.length).toBeGreaterThan(0);
    const slope = importPipeGis(withAttrs, kyNodes, {
      ...KY,
      fieldMap: map as Exclude<typeof map, string>,
      assumedSlope: 0.01,
    });
    expect(slope.qa.assumed.invertsAssumed).toBe(noUp.length);
    expect(slope.qa.assumed.invertsMissing.count).toBe(0);
    const invented = slope.parts!.links.find((x) => x.id === noUp[0]!.id)!;
    expect(invented.fromInvertM).toBeCloseTo(invented.toInvertM + 0.01 * invented.lengthM, 6);
  });

  it('without kinds no supply is known (QA says so); --sources ids or a source layer mark them; unknown ids fail', () => {
    const plain = collection(
      nodeFeatures.map((f) => ({ ...f, properties: { id: f.properties.id, elevation: f.properties.elevation } })),
    );
    const none = importPipeGis(kyLinks, plain, KY);
    expect(none.qa.network.sources).toEqual([]);
    expect(none.qa.warnings.join(' ')).toMatch(/no reservoir or tank: no burst can be isolated/);
    const marked = importPipeGis(kyLinks, plain, { ...KY, sources: { ids: ['R-1', 'T-1'] } });
    const kinds = marked.parts!.nodes.filter((n) => n.kind === 'reservoir').map((n) => n.provenance.sourceId);
    expect(kinds.sort()).toEqual(['R-1', 'T-1']);
    const bad = importPipeGis(kyLinks, plain, { ...KY, sources: { ids: ['R-9'] } });
    expect(bad.parts).toBeNull();
    expect(bad.report.errors[0]!.message).toMatch(/no point has the id R-9 \(ids look like J-1/);
    // A layer holding the tank T-5 (as a utility keeps its facilities apart): that point becomes a tank.
    const t5 = nodeFeatures.find((f) => f.properties.id === 'T-5')!;
    const layer = collection([{ type: 'Feature', geometry: t5.geometry, properties: { NAME: 'T-5', TYPE: 'Tank' } }]);
    const fromLayer = importPipeGis(kyLinks, plain, { ...KY, sources: { layer: { features: layer, name: 'tanks' } } });
    const tanks = fromLayer.parts!.nodes.filter((n) => n.kind === 'tank');
    expect(tanks.map((n) => n.provenance.sourceId)).toEqual(['T-5']);
    expect(fromLayer.qa.read.sourcePoints).toBe(1);
  });
});

describe('pipe GIS duplicates and orphans on the Montpelier sewer GIS', () => {
  it('merges points digitised twice (counted here from the file), lists points joined to no line', () => {
    const points = featuresOf(mpPoints).filter((f) => f.properties.Status !== 'Abandoned');
    const seen = new Set<string>();
    let exact = 0;
    for (const f of points) {
      const key = `${String(f.properties.Type)}|${JSON.stringify(f.geometry.coordinates)}`;
      if (seen.has(key)) exact++;
      seen.add(key);
    }
    const t0 = performance.now();
    const r = importPipeGis(mpLines, mpPoints, { source: 'lines', pointsSource: 'points' });
    const ms = performance.now() - t0;
    const qa = PipeGisQaSchema.parse(r.qa);
    expect(qa.merged.exactDuplicatePoints.count).toBe(exact);
    expect(qa.merged.exactDuplicatePoints.examples[0]!.note).toMatch(/same position as/);
    for (const e of qa.merged.nearDuplicatePoints.examples) expect(e.distanceM!).toBeLessThanOrEqual(2);
    const nodes = r.parts!.nodes;
    const merged = nodes.reduce((s, n) => s + Number(n.attributes.mergedDuplicates ?? 0), 0);
    expect(merged).toBe(qa.merged.exactDuplicatePoints.count + qa.merged.nearDuplicatePoints.count);
    // Every orphan is a node no link touches; and every such facility node is reported.
    const touched = new Set(r.parts!.links.flatMap((l) => [l.fromNodeId, l.toNodeId]));
    const untouched = nodes.filter((n) => n.kind !== 'junction' && !touched.has(n.id));
    expect(qa.network.orphanFacilities.count).toBe(untouched.length);
    expect(r.report.warnings.some((w) => /joined to no line/.test(w.message))).toBe(true);
    expect(qa.network.pieces).toBeGreaterThan(1); // planning-grade data: gaps remain, and the QA says how many
    expect(qa.assumed.diameters.count).toBe(r.parts!.links.length);
    expect(qa.assumed.diameters.valuesMm).toEqual({ sewer: 200 });
    console.log(
      `Montpelier: ${featuresOf(mpLines).length} lines -> ${r.parts!.links.length} links, ${exact} exact + ${qa.merged.nearDuplicatePoints.count} near duplicate points, ` +
        `${qa.network.orphanFacilities.count} orphan points, ${qa.network.pieces} pieces, ${ms.toFixed(0)} ms`,
    );
  });
});

/**
 * Valve points as a water utility's GIS holds them, derived here from the real ky1 geometry: at each junction where
 * three or more pipes meet, one valve on every pipe but the largest, 3 m from the junction and 0.3 m off the pipe
 * (digitised beside it), as the N-1 valving rule places them; plus three points far from any pipe.
 */
function valveLayer(links: Feature[]): { text: string; expected: number; far: number } {
  const frame = new EnuFrame(-87.59, 37.84);
  const ends = new Map<string, { f: Feature; atStart: boolean }[]>();
  for (const f of links) {
    const c = f.geometry.coordinates as number[][];
    if (JSON.stringify(c[0]) === JSON.stringify(c.at(-1)) || f.properties.kind !== 'pipe') continue;
    for (const [key, atStart] of [
      [String(f.properties.from), true],
      [String(f.properties.to), false],
    ] as const)
      ends.set(key, [...(ends.get(key) ?? []), { f, atStart }]);
  }
  const features: unknown[] = [];
  for (const pipes of ends.values()) {
    if (pipes.length < 3) continue;
    const largest = pipes.reduce((a, b) => (Number(b.f.properties.diameter) > Number(a.f.properties.diameter) ? b : a));
    for (const p of pipes) {
      if (p === largest) continue;
      const c = p.f.geometry.coordinates as number[][];
      const [a, b] = p.atStart ? [c[0]!, c[1]!] : [c.at(-1)!, c.at(-2)!];
      const ea = frame.toEnu(a[0]!, a[1]!, 0),
        eb = frame.toEnu(b[0]!, b[1]!, 0);
      const len = Math.hypot(eb[0] - ea[0], eb[1] - ea[1]);
      if (len < 8) continue; // short pipes keep no valve of their own in this rule
      const ux = (eb[0] - ea[0]) / len,
        uy = (eb[1] - ea[1]) / len;
      const x = ea[0] + 3 * ux - 0.3 * uy,
        y = ea[1] + 3 * uy + 0.3 * ux;
      const ll = frame.fromEnu(x, y, 0);
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [ll[0], ll[1]] },
        properties: { VALVEID: `V-${features.length + 1}`, STATUS: 'Open' },
      });
    }
  }
  const expected = features.length;
  for (let k = 0; k < 3; k++) {
    const ll = frame.fromEnu(5000 + k * 100, 5000, 0);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [ll[0], ll[1]] },
      properties: { VALVEID: `FAR-${k}` },
    });
  }
  return { text: collection(features), expected, far: 3 };
}

/** Plain BFS from the supply nodes over the links, with the closed valve nodes blocking. */
function supplied(links: readonly NetworkLink[], sources: readonly string[], closed: ReadonlySet<string>): Set<string> {
  const adj = new Map<string, string[]>();
  for (const l of links) {
    adj.set(l.fromNodeId, [...(adj.get(l.fromNodeId) ?? []), l.toNodeId]);
    adj.set(l.toNodeId, [...(adj.get(l.toNodeId) ?? []), l.fromNodeId]);
  }
  const seen = new Set(sources);
  const queue = [...sources];
  while (queue.length > 0) {
    const v = queue.pop()!;
    for (const w of adj.get(v) ?? [])
      if (!seen.has(w) && !closed.has(w)) {
        seen.add(w);
        queue.push(w);
      }
  }
  return seen;
}

describe('GIS valve points snapped onto pipes (ky1)', () => {
  it('splits each pipe at its valves, lists the valves not placed, and a burst names snapped valves', () => {
    const links = featuresOf(kyLinks);
    const valves = valveLayer(links);
    const r = importPipeGis(kyLinks, kyNodes, { ...KY, valves: { features: valves.text, name: 'valves.geojson' } });
    expect(r.report.errors).toEqual([]);
    const qa = PipeGisQaSchema.parse(r.qa);
    expect(qa.valves.snapped).toBe(valves.expected);
    expect(qa.valves.notSnapped.count).toBe(valves.far);
    expect(qa.valves.notSnapped.examples.map((e) => e.id)).toEqual(['FAR-0', 'FAR-1', 'FAR-2']);
    for (const e of qa.valves.notSnapped.examples) expect(e.distanceM!).toBeGreaterThan(1);
    const { nodes } = r.parts!;
    const valveNodes = nodes.filter((n) => n.kind === 'valve');
    expect(valveNodes).toHaveLength(valves.expected);
    // Drawn 0.3 m beside their pipe: placed on it, or on a nearer pipe where two run close together.
    for (const v of valveNodes) {
      expect(v.normallyOpen).toBe(true);
      expect(Number(v.attributes.snappedM)).toBeLessThanOrEqual(0.31);
    }
    expect(valveNodes.filter((v) => Math.abs(Number(v.attributes.snappedM) - 0.3) < 0.02).length).toBeGreaterThan(
      0.9 * valveNodes.length,
    );
    // Each valve joins exactly two pieces of its pipe, whose lengths add up to the pipe's.
    const all = r.parts!.links;
    for (const v of valveNodes.slice(0, 50))
      expect(all.filter((l) => l.fromNodeId === v.id || l.toNodeId === v.id)).toHaveLength(2);
    const plain = importPipeGis(kyLinks, kyNodes, KY).parts!.links;
    const total = (ls: readonly NetworkLink[]) => ls.reduce((s, l) => s + l.lengthM, 0);
    expect(total(all)).toBeCloseTo(total(plain), 0);
    expect(all.length).toBe(plain.length + qa.valves.pipeSplits);

    // Bursts on pipes next to valves: isolable, closing only snapped valves; checked by a plain BFS here.
    const net = prepareNetwork(nodes, all);
    const sources = nodes.filter((n) => n.kind === 'reservoir' || n.kind === 'tank').map((n) => n.id);
    const valveIds = new Set(valveNodes.map((v) => v.id));
    const candidates = all.filter((l) => valveIds.has(l.fromNodeId) && valveIds.has(l.toNodeId) === false).slice(0, 40);
    let checked = 0;
    for (const burst of candidates) {
      const impact = burstImpact(net, burst.id, new Map());
      if (!impact.isolable || impact.valvesToClose.length === 0) continue;
      checked++;
      for (const id of impact.valvesToClose) expect(valveIds.has(id), id).toBe(true);
      const closed = new Set(impact.valvesToClose);
      const reach = supplied(all, sources, closed);
      expect(reach.has(burst.fromNodeId) && reach.has(burst.toNodeId), burst.id).toBe(false);
      for (const v of impact.valvesToClose) {
        const without = new Set([...closed].filter((x) => x !== v));
        const r2 = supplied(all, sources, without);
        expect(r2.has(burst.fromNodeId) || r2.has(burst.toNodeId), `${burst.id}: ${v} is needed`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('import --as pipes (command)', () => {
  let dir: string;
  let store: CityStore;
  const lines: string[] = [];
  const io = () => ({ store, log: (l: string) => lines.push(l), now: () => Date.now() });
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-pipegis-'));
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('saves the network, prints the QA summary and writes the QA JSON; refuses a points-free --valves', async () => {
    const qaFile = path.join(dir, 'qa.json');
    const args = ['--city', 'ky-gis', '--as', 'pipes', '--utility', 'water', '--height-unit', 'ft', '--qa-out', qaFile];
    const files = [
      path.join(fixtures, 'epanet', 'ky1-KY-links.geojson'),
      path.join(fixtures, 'epanet', 'ky1-KY-nodes.geojson'),
    ];
    const code = await runImportCommand([...args, ...files], io());
    expect(code, lines.join('\n')).toBe(0);
    const qa = PipeGisQaSchema.parse(JSON.parse(fs.readFileSync(qaFile, 'utf8')));
    expect(qa.network.sources).toHaveLength(3);
    expect(lines.join('\n')).toMatch(/QA: read 985 lines, 859 points; merged 2 exact/);
    expect(lines.join('\n')).toMatch(/map: diameter <- diameter/);
    const counts = await store.countCity('ky-gis');
    expect(counts.links).toBe(qa.network.links);
    expect(counts.nodes).toBe(qa.network.nodes);
    lines.length = 0;
    const bad = await runImportCommand(
      ['--city', 'ky-gis2', '--as', 'pipes', '--utility', 'water', '--valves', files[0]!, files[0]!],
      io(),
    );
    expect(bad).toBe(1);
    expect(lines.join('\n')).toMatch(/--valves ky1-KY-links.geojson: expected a layer of points, found lines/);
  });
});
