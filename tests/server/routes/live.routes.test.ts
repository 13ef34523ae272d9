import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import WebSocket from 'ws';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../server/http/create-app.js';
import { CityService } from '../../../server/services/city.service.js';
import { IngestService } from '../../../server/services/ingest.service.js';
import { AlertsService } from '../../../server/services/alerts.service.js';
import { DevicesService } from '../../../server/services/devices.service.js';
import { ingestRoutes } from '../../../server/routes/ingest.routes.js';
import { alertRoutes } from '../../../server/routes/alerts.routes.js';
import { deviceRoutes } from '../../../server/routes/devices.routes.js';
import { attachLiveSocket, liveRoutes } from '../../../server/routes/live.routes.js';
import { authorize } from '../../../app/startup/iot-wiring.js';
import { ensureAdmin } from '../../../server/auth/ensure-admin.js';
import { createIncidentServices } from '../../../server/services/incident-services.js';
import { readingTopic } from '../../../core/contracts/mqtt.js';
import { startBridgeRig, waitUntil, type BridgeRig } from '../../iot-bridge/bridge-fixture.js';

interface Message {
  type: string;
  seq: number;
  sensors: { sensorId: string; value: number }[];
  alerts: { rule: string }[];
}

function collect(
  url: string,
  options: { protocols?: string[]; origin?: string } = {},
): Promise<{ ws: WebSocket; messages: Message[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], options.origin ? { origin: options.origin } : {});
    const messages: Message[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

describe('server/routes/live.routes (with ingest, alerts and devices routes)', () => {
  let rig: BridgeRig, server: http.Server, base: string, close: () => void;
  let adminToken = '';
  let rawToken = '';
  beforeAll(async () => {
    rig = await startBridgeRig();
    const cities = new CityService(rig.store, 'fixture-city');
    // The real auth side: an admin account, a bearer token from /api/auth/login, the role check of `npm start`.
    await ensureAdmin(rig.store, { ADMIN_PASSWORD: 'live-routes-test' }, () => undefined);
    const incidents = createIncidentServices({ store: rig.store, defaultCityId: 'fixture-city' });
    const app = createApp({
      store: rig.store,
      config: { CITY: 'fixture-city' },
      incidents,
      extraRoutes: [
        ingestRoutes(new IngestService(() => ({ transport: 'test', stats: rig.bridge.statsSnapshot() }))),
        alertRoutes(new AlertsService(cities, rig.live.alerts, (id) => rig.bridge.alerts.acknowledge(id)), authorize),
        deviceRoutes(new DevicesService(rig.store, cities, rig.devices), authorize),
        liveRoutes(rig.hub),
      ],
    });
    server = http.createServer(app);
    close = attachLiveSocket(server, rig.hub, {
      userOfToken: (token) => incidents.auth.userOfToken(token),
      allowedOrigins: ['http://localhost:5173'],
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await request(server)
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'live-routes-test' })
      .expect(200);
    rawToken = login.body.token as string;
    adminToken = `Bearer ${rawToken}`;
  });
  afterAll(async () => {
    close();
    await new Promise((r) => server.close(r));
    await rig.close();
  });

  it('streams a snapshot then deltas with increasing seq, and resumes after a reconnect', async () => {
    const dev = await rig.device('sen-l-m1');
    const { ws, messages } = await collect(`ws://${base}/api/live?token=${rawToken}`);
    await waitUntil(() => messages.length >= 1, 2000, 'snapshot');
    expect(messages[0]!.type).toBe('snapshot');
    for (let i = 0; i < 5; i++) {
      await dev.publishAsync(readingTopic('sen-l-m1'), JSON.stringify({ ts: Date.now(), value: 2.6 + i, seq: i }), {
        qos: 1,
      });
      await new Promise((r) => setTimeout(r, 30));
    }
    await waitUntil(() => messages.some((m) => m.sensors?.some((s) => s.value === 6.6)), 3000, 'the last value');
    const seqs = messages.map((m) => m.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
    // level hi 2 / hihi 2.5 (no minimum duration): the alerts go out live too.
    expect(messages.some((m) => m.alerts?.some((a) => a.rule === 'hi'))).toBe(true);
    const lastSeen = seqs.at(-1)!;
    ws.close();
    await dev.publishAsync(readingTopic('sen-l-m1'), JSON.stringify({ ts: Date.now(), value: 2.7, seq: 10 }), {
      qos: 1,
    });
    await waitUntil(() => rig.hub.currentSeq > lastSeen, 2000, 'a delta while away');
    const again = await collect(`ws://${base}/api/live?since=${lastSeen}&token=${rawToken}`);
    await waitUntil(() => again.messages.length >= 1, 2000, 'resume');
    expect(again.messages[0]).toMatchObject({ type: 'delta', seq: lastSeen + 1 });
    again.ws.close();
  });

  it('refuses the live stream without a valid token or from a foreign origin, and takes the token as subprotocol', async () => {
    const status = (url: string, options: { protocols?: string[]; origin?: string } = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, options.protocols ?? [], options.origin ? { origin: options.origin } : {});
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => resolve(-1));
      });
    expect(await status(`ws://${base}/api/live`)).toBe(401);
    expect(await status(`ws://${base}/api/live?token=not-a-token`)).toBe(401);
    expect(await status(`ws://${base}/api/live?token=${rawToken}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await status(`ws://${base}/api/live?token=${rawToken}`, { origin: `http://${base}` })).toBe(101);
    expect(await status(`ws://${base}/api/live?token=${rawToken}`, { origin: 'http://localhost:5173' })).toBe(101);
    const viaProtocol = await collect(`ws://${base}/api/live`, {
      protocols: ['gridtwin.live', `gridtwin.token.${rawToken}`],
      origin: `http://${base}`,
    });
    // The server answers the plain protocol, never the token.
    expect(viaProtocol.ws.protocol).toBe('gridtwin.live');
    await waitUntil(() => viaProtocol.messages.length >= 1, 2000, 'snapshot over the subprotocol');
    expect(viaProtocol.messages[0]!.type).toBe('snapshot');
    viaProtocol.ws.close();
    // The description needs the login too.
    await request(server).get('/api/live').expect(401);
    await request(server).get('/api/live').set('Authorization', adminToken).expect(200);
  });

  it('answers ingest stats with rejections by reason and the last examples', async () => {
    const dev = await rig.device('sen-f-p1');
    await dev.publishAsync(readingTopic('sen-f-p1'), '{"ts":', { qos: 1 });
    await request(server).get('/api/ingest/stats').expect(401);
    const res = await request(server).get('/api/ingest/stats').set('Authorization', adminToken).expect(200);
    expect(res.body.rejected['malformed-json']).toBeGreaterThanOrEqual(1);
    expect(res.body.lastRejections[0]).toMatchObject({ reason: 'malformed-json', topic: readingTopic('sen-f-p1') });
  });

  it('lists alerts and lets an authorised user acknowledge one', async () => {
    await request(server).get('/api/alerts?state=open').expect(401);
    const open = await request(server).get('/api/alerts?state=open').set('Authorization', adminToken).expect(200);
    expect(open.body.total).toBeGreaterThan(0);
    const id = open.body.items[0].id as string;
    await request(server).post(`/api/alerts/${id}/acknowledge`).expect(401);
    await request(server).post(`/api/alerts/${id}/acknowledge`).set('Authorization', 'Bearer not-a-token').expect(401);
    const ack = await request(server)
      .post(`/api/alerts/${id}/acknowledge`)
      .set('Authorization', adminToken)
      .expect(200);
    expect(ack.body.state).toBe('acknowledged');
    await request(server).post('/api/alerts/nope/acknowledge').set('Authorization', adminToken).expect(404);
  });

  it('provisions device credentials for admins only; the secret works on the broker and is stored hashed', async () => {
    await request(server).post('/api/devices/sen-l-m1/credentials').expect(401);
    const res = await request(server)
      .post('/api/devices/sen-l-m1/credentials')
      .set('Authorization', adminToken)
      .expect(200);
    expect(res.body).toMatchObject({ username: 'sen-l-m1', topics: { reading: readingTopic('sen-l-m1') } });
    const stored = await rig.live.devices.get('fixture-city', 'sen-l-m1');
    expect(stored?.hash).not.toContain(res.body.password);
    const mqtt = (await import('mqtt')).default;
    const c = await mqtt.connectAsync(rig.url, {
      protocolVersion: 4,
      username: 'sen-l-m1',
      password: res.body.password,
      reconnectPeriod: 0,
    });
    await c.endAsync();
    await request(server).post('/api/devices/no-such/credentials').set('Authorization', adminToken).expect(404);
  });
});
