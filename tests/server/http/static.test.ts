import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import express from 'express';
import { mountStatic } from '../../../server/http/static.js';
import { createApp } from '../../../server/http/create-app.js';
import type { CityStore } from '../../../store/index.js';

describe('server/http/static', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-static-'));
  const viewerDir = path.join(root, 'viewer');
  const tilesDir = path.join(root, 'tiles');
  const glb = Buffer.from('glTF\x02\x00\x00\x00', 'binary');

  beforeAll(() => {
    fs.mkdirSync(path.join(viewerDir, 'assets'), { recursive: true });
    fs.mkdirSync(path.join(tilesDir, 'buildings', 'content'), { recursive: true });
    fs.writeFileSync(path.join(viewerDir, 'assets', 'main-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(tilesDir, 'buildings', 'tileset.json'), '{"asset":{"version":"1.1"}}');
    fs.writeFileSync(path.join(tilesDir, 'buildings', 'content', '0.glb'), glb);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const app = express();
  mountStatic(app, { viewerDir, tilesDir });

  it('answers a "being built" page at / until the viewer has an index.html, then serves it with SPA fallback', async () => {
    const building = await request(app)
      .get('/')
      .expect(503)
      .expect('content-type', /text\/html/);
    expect(building.text).toContain('The viewer is being built');
    fs.writeFileSync(path.join(viewerDir, 'index.html'), '<!doctype html><title>GridTwin viewer</title>');
    const index = await request(app)
      .get('/')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(index.text).toContain('GridTwin viewer');
    expect(index.headers['cache-control']).toBe('no-cache');
    const route = await request(app).get('/events/e-12').expect(200);
    expect(route.text).toContain('GridTwin viewer');
    await request(app).get('/missing-file.js').expect(404);
  });

  it('serves hashed viewer assets with a long cache', async () => {
    const res = await request(app)
      .get('/assets/main-abc123.js')
      .expect(200)
      .expect('content-type', /javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('serves tiles with 3D Tiles content types and cache headers', async () => {
    const tileset = await request(app)
      .get('/tiles/buildings/tileset.json')
      .expect(200)
      .expect('content-type', /^application\/json/);
    expect(tileset.body).toEqual({ asset: { version: '1.1' } });
    expect(tileset.headers['cache-control']).toBe('no-cache');
    const content = await request(app)
      .get('/tiles/buildings/content/0.glb')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('content-type', 'model/gltf-binary');
    expect(Buffer.compare(content.body as Buffer, glb)).toBe(0);
    expect(content.headers['cache-control']).toContain('max-age=');
    await request(app).get('/tiles/buildings/content/9.glb').expect(404);
    await request(app).get('/tiles/nothing').expect(404);
  });

  it('leaves /api to the API: unknown API routes stay 404 JSON when static files are mounted', async () => {
    const store = { engine: 'pglite' } as CityStore;
    const full = createApp({ store, config: { CITY: 'x' }, static: { viewerDir, tilesDir } });
    const res = await request(full)
      .get('/api/nope')
      .expect(404)
      .expect('content-type', /application\/json/);
    expect(res.body.error.code).toBe('GT_ERR_ROUTE_NOT_FOUND');
    expect((await request(full).get('/some/view').expect(200)).text).toContain('GridTwin viewer');
  });
});
