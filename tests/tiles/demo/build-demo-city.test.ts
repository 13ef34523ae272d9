import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CityBundleSchema, UTILITIES, type CityBundle } from '../../../core/model/index.js';
import { buildDemo, SOURCE_DIR, utilityParts } from './demo-fixture.js';

let bundle: CityBundle;
let again: CityBundle;
let other: CityBundle;
let buildMs = 0;

beforeAll(async () => {
  const t0 = performance.now();
  bundle = await buildDemo(42);
  buildMs = performance.now() - t0;
  again = await buildDemo(42);
  other = await buildDemo(43);
});

describe('tiles/demo/build-demo-city', () => {
  it('is a valid bundle for the Lujiazui demo city, built in seconds', () => {
    expect(() => CityBundleSchema.parse(bundle)).not.toThrow();
    expect(bundle.city.id).toBe('shanghai-lujiazui');
    expect(bundle.city.name).toBe('陆家嘴-外滩');
    expect(bundle.city.attribution.join('\n')).toContain('© OpenStreetMap contributors, ODbL 1.0');
    expect(bundle.city.attribution.join('\n')).toContain('synthetic (GridTwin demo generator, seed 42)');
    expect(bundle.city.groundElevationM).toBeGreaterThanOrEqual(3);
    expect(bundle.city.groundElevationM).toBeLessThanOrEqual(5);
    expect(buildMs).toBeLessThan(15_000);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(again).toEqual(bundle);
    expect(other.buildings).toEqual(
      bundle.buildings.map((b) => ({ ...b, gridId: other.buildings.find((o) => o.id === b.id)!.gridId })),
    );
    const waterOf = (b: CityBundle): unknown =>
      b.links.filter((l) => l.utility === 'water').map((l) => [l.fromNodeId, l.toNodeId, l.diameterMm, l.installYear]);
    expect(waterOf(other)).not.toEqual(waterOf(bundle));
    expect(other.city.seed).toBe(43);
  });

  it('merges OSM pieces into about 1,400 buildings with unique ids', () => {
    expect(bundle.buildings.length).toBeGreaterThan(1_350);
    expect(bundle.buildings.length).toBeLessThan(1_500);
    expect(new Set(bundle.buildings.map((b) => b.id)).size).toBe(bundle.buildings.length);
    const parts = bundle.buildings.filter((b) => b.attributes.rootId);
    const ids = new Set(bundle.buildings.map((b) => b.id));
    for (const p of parts) expect(ids.has(String(p.attributes.rootId))).toBe(true);
  });

  it('keeps the named landmarks with their heights', () => {
    const tower = bundle.buildings.find((b) => b.name === '上海中心大厦')!;
    expect(tower.nameEn).toBe('Shanghai Tower');
    expect(tower.roofHeightM).toBeCloseTo(632, 0);
    expect(tower.heightEstimated).toBe(false);
    expect(tower.floors).toBe(128);
    const towerParts = bundle.buildings.filter((b) => b.attributes.rootId === tower.id);
    expect(Math.max(...towerParts.map((p) => p.roofHeightM))).toBeCloseTo(632, 0);
    expect(towerParts.every((p) => p.population === 0)).toBe(true);
    // The Oriental Pearl's spheres are parts standing on their min_height.
    const pearlParts = bundle.buildings.filter((b) => b.attributes.rootId === 'osm-b-40778038');
    expect(pearlParts.some((p) => p.baseHeightM > 250)).toBe(true);
    expect(bundle.buildings.filter((b) => b.address).length).toBeGreaterThan(100);
  });

  it('names and sizes the four landmarks from the published figures, in both languages', () => {
    const find = (en: string) => bundle.buildings.filter((b) => b.nameEn === en);
    const expected: [string, string, number, number | undefined][] = [
      ['Shanghai Tower', '上海中心大厦', 632, 128],
      ['Shanghai World Financial Center', '上海环球金融中心', 492, 101],
      ['Jin Mao Tower', '金茂大厦', 420.5, 88],
      ['Oriental Pearl Tower', '东方明珠广播电视塔', 468, undefined],
    ];
    for (const [en, zh, height, floors] of expected) {
      const [b, ...more] = find(en);
      expect(more, en).toEqual([]);
      expect(b, en).toMatchObject({ name: zh, roofHeightM: height, heightEstimated: false });
      expect(b!.floors, en).toBe(floors);
      expect(b!.attributes.landmark).toBe(true);
      // People bounded by the published floor area: at most one per 10 m² of it.
      expect(b!.population, en).toBeLessThanOrEqual(Number(b!.attributes.grossFloorAreaM2) / 10);
    }
    // Shanghai Tower: about 19,000 people (380,000 m² x 0.75 / 15 m² per person), not 46,802.
    expect(find('Shanghai Tower')[0]!.population).toBe(19_000);
    // The 17 m outline OSM names SWFC is its podium, named so; the 492 m tower carries the name.
    const podium = bundle.buildings.find((b) => b.id === 'osm-b-165591946')!;
    expect(podium.nameEn).toBe('Shanghai World Financial Center podium');
    expect(podium.roofHeightM).toBeLessThan(30);
    // Jin Mao was missing from the extract: added where no other building stands.
    const jm = find('Jin Mao Tower')[0]!;
    expect(jm.provenance.synthetic).toBe(true);
    expect(jm.attributes.footprintApproximate).toBe(true);
  });

  it('bounds people per building and per cell by floor area, and marks them as estimates', () => {
    for (const b of bundle.buildings) {
      const gfa = Number(b.attributes.grossFloorAreaM2 ?? 0) || Number(b.attributes.footprintM2 ?? 0) * (b.floors ?? 1);
      expect(b.population, b.id).toBeLessThanOrEqual(gfa / 10 + 1);
      expect(b.attributes.populationEstimated, b.id).toBe(true);
      if (b.floors !== undefined) expect(b.floors, b.id).toBeLessThanOrEqual(Math.ceil(b.roofHeightM / 2.5));
    }
    const byCell = new Map<string, { people: number; gfa: number }>();
    for (const b of bundle.buildings) {
      if (!b.gridId) continue;
      const c = byCell.get(b.gridId) ?? { people: 0, gfa: 0 };
      c.people += b.population;
      c.gfa += Number(b.attributes.grossFloorAreaM2 ?? 0) || Number(b.attributes.footprintM2 ?? 0) * (b.floors ?? 1);
      byCell.set(b.gridId, c);
    }
    expect(byCell.size).toBeGreaterThan(10);
    for (const [cell, c] of byCell) expect(c.people, cell).toBeLessThanOrEqual(c.gfa / 10 + 1);
  });

  it('carries the city time zone and names most network assets by their road', () => {
    expect(bundle.city.timeZone).toBe('Asia/Shanghai');
    const all = [...bundle.nodes, ...bundle.links];
    const named = all.filter((x) => typeof x.attributes.road === 'string');
    expect(named.length / all.length).toBeGreaterThan(0.5);
    const valves = bundle.nodes.filter((n) => n.kind === 'valve');
    expect(valves.filter((v) => v.attributes.road).length / valves.length).toBeGreaterThan(0.8);
    expect(named.some((x) => typeof x.attributes.roadEn === 'string')).toBe(true);
  });

  it('flags estimated heights exactly where the source had none', () => {
    const features = JSON.parse(readFileSync(path.join(SOURCE_DIR, 'shanghai-buildings.geojson'), 'utf8')).features as {
      properties: Record<string, unknown>;
    }[];
    const height = new Map<string, number>();
    const base = new Map<string, number>();
    for (const f of features) {
      const key = `${f.properties.kind === 'building' ? 'osm-b' : 'osm-bp'}-${String(f.properties.id).replace(/^-/, 'r')}`;
      if (typeof f.properties.height === 'number') height.set(key, f.properties.height);
      if (typeof f.properties.min_height === 'number') base.set(key, f.properties.min_height);
    }
    // A root's height is its tallest part's when that is higher.
    for (const f of features) {
      if (f.properties.kind !== 'building_part' || typeof f.properties.height !== 'number') continue;
      const root = `osm-b-${f.properties.root_id}`;
      height.set(root, Math.max(height.get(root) ?? 0, f.properties.height));
    }
    let estimated = 0;
    for (const b of bundle.buildings) {
      // Landmarks the extract lacks are added with their published heights (tiles/demo/landmarks.ts).
      if (b.provenance.source === 'gridtwin-landmarks') continue;
      const h = height.get(b.id);
      const expected = h === undefined || h <= (base.get(b.id) ?? 0);
      expect(b.heightEstimated, b.id).toBe(expected);
      if (b.heightEstimated) estimated++;
      expect(b.roofHeightM).toBeGreaterThan(b.baseHeightM);
    }
    expect(estimated).toBeGreaterThan(500);
  });

  it('has all seven utilities, synthetic and with nodes and links', () => {
    expect(bundle.networks.map((n) => n.utility).sort()).toEqual([...UTILITIES].sort());
    for (const n of bundle.networks) {
      expect(n.metadata.synthetic).toBe(true);
      expect(n.metadata.seed).toBe(42);
      const { nodes, links } = utilityParts(bundle, n.utility);
      expect(nodes.length, n.utility).toBeGreaterThan(10);
      expect(links.length, n.utility).toBeGreaterThan(10);
      expect(nodes.every((x) => x.provenance.synthetic && x.provenance.source === 'gridtwin-demo')).toBe(true);
      expect(links.every((x) => x.provenance.synthetic && x.provenance.source === 'gridtwin-demo')).toBe(true);
    }
    const ids = [...bundle.nodes.map((n) => n.id), ...bundle.links.map((l) => l.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(bundle.nodes.every((n) => /^[wsrgpth]-[nv]-\d{6}$/.test(n.id))).toBe(true);
    expect(bundle.links.every((l) => /^[wsrgpth]-l-\d{6}$/.test(l.id))).toBe(true);
  });

  it('starts and ends every link path at its nodes', () => {
    const byId = new Map(bundle.nodes.map((n) => [n.id, n]));
    for (const l of bundle.links) {
      const from = byId.get(l.fromNodeId)!,
        to = byId.get(l.toNodeId)!;
      expect(l.path[0]).toEqual(from.position);
      expect(l.path[l.path.length - 1]).toEqual(to.position);
      expect(from.networkId).toBe(l.networkId);
      expect(to.networkId).toBe(l.networkId);
    }
  });

  it('places sensors with MQTT-safe ids on existing mounts, and gives everything a grid', () => {
    const kinds = new Map<string, number>();
    for (const s of bundle.sensors) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
    expect(kinds.get('pressure')).toBeGreaterThanOrEqual(10);
    expect(kinds.get('flow')).toBeGreaterThanOrEqual(1);
    expect(kinds.get('level')).toBeGreaterThanOrEqual(10);
    expect(kinds.get('gas')).toBeGreaterThanOrEqual(8);
    expect(kinds.get('rain')).toBeGreaterThanOrEqual(2);
    const nodeIds = new Set(bundle.nodes.map((n) => n.id)),
      linkIds = new Set(bundle.links.map((l) => l.id));
    for (const s of bundle.sensors) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      expect(s.reportingIntervalS).toBeGreaterThanOrEqual(10);
      expect(s.reportingIntervalS).toBeLessThanOrEqual(60);
      if (s.mount?.type === 'node') expect(nodeIds.has(s.mount.id)).toBe(true);
      if (s.mount?.type === 'link') expect(linkIds.has(s.mount.id)).toBe(true);
      const t = s.thresholds;
      if (t.lo !== undefined && t.hi !== undefined) expect(t.lo).toBeLessThan(t.hi);
      if (t.hi !== undefined && t.hihi !== undefined) expect(t.hi).toBeLessThan(t.hihi);
    }
    expect(bundle.grids.length).toBeGreaterThan(0);
    expect(bundle.crews.length).toBeGreaterThan(0);
    for (const list of [bundle.buildings, bundle.nodes, bundle.links, bundle.sensors]) {
      expect(list.filter((x) => x.gridId === null).length).toBe(0);
    }
  });
});
