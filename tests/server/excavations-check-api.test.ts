import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { CityBundle, LonLat, NetworkLink } from '../../core/model/index.js';
import { metresPerDegree } from '../../core/geo/index.js';
import { DEFAULT_CLEARANCE_TABLE, NODE_RADIUS_M } from '../../core/excavation/index.js';
import { ExcavationCheckSchema } from '../../core/contracts/excavation.js';
import { createApp } from '../../server/http/create-app.js';
import { createIncidentServices } from '../../server/services/incident-services.js';
import type { SqlClient } from '../../store/sql-client.js';
import { openDemoStore } from './simulation/demo-store.js';

const PASSWORD = 'correct horse battery';
let bundle: CityBundle;
let client: SqlClient;
let app: Express;
const tokens: Record<string, string> = {};
const auth = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });

beforeAll(async () => {
  const demo = await openDemoStore(42);
  ({ bundle, client } = demo);
  const incidents = createIncidentServices({
    store: demo.store,
    defaultCityId: bundle.city.id,
    scryptCost: { N: 1024, r: 8, p: 1 },
  });
  app = createApp({ store: demo.store, config: { CITY: bundle.city.id }, incidents });
  for (const [username, role] of [
    ['crew1', 'crew'],
    ['viewer1', 'viewer'],
  ] as const) {
    await incidents.auth.createUser({ username, password: PASSWORD, role });
    tokens[username] = (
      await request(app).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200)
    ).body.token;
  }
}, 180_000);

afterAll(async () => {
  await client?.close();
});

/** A 50 m trench across the water main `link` at its middle (perpendicular to it). */
function trenchAcross(link: NetworkLink): { line: LonLat[]; mid: LonLat } {
  const a = link.path[0]!,
    b = link.path[link.path.length - 1]!;
  const mid: LonLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const k = metresPerDegree(mid[1]);
  const dx = (b[0] - a[0]) * k.lon,
    dy = (b[1] - a[1]) * k.lat;
  const len = Math.hypot(dx, dy);
  const nx = -dy / len,
    ny = dx / len;
  return {
    mid,
    line: [
      [mid[0] - (25 * nx) / k.lon, mid[1] - (25 * ny) / k.lat],
      [mid[0] + (25 * nx) / k.lon, mid[1] + (25 * ny) / k.lat],
    ],
  };
}

/**
 * Independent answer: every link and chamber sampled every 5 cm along its axis; the trench as the set of points within
 * half its width of its centre line (no polygon), its depth as an interval.
 */
function expectedHits(line: LonLat[], widthM: number, depthM: number) {
  const k = metresPerDegree(line[0]![1]);
  const o = line[0]!;
  const xy = (p: readonly number[]) => [(p[0]! - o[0]) * k.lon, (p[1]! - o[1]) * k.lat] as const;
  const [ax, ay] = xy(line[0]!);
  const [bx, by] = xy(line[1]!);
  const planDist = (x: number, y: number) => {
    const ex = bx - ax,
      ey = by - ay;
    const u = Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey)));
    return Math.max(0, Math.hypot(ax + u * ex - x, ay + u * ey - y) - widthM / 2);
  };
  const nodes = new Map(bundle.nodes.map((n) => [n.id, n]));
  const out = new Map<string, { h: number; d: number; utility: string }>();
  const judge = (id: string, utility: string, samples: { x: number; y: number; z: number }[], r: number) => {
    let h = Infinity,
      d = Infinity;
    for (const s of samples) {
      const ph = planDist(s.x, s.y);
      const v = s.z < 0 ? -s.z : s.z > depthM ? s.z - depthM : 0;
      h = Math.min(h, ph);
      d = Math.min(d, Math.hypot(ph, v));
    }
    out.set(id, { h: Math.max(0, h - r), d: Math.max(0, d - r), utility });
  };
  for (const link of bundle.links) {
    const p0 = xy(link.path[0]!);
    if (Math.hypot(p0[0] - ax, p0[1] - ay) > 2000) continue;
    const r = link.diameterMm / 2000;
    const g0 = nodes.get(link.fromNodeId)?.groundM ?? bundle.city.groundElevationM;
    const g1 = nodes.get(link.toNodeId)?.groundM ?? bundle.city.groundElevationM;
    const pts = link.path.map(xy);
    const lens = [0];
    for (let i = 1; i < pts.length; i++)
      lens.push(lens[i - 1]! + Math.hypot(pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]));
    const total = lens[lens.length - 1]! || 1;
    const samples: { x: number; y: number; z: number }[] = [];
    for (let i = 0; i + 1 < pts.length; i++) {
      const n = Math.max(1, Math.ceil((lens[i + 1]! - lens[i]!) / 0.05));
      for (let j = 0; j <= n; j++) {
        const t = j / n;
        const s = (lens[i]! + t * (lens[i + 1]! - lens[i]!)) / total;
        const ground = g0 + s * (g1 - g0);
        const invert = link.fromInvertM + s * (link.toInvertM - link.fromInvertM);
        samples.push({
          x: pts[i]![0] + t * (pts[i + 1]![0] - pts[i]![0]),
          y: pts[i]![1] + t * (pts[i + 1]![1] - pts[i]![1]),
          z: ground - invert - r,
        });
      }
    }
    judge(link.id, link.utility, samples, r);
  }
  for (const node of bundle.nodes) {
    const r = NODE_RADIUS_M[node.kind];
    if (r === undefined) continue;
    const [x, y] = xy(node.position);
    const depth = node.groundM - node.invertM;
    const samples = Array.from({ length: 101 }, (_, i) => ({ x, y, z: (depth * i) / 100 }));
    judge(node.id, node.utility, samples, r);
  }
  return out;
}

describe('POST /api/excavations/check', () => {
  it('lists every element a 50 m trench across a water main reaches or passes within clearance, as computed independently', async () => {
    const main = bundle.links
      .filter((l) => l.utility === 'water' && l.kind === 'pipe' && l.lengthM > 60)
      .sort((a, b) => b.diameterMm - a.diameterMm)[0]!;
    const { line } = trenchAcross(main);
    // Deep enough for the water band (the demo stacks the pressure networks in GB 50289 crossing order).
    const depthM = 6;
    const body = { line: { type: 'LineString', coordinates: line }, widthM: 1.2, depthM };
    const res = await request(app).post('/api/excavations/check').set(auth('crew1')).send(body).expect(200);
    const check = ExcavationCheckSchema.parse(res.body);
    const byId = new Map(check.items.map((i) => [i.id, i]));
    // The main is cut through.
    expect(byId.get(main.id)?.conflict).toBe('inside');
    expect(byId.get(main.id)?.horizontalDistanceM).toBe(0);
    // Every utility's element: the same set as the independent computation, distances within the sampling step.
    const expected = expectedHits(line, 1.2, depthM);
    let compared = 0;
    for (const [id, e] of expected) {
      const c = DEFAULT_CLEARANCE_TABLE.excavation[e.utility as keyof typeof DEFAULT_CLEARANCE_TABLE.excavation];
      const under = e.h < 1e-6;
      const margin = under ? e.d - c.verticalM : e.h - c.horizontalM;
      const reported = e.d < 1e-6 || margin <= 0;
      // The trench ends are 16-gons and the samples are 5 cm apart: leave out cases within 5 cm of a threshold.
      if (Math.abs(margin) < 0.05 || (e.d > 0 && e.d < 0.05) || (e.h > 0 && e.h < 0.05)) continue;
      compared++;
      const item = byId.get(id);
      expect(item !== undefined, `${id} (${e.utility}) h=${e.h} d=${e.d}`).toBe(reported);
      if (item) {
        expect(item.horizontalDistanceM).toBeCloseTo(e.h, 1);
        expect(item.distanceM).toBeCloseTo(e.d, 1);
        expect(item.conflict).toBe(e.d < 1e-6 ? 'inside' : 'within-clearance');
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(check.items.length).toBeGreaterThan(2);
    // More than one utility lies under a street of the demo city.
    expect(check.utilities.length).toBeGreaterThan(1);
    // Owners: every item in a cell with a crew of its utility names that crew.
    const cells = new Map(bundle.grids.map((g) => [g.id, g]));
    const crews = new Map(bundle.crews.map((c) => [c.id, c]));
    for (const item of check.items) {
      const cell = item.gridId ? cells.get(item.gridId) : undefined;
      const crewId = cell?.crewIds.find((id) => crews.get(id)?.utility === item.utility) ?? null;
      expect(item.crew?.id ?? null).toBe(crewId);
      expect(item.clearanceM.horizontal).toBe(DEFAULT_CLEARANCE_TABLE.excavation[item.utility].horizontalM);
    }
    expect(check.items.some((i) => i.crew !== null)).toBe(true);
  });

  it('takes a polygon, and answers nothing for a dig in an empty field far from the networks', async () => {
    const [w, s] = bundle.city.bbox;
    const far: LonLat[] = [
      [w - 0.05, s - 0.05],
      [w - 0.0495, s - 0.05],
      [w - 0.0495, s - 0.0495],
      [w - 0.05, s - 0.05],
    ];
    const res = await request(app)
      .post('/api/excavations/check')
      .set(auth('crew1'))
      .send({ polygon: { type: 'Polygon', coordinates: [far] }, depthM: 3 })
      .expect(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.areaM2).toBeGreaterThan(100);
  });

  it('refuses bad input with 400, anonymous with 401, viewers with 403', async () => {
    const line = { type: 'LineString', coordinates: bundle.links[0]!.path };
    const bad = await request(app)
      .post('/api/excavations/check')
      .set(auth('crew1'))
      .send({ line, widthM: -1, depthM: 2 })
      .expect(400);
    expect(bad.body.error.code).toBe('GT_ERR_BAD_REQUEST');
    await request(app).post('/api/excavations/check').set(auth('crew1')).send({ depthM: 2 }).expect(400);
    await request(app)
      .post('/api/excavations/check')
      .set(auth('crew1'))
      .send({ line, widthM: 1, depthM: 200 })
      .expect(400);
    await request(app).post('/api/excavations/check').send({ line, widthM: 1, depthM: 2 }).expect(401);
    await request(app)
      .post('/api/excavations/check')
      .set(auth('viewer1'))
      .send({ line, widthM: 1, depthM: 2 })
      .expect(403);
  });

  it('gives network links their depth of cover (ground minus top of pipe)', async () => {
    const link = bundle.links.find((l) => l.utility === 'sewer')!;
    const nodes = new Map(bundle.nodes.map((n) => [n.id, n]));
    const res = await request(app)
      .get(`/api/network/links/${encodeURIComponent(link.id)}`)
      .expect(200);
    const d = link.diameterMm / 1000;
    const expected = Math.min(
      nodes.get(link.fromNodeId)!.groundM - link.fromInvertM - d,
      nodes.get(link.toNodeId)!.groundM - link.toInvertM - d,
    );
    expect(res.body.coverDepthM).toBeCloseTo(expected, 3);
    const page = await request(app).get('/api/network/links?utility=gas&limit=5').expect(200);
    for (const item of page.body.items) expect(typeof item.coverDepthM).toBe('number');
    const doc = await request(app).get('/api/openapi.json').expect(200);
    expect(doc.body.paths['/api/excavations/check'].post.requestBody).toBeDefined();
  });
});
