import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { pino } from 'pino';
import { requestLog } from '../../../server/http/request-log.js';

function memoryLogger(level: string): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

function appWith(logger: pino.Logger) {
  const app = express();
  app.use(requestLog(logger));
  app.get('/ok', (_req, res) => res.json({ ok: true }));
  app.get('/boom', (_req, res) => res.status(503).json({}));
  app.get('/nope', (_req, res) => res.status(404).json({}));
  return app;
}

describe('server/http/request-log', () => {
  it('gives each request an id (kept from a proxy when it looks like one), and logs by LOG_LEVEL', async () => {
    const { logger, lines } = memoryLogger('info');
    const app = appWith(logger);
    const ok = await request(app).get('/ok?token=secret').expect(200);
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(app).get('/boom').set('X-Request-Id', 'lb-1234').expect(503);
    expect(kept.headers['x-request-id']).toBe('lb-1234');
    const forged = await request(app).get('/nope').set('X-Request-Id', 'a"level":60,"x').expect(404);
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setImmediate(r));
    // info: the 200 is a debug line and left out; the 503 at error (50), the 404 at info (30).
    expect(lines.map((l) => [l.level, l.status, l.reqId])).toEqual([
      [50, 503, 'lb-1234'],
      [30, 404, forged.headers['x-request-id']],
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret');
    const debug = memoryLogger('debug');
    await request(appWith(debug.logger)).get('/ok').expect(200);
    await new Promise((r) => setImmediate(r));
    expect(debug.lines).toHaveLength(1);
    expect(debug.lines[0]).toMatchObject({ level: 20, method: 'GET', path: '/ok', status: 200 });
  });
});
