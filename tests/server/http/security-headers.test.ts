import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/http/create-app.js';
import { mountStatic } from '../../../server/http/static.js';
import { SqlCityStore } from '../../../store/sql-city-store.js';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { makeCityFixture } from '../../helpers/city-fixture.js';

/** Security headers on API, viewer and tiles; gzip for JSON and .glb tiles above 1 KB (PGlite store, real files). */
describe('server/http/security-headers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-headers-'));
  let store: SqlCityStore;
  let app: ReturnType<typeof createApp>;
  const glb = Buffer.alloc(64 * 1024, 7);

  beforeAll(async () => {
    store = new SqlCityStore(await openPgliteClient());
    await store.migrate();
    await store.saveCity(makeCityFixture({ cityId: 'fixture-city' }));
    fs.mkdirSync(path.join(dir, 'viewer'));
    fs.writeFileSync(path.join(dir, 'viewer', 'index.html'), '<!doctype html><div id="root"></div>');
    fs.mkdirSync(path.join(dir, 'tiles', 'c'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tiles', 'c', 'a.glb'), glb);
    app = createApp({ store, config: { CITY: 'fixture-city' }, logError: () => undefined });
    mountStatic(app, { viewerDir: path.join(dir, 'viewer'), tilesDir: path.join(dir, 'tiles') });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends CSP (allowing Cesium workers, eval and WebAssembly), nosniff and frame denial on API, page and tiles', async () => {
    for (const url of ['/api/health', '/', '/tiles/c/a.glb', '/api/nope']) {
      const res = await request(app).get(url);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("'wasm-unsafe-eval'");
      expect(csp).not.toContain("'unsafe-inline' 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('compresses JSON lists and glb tiles for clients that accept gzip, and not small answers', async () => {
    const list = await request(app).get('/api/buildings?limit=100').set('Accept-Encoding', 'gzip');
    expect(list.status).toBe(200);
    expect(list.headers['content-encoding']).toBe('gzip');
    expect((list.body as { items: unknown[] }).items.length).toBeGreaterThan(0);

    const tile = await request(app)
      .get('/tiles/c/a.glb')
      .set('Accept-Encoding', 'gzip')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(tile.headers['content-encoding']).toBe('gzip');
    expect(Buffer.compare(tile.body as Buffer, glb)).toBe(0);

    const health = await request(app).get('/api/health').set('Accept-Encoding', 'gzip');
    expect(health.headers['content-encoding']).toBeUndefined();
  });

  it('answers 415 GT_ERR_UNSUPPORTED_ENCODING to an unknown content encoding and 400 to a broken gzip body', async () => {
    const br = await request(app)
      .post('/api/simulations')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'x-nonsense')
      .send('{}');
    expect(br.status).toBe(415);
    expect(br.body.error.code).toBe('GT_ERR_UNSUPPORTED_ENCODING');
    const fake = await request(app)
      .post('/api/simulations')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(zlib.gzipSync('{"kind":"x"}').subarray(0, 12));
    expect(fake.status).toBe(400);
    expect(fake.body.error.code).toMatch(/^GT_ERR_/);
  });
});
