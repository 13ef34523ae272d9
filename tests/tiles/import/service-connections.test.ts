import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';
import { importEpanetInp } from '../../../tiles/import/epanet-inp.js';
import { importGeojsonBuildings } from '../../../tiles/import/geojson-buildings.js';
import { buildingAnchor, connectToNearestMains } from '../../../tiles/import/service-connections.js';
import { EnuFrame } from '../../../core/geo/index.js';
import type { Building, NetworkLink } from '../../../core/model/index.js';
import { burstImpact, prepareNetwork, serviceNodeOf } from '../../../core/simulation/index.js';
import { isolationValvesOf } from '../../../core/simulation/isolation-valves.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
// Real public files: OSM buildings of Lujiazui / the Bund, and the KY1 model (with its derived valve links) drawn over
// them: its feet placed at 0.3 m per unit around the district's centre, so its 3.6 km span covers the buildings.
const BUILDINGS = path.join(ROOT, 'data', 'sources', 'shanghai-osm', 'shanghai-buildings.geojson');
const KY1 = path.join(ROOT, 'tests', 'fixtures', 'epanet', 'ky1-valved.inp');
const PLACE = ['--anchor', '121.5005,31.2387', '--scale', '0.3'];
const TOLERANCE_M = 50;

/** Brute force: the distance from each building's centroid to every segment of every pipe, the least kept. */
function bruteNearest(buildings: readonly Building[], links: readonly NetworkLink[]) {
  const pipes = links.filter((l) => l.kind === 'pipe');
  const frame = new EnuFrame(pipes[0]!.path[0]![0], pipes[0]!.path[0]![1]);
  const xy = (p: readonly number[]) => frame.toEnu(p[0]!, p[1]!, 0);
  const paths = pipes.map((l) => l.path.map(xy));
  return buildings.map((b) => {
    const p = xy(buildingAnchor(b));
    let best = { d: Infinity, link: '' };
    paths.forEach((path, i) => {
      for (let k = 1; k < path.length; k++) {
        const [ax, ay] = path[k - 1]!,
          [bx, by] = path[k]!;
        const dx = bx - ax,
          dy = by - ay;
        const t = Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy || 1)));
        const d = Math.hypot(ax + t * dx - p[0], ay + t * dy - p[1]);
        if (d < best.d) best = { d, link: pipes[i]!.id };
      }
    });
    return best;
  });
}

describe('service connections of an imported city (buildings on their EPANET junctions)', () => {
  let dir: string;
  let store: CityStore;
  const lines: string[] = [];
  const io = () => ({ store, log: (l: string) => lines.push(l), now: () => Date.now() });
  const run = async (...argv: string[]) => {
    lines.length = 0;
    const code = await runImportCommand(argv, io());
    return { code, output: lines.join('\n') };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-services-'));
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('connects each building to its nearest main within the tolerance, as a brute-force search finds it', () => {
    const net = importEpanetInp(fs.readFileSync(KY1, 'utf8'), {
      source: 'ky1-valved.inp',
      placement: { kind: 'anchor', anchorLonLat: [121.5005, 31.2387], metresPerUnit: 0.3 },
    }).parts!;
    const buildings = importGeojsonBuildings(fs.readFileSync(BUILDINGS, 'utf8'), { source: 'osm' }).parts!.buildings!;
    const result = connectToNearestMains(buildings, net.nodes, net.links, TOLERANCE_M);
    const brute = bruteNearest(buildings, net.links);
    const byId = new Map(result.connections.map((c) => [c.buildingId, c]));
    const beyond = new Map(result.beyond.map((f) => [f.buildingId, f]));
    expect(result.connections.length + result.beyond.length).toBe(buildings.length);
    expect(result.connections.length).toBeGreaterThan(100);
    expect(result.beyond.length).toBeGreaterThan(0);
    const links = new Map(net.links.map((l) => [l.id, l]));
    buildings.forEach((b, i) => {
      const expected = brute[i]!;
      if (expected.d <= TOLERANCE_M) {
        const c = byId.get(b.id);
        expect(c, b.id).toBeDefined();
        expect(c!.distanceM).toBeCloseTo(expected.d, 6);
        // A tie between two pipes may pick either: the distance is what must agree.
        const link = links.get(c!.linkId)!;
        expect([link.fromNodeId, link.toNodeId]).toContain(c!.nodeId);
      } else {
        expect(beyond.get(b.id)?.nearestM, b.id).toBeCloseTo(expected.d, 6);
      }
    });
  });

  async function connectionsOf(city: string): Promise<Map<string, string>> {
    const stored = (await store.listBuildings(city)).items;
    return new Map(stored.flatMap((b) => (serviceNodeOf(b) ? [[b.id, serviceNodeOf(b)!]] : [])));
  }

  it('stores the same connections whether the buildings or the network come first, and a burst finds them', async () => {
    const a1 = await run('--city', 'svc-a', BUILDINGS);
    expect(a1.code, a1.output).toBe(0);
    const a2 = await run('--city', 'svc-a', ...PLACE, KY1);
    expect(a2.code, a2.output).toBe(0);
    const qa = /service connections: (\d+) building\(s\) connected to (\d+) junction\(s\).*?; (\d+) beyond 50 m/.exec(
      a2.output,
    );
    expect(qa, a2.output).not.toBeNull();
    const b1 = await run('--city', 'svc-b', ...PLACE, KY1);
    expect(b1.code, b1.output).toBe(0);
    expect(b1.output, 'no building yet: nothing to connect').not.toMatch(/service connections/);
    const b2 = await run('--city', 'svc-b', BUILDINGS);
    expect(b2.code, b2.output).toBe(0);
    expect(b2.output).toMatch(/service connections: \d+ building\(s\) connected/);

    const a = await connectionsOf('svc-a');
    const b = await connectionsOf('svc-b');
    expect(a.size).toBe(Number(qa![1]));
    expect(a.size).toBeGreaterThan(100);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());

    // A burst on the main of a connected building cuts its junction off: the building and its people are affected.
    const bundle = (await store.loadCity('svc-b'))!;
    const buildings = new Map(bundle.buildings.map((x) => [x.id, x]));
    const network = bundle.networks.find((n) => n.id === 'water-ky1-valved')!;
    const net = prepareNetwork(
      bundle.nodes.filter((n) => n.networkId === network.id),
      bundle.links.filter((l) => l.networkId === network.id),
      isolationValvesOf(network),
    );
    const connected = bundle.buildings.find((x) => typeof x.attributes.serviceMainId === 'string' && x.population > 0)!;
    const impact = burstImpact(net, connected.attributes.serviceMainId as string, buildings);
    expect(impact.isolable).toBe(true);
    expect(impact.affectedBuildings).toContain(connected.id);
    expect(impact.population).toBeGreaterThan(0);
    // Every affected building is fed from a node the burst cut off, and every building so fed is listed.
    const cutOff = new Set(impact.cutOffNodes);
    const expected = bundle.buildings.filter((x) => cutOff.has(serviceNodeOf(x) ?? '')).map((x) => x.id);
    expect([...impact.affectedBuildings].sort()).toEqual(expected.sort());
    expect(impact.population).toBe(expected.reduce((s, id) => s + buildings.get(id)!.population, 0));
  });

  it('takes the connections of a mapping file, and refuses one naming an unknown node', async () => {
    const csv = path.join(dir, 'services.csv');
    fs.writeFileSync(csv, 'node,building\nJ-1,b-164971466\nJ-2,b-408450669\n');
    expect((await run('--city', 'svc-m', BUILDINGS)).code).toBe(0);
    const ok = await run('--city', 'svc-m', ...PLACE, '--service-connections', csv, KY1);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.output).toMatch(/2 building\(s\) connected to 2 node\(s\)/);
    const m = await connectionsOf('svc-m');
    expect(Object.fromEntries(m)).toEqual({ 'b-164971466': 'J-1', 'b-408450669': 'J-2' });
    fs.writeFileSync(csv, 'b-164971466,J-99999\n');
    const bad = await run('--city', 'svc-m', ...PLACE, '--service-connections', csv, KY1);
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/line 1: no water junction "J-99999"/);
  });
});
