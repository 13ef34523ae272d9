import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { openPgClient } from '../../../store/pg-client.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { phoneJpeg, pngChunk, pngImage } from '../../helpers/test-images.js';
import { as, openIncidentTestApp, PASSWORD, WEST, type IncidentTestApp } from './incident-test-app.js';

const report = (t: IncidentTestApp, user: string, photo?: { contentType: string; bytes: Buffer }) =>
  request(t.app)
    .post('/api/events')
    .set(as(t, user))
    .send({
      lon: WEST[0],
      lat: WEST[1],
      category: 'water-leak',
      ...(photo ? { photo: { contentType: photo.contentType, dataBase64: photo.bytes.toString('base64') } } : {}),
    });

const bytesOf = (req: request.Test) =>
  req.buffer(true).parse((r, cb) => {
    const parts: Buffer[] = [];
    r.on('data', (c: Buffer) => parts.push(c));
    r.on('end', () => cb(null, Buffer.concat(parts)));
  });

/** Photo uploads on a real store: metadata stripped, body size refused early, per-user quota. */
function photoUploadSuite(openClient: () => Promise<SqlClient>): void {
  let t: IncidentTestApp;
  beforeAll(async () => {
    // 3 photos or 1 MB of photos a day per user.
    t = await openIncidentTestApp(openClient, { photoQuota: { photosPerDay: 3, bytesPerDay: 1024 * 1024 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores a phone JPEG without its GPS position, XMP, comment or trailer', async () => {
    const sent = phoneJpeg(6);
    const res = await report(t, 'viewer', { contentType: 'image/jpeg', bytes: sent });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const photoId = res.body.transitions[0].photoId as string;
    const served = await bytesOf(
      request(t.app).get(`/api/events/${res.body.id}/photos/${photoId}`).set(as(t, 'manager')),
    )
      .expect(200)
      .expect('content-type', 'image/jpeg');
    const body = served.body as Buffer;
    expect(body.length).toBeLessThan(sent.length);
    for (const s of ['GPS', 'xmpmeta', 'Pudong', '121.4737']) expect(body.includes(Buffer.from(s))).toBe(false);
    expect(body.subarray(body.length - 2).equals(Buffer.from([0xff, 0xd9]))).toBe(true);
    expect(body.readUInt16BE(2 + 28)).toBe(6); // orientation kept
  });

  it('refuses a body over the limit from its Content-Length, before reading it', async () => {
    const server = http.createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = net.connect(port, '127.0.0.1');
      let sent = 0;
      const answer = await new Promise<string>((resolve, reject) => {
        let text = '';
        socket.on('data', (c) => {
          text += c.toString('latin1');
          if (text.includes('\r\n\r\n') && text.includes('}}')) resolve(text);
        });
        socket.on('error', reject);
        socket.write(
          `POST /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: ${as(t, 'viewer').Authorization}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${200 * 1024 * 1024}\r\n\r\n`,
        );
        // 64 kB of a 200 MB body; the answer must come without the rest.
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        socket.write(chunk);
        sent += chunk.length;
      });
      socket.destroy();
      expect(answer).toMatch(/^HTTP\/1.1 413/);
      expect(answer).toContain('GT_ERR_PAYLOAD_TOO_LARGE');
      expect(sent).toBe(64 * 1024);
    } finally {
      server.close();
    }
  });

  it("answers 429 GT_ERR_PHOTO_QUOTA with Retry-After once a user's photos of the day are used up", async () => {
    const png = { contentType: 'image/png', bytes: pngImage() };
    // The viewer stored one photo above; two more fit.
    expect((await report(t, 'viewer', png)).status).toBe(200);
    expect((await report(t, 'viewer', png)).status).toBe(200);
    const over = await report(t, 'viewer', png);
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('GT_ERR_PHOTO_QUOTA');
    expect(over.body.error.message).toContain('3 photos');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(23 * 3600);
    // No photo, no quota; another user has their own.
    expect((await report(t, 'viewer')).status).toBe(200);
    expect((await report(t, 'planner', png)).status).toBe(200);
    // A day later the first photos leave the window.
    t.clock.now += 24 * 3600_000 + 1;
    for (const username of ['viewer', 'manager']) {
      // Tokens last 12 h: log in again on the next day.
      const login = await request(t.app).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
      t.tokens[username] = login.body.token as string;
    }
    expect((await report(t, 'viewer', png)).status).toBe(200);
  });

  it('counts bytes too, and parallel uploads cannot all pass one check', async () => {
    // 1 MB a day: three 400 kB photos sent at once, at most two stored.
    const photo = (n: number) => {
      const filler = Buffer.alloc(400 * 1024, n);
      return {
        contentType: 'image/png',
        // A private ancillary chunk: not metadata the cleaner knows, so it is stored and counted.
        bytes: pngImage([pngChunk('prVt', filler)]),
      };
    };
    const answers = await Promise.all([
      report(t, 'manager', photo(1)),
      report(t, 'manager', photo(2)),
      report(t, 'manager', photo(3)),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(2);
    expect(statuses).toContain(429);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body.error.message).toContain('1 MB of photos');
  });
}

describe('photo uploads (pglite)', () => {
  photoUploadSuite(() => openPgliteClient());
});

describePostgres('photo uploads (postgres)', (databaseUrl) => {
  const schema = uniqueSchemaName();
  afterAll(() => dropSchema(databaseUrl, schema));
  photoUploadSuite(() => openPgClient(databaseUrl, { schema }));
});
