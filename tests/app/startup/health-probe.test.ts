import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import mqtt from 'mqtt';
import { loadConfig } from '../../../core/config/config.js';
import { sqlClientOf, type CityStore } from '../../../store/index.js';
import { startIot, type IotRuntime } from '../../../iot-bridge/start-iot.js';
import { composeApp } from '../../../app/startup/compose-app.js';
import { createIncidentServices } from '../../../server/services/incident-services.js';
import { readingTopic } from '../../../core/contracts/mqtt.js';
import { openFixtureStore, waitUntil } from '../../iot-bridge/bridge-fixture.js';

describe('/api/health reports storage writes and the broker (npm start composition, real broker and PGlite)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-health-'));
  let store: CityStore, iot: IotRuntime, app: ReturnType<typeof composeApp>;
  beforeAll(async () => {
    ({ store } = await openFixtureStore());
    iot = await startIot({ cityId: 'fixture-city', store, mqttPort: 0, host: '127.0.0.1', allowAnonymous: true });
    const incidents = createIncidentServices({ store, defaultCityId: 'fixture-city' });
    app = composeApp(loadConfig({ CITY: 'fixture-city', DATA_DIR: dir }), store, incidents, iot);
  });
  afterAll(async () => {
    await iot?.close();
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says ok with the broker up, degraded while readings cannot be written, ok again once they can', async () => {
    const ok = (await request(app).get('/api/health').expect(200)).body;
    expect(ok).toMatchObject({
      status: 'ok',
      storage: { reads: 'ok', writes: 'ok', lastWriteError: null },
      broker: { kind: 'embedded', state: 'up' },
    });
    const sql = sqlClientOf(store);
    // As when the disk is full: reads work, every insert fails.
    await sql.exec('ALTER TABLE readings RENAME TO readings_away');
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${iot.broker!.port}`, { reconnectPeriod: 0 });
    device.publish(readingTopic('sen-p-j2'), JSON.stringify({ ts: Date.now(), value: 300 }), { qos: 0 });
    await waitUntil(() => iot.bridge.writer.lastError !== null, 5000, 'a failed write');
    const bad = (await request(app).get('/api/health').expect(200)).body;
    expect(bad.status).toBe('degraded');
    expect(bad.storage.writes).toBe('failing');
    expect(bad.storage.lastWriteError).toMatch(/readings/);
    await sql.exec('ALTER TABLE readings_away RENAME TO readings');
    await waitUntil(() => iot.bridge.writer.lastError === null, 10_000, 'the retried write');
    expect((await request(app).get('/api/health').expect(200)).body.status).toBe('ok');
    await device.endAsync();
  });
});
