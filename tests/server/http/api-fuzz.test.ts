import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config/config.js';
import { SeededRandom } from '../../../core/random/index.js';
import { openStore, type CityStore } from '../../../store/index.js';
import { startIot, type IotRuntime } from '../../../iot-bridge/start-iot.js';
import { createIncidentServices } from '../../../server/services/incident-services.js';
import { ensureAdmin } from '../../../server/auth/ensure-admin.js';
import { composeApp } from '../../../app/startup/compose-app.js';
import { makeCityFixture } from '../../helpers/city-fixture.js';
import { freePort } from '../../helpers/spawn-process.js';

/**
 * Seeded fuzzing of every operation in the real server's /api/openapi.json: the app as `npm start` composes it
 * (PGlite store, embedded aedes broker and bridge, incidents, simulations, static files) listening on a real port.
 * Each case bends a path parameter, query parameter, body or header towards a known way of breaking servers (NUL,
 * malformed escapes, lone surrogates, integers past SQL types, bad gzip, deep nesting...). No answer may be a 5xx,
 * and every 4xx must carry a catalogue code.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20260414);
const CASES_PER_OPERATION = Number(process.env.FUZZ_CASES ?? 60);
const ADMIN_PASSWORD = 'fuzz-admin-password-123';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  query: string[];
  pathParams: string[];
}

/** Path-parameter values: decoded-NUL, malformed escapes, surrogates encoded as CESU, huge and odd ids. */
const NASTY_SEGMENTS = [
  'a%00b',
  '%00',
  '%FF',
  '%E0%A4%A',
  '%',
  '%ED%A0%80',
  '%C0%AF',
  'x'.repeat(5000),
  '..%2F..%2Fetc%2Fpasswd',
  '%F0%9F%98%80',
  '-1',
  '9'.repeat(40),
  'null',
  '%20',
  encodeURIComponent('陆家嘴'),
];

/** Query values (already URL-encoded). */
const NASTY_VALUES = [
  '%00',
  'a%00b',
  '%FF',
  '%ED%B0%80',
  '%',
  '',
  '-1',
  '0',
  String(2 ** 31),
  String(2 ** 63),
  '9'.repeat(30),
  '1e400',
  'NaN',
  'Infinity',
  '-0',
  '1.5',
  '0x10',
  '2026-13-45T99:99',
  '275760-09-13T00:00:00Z',
  '99999999999999999999',
  '8640000000000001',
  'true',
  '[]',
  'x'.repeat(3000),
  '1,2,3,4',
  '180,90,-180,-90',
  '-200,-100,200,100',
  'a,b,c,d',
  encodeURIComponent('%'),
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('\u4e2d\u6587'),
  '1h',
  '0s',
  '9999999d',
];

/** JSON bodies as text: some invalid, some with escapes that decode to NUL or lone surrogates. */
const NASTY_BODIES = [
  '{',
  '',
  'null',
  '[]',
  '"text"',
  '{"a":1}',
  '{"title":"\\u0000"}',
  '{"description":"\\ud800"}',
  '{"description":"\\udc00x","lon":121.5,"lat":31.2,"category":"water-leak"}',
  '{"\\ud800":1}',
  '{"username":"admin\\u0000","password":"x"}',
  '{"username":"admin","password":"\\udfff"}',
  '{"lon":1e400,"lat":-1e400}',
  '{"lon":121.5,"lat":31.2,"category":"other","description":"\\ud83d"}',
  '{"limit":99999999999999999999,"offset":-1}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"a":${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`,
  '{"kind":"plume","sourceLon":"x"}',
  '{"kind":"epanet","demandFactor":1e308}',
  '{"action":"assign","expectedVersion":99999999999999999999}',
  '{"photo":{"contentType":"image/png","dataBase64":"!!!"}}',
];

function parseOperations(doc: {
  paths: Record<string, Record<string, { operationId?: string; parameters?: { name: string; in: string }[] }>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path: p,
        operationId: op.operationId ?? `${method} ${p}`,
        query: params.filter((x) => x.in === 'query').map((x) => x.name),
        pathParams: params.filter((x) => x.in === 'path').map((x) => x.name),
      });
    }
  }
  return ops;
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** One fuzz case for an operation. */
function makeCase(op: Operation, rnd: SeededRandom, token: string, sampleIds: Map<string, string>): FuzzRequest {
  const pick = <T>(xs: readonly T[]): T => xs[rnd.int(0, xs.length - 1)]!;
  const chance = (p: number) => rnd.next() < p;
  let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    chance(0.6) ? pick(NASTY_SEGMENTS) : encodeURIComponent(sampleIds.get(name) ?? 'b-0001'),
  );
  const query: string[] = [];
  for (const name of op.query) if (chance(0.5)) query.push(`${name}=${pick(NASTY_VALUES)}`);
  if (chance(0.1)) query.push(`${pick(['%00', '%FF', 'unknown', 'a%00'])}=${pick(NASTY_VALUES)}`);
  if (chance(0.05)) query.push(`${op.query[0] ?? 'x'}=1&${op.query[0] ?? 'x'}=2`);
  if (query.length > 0) url += `?${query.join('&')}`;
  const headers: Record<string, string> = {};
  if (chance(0.7)) headers.authorization = `Bearer ${token}`;
  else if (chance(0.3)) headers.authorization = pick(['Bearer ', 'Bearer x', 'Basic abc', 'Bearer \u00ff']);
  let body: Buffer | undefined;
  if (op.method !== 'GET' && op.method !== 'DELETE') {
    headers['content-type'] = chance(0.9)
      ? 'application/json'
      : pick(['text/plain', 'application/json; charset=utf-7', 'application/json; charset=latin1']);
    const text = pick(NASTY_BODIES);
    const encoding = rnd.next();
    if (encoding < 0.15) {
      headers['content-encoding'] = 'gzip';
      body = Buffer.from(text); // announced gzip, not gzip
    } else if (encoding < 0.25) {
      headers['content-encoding'] = 'gzip';
      body = Buffer.concat([zlib.gzipSync(text).subarray(0, 12)]); // a gzip header, truncated stream
    } else if (encoding < 0.3) {
      headers['content-encoding'] = pick(['br', 'compress', 'x-nonsense', 'deflate']);
      body = Buffer.from(text);
    } else if (encoding < 0.35) {
      body = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0xc3, 0x28]); // invalid UTF-8
    } else body = Buffer.from(text);
  }
  return { method: op.method, url, headers, ...(body === undefined ? {} : { body }) };
}

/** Sends a raw request (fetch would normalise the malformed URLs away) and resolves status and body. */
function send(port: number, r: FuzzRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: r.method,
        path: r.url,
        headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
        agent: keepAlive,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });

describe('API fuzz: no 5xx on any OpenAPI operation', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-fuzz-'));
  let store: CityStore;
  let iot: IotRuntime;
  let server: http.Server;
  let port = 0;
  let token = '';
  const logged: string[] = [];
  const origError = console.error;

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: dataDir, CITY: 'fixture-city', HOST: '127.0.0.1' });
    store = await openStore({ dataDir, databaseUrl: '' });
    await store.saveCity(makeCityFixture({ cityId: 'fixture-city' }));
    await ensureAdmin(store, { ADMIN_PASSWORD }, () => undefined, { scryptCost: { N: 1024, r: 8, p: 1 } });
    const incidents = createIncidentServices({ store, defaultCityId: 'fixture-city' });
    iot = await startIot({
      cityId: 'fixture-city',
      store,
      mqttPort: await freePort(),
      host: '127.0.0.1',
      log: () => undefined,
    });
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    server = http.createServer(composeApp(config, store, incidents, iot));
    port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { token: string }).token;
  }, 120_000);

  afterAll(async () => {
    console.error = origError;
    keepAlive.destroy();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await iot?.close();
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    `answers every fuzzed request (seed ${SEED}) with a status below 500 and a catalogue code`,
    { timeout: 120_000 },
    async () => {
      const doc = (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as Parameters<
        typeof parseOperations
      >[0];
      const ops = parseOperations(doc);
      expect(ops.length).toBeGreaterThan(30);
      const sampleIds = new Map([
        ['id', 'b-0001'],
        ['photoId', 'p-1'],
      ]);
      const rnd = new SeededRandom(SEED);
      const cases: { op: Operation; req: FuzzRequest }[] = [];
      for (const op of ops)
        for (let i = 0; i < CASES_PER_OPERATION; i++) cases.push({ op, req: makeCase(op, rnd, token, sampleIds) });
      // Plus the exact requests reported as 500s, so a regression names them.
      const known: FuzzRequest[] = [
        { method: 'GET', url: '/api/buildings/a%00b', headers: {} },
        { method: 'GET', url: '/api/search?q=%00', headers: {} },
        { method: 'GET', url: '/api/sensors/%FF', headers: {} },
        { method: 'GET', url: `/api/buildings?offset=${2 ** 31}`, headers: {} },
        { method: 'GET', url: '/api/kpis?to=99999999999999999999', headers: { authorization: `Bearer ${token}` } },
        { method: 'GET', url: '/api/sensors/s-1/readings?to=99999999999999999999', headers: {} },
        {
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          body: Buffer.from('{"username":"admin"}'),
        },
        {
          method: 'POST',
          url: '/api/events',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: Buffer.from('{"lon":121.5055,"lat":31.2397,"category":"other","description":"\\ud800"}'),
        },
      ];
      for (const req of known)
        cases.push({ op: { method: req.method, path: req.url, operationId: 'known', query: [], pathParams: [] }, req });

      const t0 = Date.now();
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const { op, req } = cases[next++]!;
          const res = await send(port, req);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          let code: unknown = undefined;
          if (res.status >= 400 && req.url.startsWith('/api')) {
            try {
              code = (JSON.parse(res.body) as { error?: { code?: unknown } }).error?.code;
            } catch {
              code = undefined;
            }
          }
          const bad =
            res.status >= 500 || (res.status >= 400 && (typeof code !== 'string' || !code.startsWith('GT_ERR_')));
          if (bad && failures.length < 40)
            failures.push(
              `${op.operationId}: ${req.method} ${req.url.slice(0, 160)} ${JSON.stringify(req.headers)} ${req.body?.toString('utf8').slice(0, 80) ?? ''} -> ${res.status} ${res.body.slice(0, 200)}`,
            );
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      const seconds = (Date.now() - t0) / 1000;
      console.log(
        `fuzz: ${cases.length} requests over ${ops.length} operations in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
      );
      expect(failures, failures.join('\n')).toEqual([]);
      expect(cases.length).toBeGreaterThan(2000);
      // The fuzzing must reach past validation sometimes, or it proves little.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
      expect(logged.filter((l) => l.includes('failed'))).toEqual([]);
    },
  );
});
