import { describe, expect, it } from 'vitest';
import { EnuFrame, localDistanceM } from '../../../core/geo/index.js';
import { NetworkLinkSchema, NetworkNodeSchema, NetworkSchema } from '../../../core/model/index.js';
import { importEpanetInp } from '../../../tiles/import/epanet-inp.js';
import { expectClose } from '../../helpers/expect-close.js';
import { countSectionLines, fixture } from './fixtures.js';

const SHANGHAI: [number, number] = [121.5, 31.23];
const schematic = { kind: 'anchor' as const, anchorLonLat: SHANGHAI, metresPerUnit: 10 };

function imported(file: string, placement: NonNullable<Parameters<typeof importEpanetInp>[1]>['placement']) {
  const r = importEpanetInp(fixture('epanet', file), { source: file, placement });
  expect(r.report.errors).toEqual([]);
  return r.parts!;
}

describe('tiles/import/epanet-inp', () => {
  it.each([
    ['Net1.inp', schematic],
    ['Net2.inp', schematic],
    ['Net3.inp', schematic],
    ['Modena.inp', { kind: 'crs' as const, crs: 'EPSG:3003' }],
    ['ky1.inp', { kind: 'crs' as const, crs: 'EPSG:3089' }],
  ])('%s: node and link counts equal the sections, every link end exists, records validate', (file, placement) => {
    const text = fixture('epanet', file);
    const parts = imported(file, placement);
    const count = (s: string) => countSectionLines(text, s);
    expect(parts.nodes.filter((n) => n.kind === 'junction')).toHaveLength(count('JUNCTIONS'));
    expect(parts.nodes.filter((n) => n.kind === 'reservoir')).toHaveLength(count('RESERVOIRS'));
    expect(parts.nodes.filter((n) => n.kind === 'tank')).toHaveLength(count('TANKS'));
    expect(parts.links.filter((l) => l.kind === 'pipe')).toHaveLength(count('PIPES'));
    expect(parts.links.filter((l) => l.kind === 'pump')).toHaveLength(count('PUMPS'));
    expect(parts.links.filter((l) => l.kind === 'valve')).toHaveLength(count('VALVES'));
    const ids = new Set(parts.nodes.map((n) => n.id));
    for (const l of parts.links) {
      expect(ids.has(l.fromNodeId) && ids.has(l.toNodeId), `link ${l.id}`).toBe(true);
      expect(NetworkLinkSchema.safeParse(l).success, `link ${l.id} validates`).toBe(true);
    }
    for (const n of parts.nodes) expect(NetworkNodeSchema.safeParse(n).success, `node ${n.id} validates`).toBe(true);
    expect(NetworkSchema.safeParse(parts.networks[0]).success).toBe(true);
    // Metadata must survive a JSON round trip (the store keeps it as JSON).
    expect(JSON.parse(JSON.stringify(parts.networks[0]!.metadata))).toEqual(parts.networks[0]!.metadata);
  });

  it('Net3 has 97 nodes and 119 links', () => {
    const parts = imported('Net3.inp', schematic);
    expect(parts.nodes).toHaveLength(97);
    expect(parts.links).toHaveLength(119);
    expect(parts.links.find((l) => l.id === '10')!.hydraulics!.status).toBe('closed'); // from [STATUS]
  });

  it('converts Net1 US units (GPM, ft, in) to SI', () => {
    const text = fixture('epanet', 'Net1.inp');
    const parts = imported('Net1.inp', schematic);
    const j11 = parts.nodes.find((n) => n.id === '11')!;
    const row = /^\s*11\s+(\S+)\s+(\S+)/m.exec(text.slice(text.indexOf('[JUNCTIONS]')))!;
    expectClose(j11.hydraulics!.demandLps!, Number(row[2]) * 0.0630901964, 1e-9, 'demand L/s');
    expectClose(j11.invertM, Number(row[1]) * 0.3048, 1e-9, 'elevation m');
    expectClose(j11.groundM - j11.invertM, 1.0, 1e-9, 'assumed cover');
    const p10 = parts.links.find((l) => l.id === '10' && l.kind === 'pipe')!;
    expectClose(p10.diameterMm, 18 * 25.4, 1e-9, 'diameter mm');
    expectClose(p10.lengthM, 10530 * 0.3048, 1e-9, 'length m');
    const tank = parts.nodes.find((n) => n.kind === 'tank')!;
    expectClose(tank.hydraulics!.tank!.diameterM, 50.5 * 0.3048, 1e-9, 'tank diameter m');
    expect(parts.networks[0]!.metadata.epanet).toMatchObject({ flowUnits: 'GPM', headloss: 'H-W' });
  });

  it('places a schematic network with its bbox centre on the anchor, scaled', () => {
    const parts = imported('Net1.inp', schematic);
    const frame = new EnuFrame(...SHANGHAI);
    const enu = parts.nodes.map((n) => frame.toEnu(n.position[0], n.position[1]));
    const xs = enu.map((e) => e[0]),
      ys = enu.map((e) => e[1]);
    expectClose((Math.min(...xs) + Math.max(...xs)) / 2, 0, 0.01, 'bbox centre east');
    expectClose((Math.min(...ys) + Math.max(...ys)) / 2, 0, 0.01, 'bbox centre north');
    const a = parts.nodes.find((n) => n.id === '10')!,
      b = parts.nodes.find((n) => n.id === '11')!;
    // Nodes 10 (20,70) and 11 (30,70) are 10 drawing units apart: 100 m at 10 m per unit.
    expectClose(localDistanceM(a.position[0], a.position[1], b.position[0], b.position[1]), 100, 0.01, 'distance m');
  });

  it('places Modena (EPSG:3003) in Modena, within 1 m of the reference GeoJSON', () => {
    const parts = imported('Modena.inp', { kind: 'crs', crs: 'EPSG:3003' });
    // The provenance gives Modena's extent to 3 decimals (10.886-10.964 E, 44.619-44.669 N): allow that rounding.
    for (const n of parts.nodes) {
      expect(n.position[0]).toBeGreaterThan(10.885);
      expect(n.position[0]).toBeLessThan(10.965);
      expect(n.position[1]).toBeGreaterThan(44.618);
      expect(n.position[1]).toBeLessThan(44.67);
    }
    const ref = JSON.parse(fixture('epanet', 'modena-IT-nodes.geojson')) as {
      features: { geometry: { coordinates: [number, number] }; properties: { id: string } }[];
    };
    expect(ref.features.length).toBe(parts.nodes.length);
    for (const f of ref.features) {
      const n = parts.nodes.find((m) => m.provenance.sourceId === f.properties.id)!;
      const [lon, lat] = f.geometry.coordinates;
      expect(localDistanceM(n.position[0], n.position[1], lon, lat), `node ${f.properties.id}`).toBeLessThan(1);
    }
  });

  it('places ky1 (EPSG:3089, US feet) near Henderson, Kentucky, within 1 m of the reference', () => {
    const parts = imported('ky1.inp', { kind: 'crs', crs: 'EPSG:3089' });
    const henderson: [number, number] = [-87.59, 37.836];
    for (const n of parts.nodes)
      expect(localDistanceM(n.position[0], n.position[1], ...henderson)).toBeLessThan(15_000);
    const ref = JSON.parse(fixture('epanet', 'ky1-KY-nodes.geojson')) as {
      features: { geometry: { coordinates: [number, number] }; properties: { id: string } }[];
    };
    let compared = 0;
    for (const f of ref.features) {
      const n = parts.nodes.find((m) => m.provenance.sourceId === f.properties.id);
      if (!n) continue;
      compared++;
      expect(
        localDistanceM(n.position[0], n.position[1], ...f.geometry.coordinates),
        `node ${f.properties.id}`,
      ).toBeLessThan(1);
    }
    expect(compared).toBe(parts.nodes.length);
  });

  it('prefixes ids and keeps the EPANET id in provenance', () => {
    const r = importEpanetInp(fixture('epanet', 'Net1.inp'), {
      source: 'Net1.inp',
      placement: schematic,
      prefix: 'net1-',
      networkId: 'w1',
    });
    const node = r.parts!.nodes.find((n) => n.provenance.sourceId === '11')!;
    expect(node.id).toBe('net1-11');
    expect(node.networkId).toBe('w1');
    const pipe = r.parts!.links.find((l) => l.provenance.sourceId === '111')!;
    expect([pipe.fromNodeId, pipe.toNodeId]).toEqual(['net1-11', 'net1-21']);
  });

  it('states its assumptions and reports the NUL padding of Modena', () => {
    const r = importEpanetInp(fixture('epanet', 'Modena.inp'), {
      source: 'Modena.inp',
      placement: { kind: 'crs', crs: 'EPSG:3003' },
    });
    expect(r.report.assumptions.join(' ')).toMatch(/1 m of cover/);
    expect(r.report.warnings.some((w) => /NUL/.test(w.message))).toBe(true);
  });
});
