import { Project, Workspace } from 'epanet-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTopologyGraph, reachableFrom, traceIsolation } from '../../../core/network/index.js';
import type { CityBundle, NetworkLink, NetworkNode } from '../../../core/model/index.js';
import { TOP_DEPTH_M } from '../../../tiles/demo/depth-bands.js';
import { writeInp } from '../../../tiles/export/epanet-inp-writer.js';
import { buildDemo, metresBetween, midpointOf, utilityParts } from './demo-fixture.js';

let bundle: CityBundle;
let nodes: NetworkNode[];
let links: NetworkLink[];

beforeAll(async () => {
  bundle = await buildDemo(42);
  ({ nodes, links } = utilityParts(bundle, 'water'));
});

describe('tiles/demo/water-network', () => {
  it('connects every building to a main through one service line', () => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const served = bundle.buildings.filter((b) => !b.attributes.rootId);
    const services = nodes.filter((n) => n.kind === 'service');
    expect(services.length).toBe(served.length);
    const serviceOf = new Map(services.map((n) => [String(n.attributes.buildingId), n]));
    for (const b of served) {
      const svc = serviceOf.get(b.id)!;
      expect(svc, b.id).toBeDefined();
      const line = links.filter((l) => l.toNodeId === svc.id);
      expect(line.length).toBe(1);
      expect(line[0]!.kind).toBe('service');
      expect(line[0]!.diameterMm).toBeGreaterThanOrEqual(25);
      expect(line[0]!.diameterMm).toBeLessThanOrEqual(100);
      const tee = byId.get(line[0]!.fromNodeId)!;
      expect(tee.kind).toBe('junction');
      expect(links.some((l) => l.kind === 'pipe' && (l.fromNodeId === tee.id || l.toNodeId === tee.id))).toBe(true);
    }
    const demand = nodes.reduce((s, n) => s + (n.hydraulics?.demandLps ?? 0), 0);
    expect(demand).toBeGreaterThan(100);
  });

  it('reaches every node from a reservoir', () => {
    const g = buildTopologyGraph(nodes, links);
    const sources = nodes.filter((n) => n.kind === 'reservoir').map((n) => g.nodeIndex.get(n.id)!);
    expect(sources.length).toBeGreaterThanOrEqual(1);
    const seen = reachableFrom(g, sources);
    expect(seen.every((s) => s === 1)).toBe(true);
  });

  it('can isolate every main segment by closing the valves around it', () => {
    const g = buildTopologyGraph(nodes, links);
    const isValve = (i: number): boolean => nodes[i]!.kind === 'valve';
    expect(nodes.every((n) => n.kind !== 'valve' || n.normallyOpen === true)).toBe(true);
    const sources = nodes.filter((n) => n.kind === 'reservoir').map((n) => g.nodeIndex.get(n.id)!);
    const mains = links.filter((l) => l.kind === 'pipe' && l.attributes.role !== 'feed');
    expect(mains.length).toBeGreaterThan(1000);
    let maxValves = 0;
    for (const main of mains) {
      const t = traceIsolation(g, g.linkIndex.get(main.id)!, isValve, sources);
      expect(t.isolable, main.id).toBe(true);
      expect(t.valvesToClose.length, main.id).toBeGreaterThan(0);
      const deprived = new Set(t.deprivedNodes);
      for (const end of [g.linkFrom[g.linkIndex.get(main.id)!]!, g.linkTo[g.linkIndex.get(main.id)!]!]) {
        if (!isValve(end)) expect(deprived.has(end), main.id).toBe(true);
      }
      maxValves = Math.max(maxValves, t.valvesToClose.length);
    }
    expect(maxValves).toBeLessThanOrEqual(12);
  });

  it('puts a valve on every branch of junctions where three or more mains meet', () => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const pipesAt = new Map<string, NetworkLink[]>();
    for (const l of links)
      if (l.kind === 'pipe') for (const e of [l.fromNodeId, l.toNodeId]) pipesAt.set(e, [...(pipesAt.get(e) ?? []), l]);
    for (const [id, list] of pipesAt) {
      if (byId.get(id)!.attributes.roadNode === undefined || list.length < 3) continue;
      for (const l of list) {
        const other = byId.get(l.fromNodeId === id ? l.toNodeId : l.fromNodeId)!;
        expect(other.kind, `${id} via ${l.id}`).toBe('valve');
      }
    }
  });

  it('has a hydrant within 120 m of every main', () => {
    const hydrants = nodes.filter((n) => n.kind === 'hydrant');
    expect(hydrants.length).toBeGreaterThan(300);
    for (const l of links.filter((x) => x.kind === 'pipe' && x.attributes.role !== 'feed')) {
      const mid = midpointOf(l.path);
      expect(Math.min(...hydrants.map((h) => metresBetween(h.position, mid))), l.id).toBeLessThanOrEqual(120);
    }
  });

  it('sizes mains sensibly and lays them in the water band, under the other pressure networks', () => {
    expect(TOP_DEPTH_M.water).toBeGreaterThan(Math.max(TOP_DEPTH_M.gas, TOP_DEPTH_M.heat, TOP_DEPTH_M.power));
    for (const l of links.filter((x) => x.kind === 'pipe')) {
      expect(l.diameterMm).toBeGreaterThanOrEqual(150);
      expect(l.diameterMm).toBeLessThanOrEqual(1200);
      const cover = 4 - l.fromInvertM - l.diameterMm / 1000;
      expect(cover).toBeCloseTo(TOP_DEPTH_M.water, 2);
      expect(l.installYear).toBeGreaterThanOrEqual(1990);
      expect(l.installYear).toBeLessThanOrEqual(2024);
      if (l.attributes.role === 'trunk') expect(l.diameterMm).toBeGreaterThanOrEqual(300);
    }
  });

  it('solves in EPANET with plausible pressures at every demand node', async () => {
    const network = bundle.networks.find((n) => n.utility === 'water')!;
    const inp = writeInp(network, bundle.nodes, bundle.links);
    const ws = new Workspace();
    await ws.loadModule();
    const model = new Project(ws);
    ws.writeFile('demo.inp', inp);
    model.open('demo.inp', 'demo.rpt', 'demo.bin');
    model.solveH();
    let min = Infinity,
      max = -Infinity,
      demandNodes = 0;
    const count = model.getCount(0); // EN_NODECOUNT
    for (let i = 1; i <= count; i++) {
      if (model.getNodeType(i) !== 0) continue; // junctions only
      const pressure = model.getNodeValue(i, 11); // EN_PRESSURE, m
      if (model.getNodeValue(i, 1) > 0) demandNodes++; // EN_BASEDEMAND
      min = Math.min(min, pressure);
      max = Math.max(max, pressure);
    }
    model.close();
    expect(demandNodes).toBeGreaterThan(500);
    expect(min).toBeGreaterThanOrEqual(15);
    expect(max).toBeLessThanOrEqual(45);
  });
});
