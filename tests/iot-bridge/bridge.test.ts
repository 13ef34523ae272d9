import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { CONTRACT_CASES, materialise } from './contract-cases.js';
import { startBridgeRig, waitUntil, type BridgeRig, type FixtureDb } from './bridge-fixture.js';
import { readingTopic } from '../../core/contracts/mqtt.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../helpers/postgres-test-db.js';

describe('iot-bridge/bridge (embedded broker, PGlite)', () => {
  bridgeSuite();
});

describePostgres('iot-bridge/bridge (embedded broker, PostgreSQL)', (databaseUrl) => {
  const schema = uniqueSchemaName('gt_bridge');
  afterAll(() => dropSchema(databaseUrl, schema));
  bridgeSuite({ databaseUrl, schema });
});

/** The bridge's end-to-end contract (readings, alerts, device credentials stored) on one storage engine. */
function bridgeSuite(db?: FixtureDb): void {
  let rig: BridgeRig;
  const cityId = () => rig.city.city.id;
  beforeAll(async () => {
    rig = await startBridgeRig({ allowAnonymous: true, ...(db === undefined ? {} : { db }) });
  });
  afterAll(() => rig.close());

  it('applies every case of the MQTT contract end to end: stored counts and rejection reasons', async () => {
    const pub = await rig.device('sen-f-p1');
    // Unknown-sensor and unknown-topic cases publish on topics this device does not own: an anonymous client may.
    const anon = await (await import('mqtt')).default.connectAsync(rig.url, { protocolVersion: 4, reconnectPeriod: 0 });
    for (const c of CONTRACT_CASES) {
      const { topic, payload } = materialise(c, 'sen-f-p1', Date.now());
      const before = await rig.live.readings.count(cityId(), 'sen-f-p1');
      const statsBefore = rig.bridge.statsSnapshot();
      const client: MqttClient =
        topic.startsWith('gridtwin/v1/sensors/sen-f-p1/') && !topic.endsWith('/extra') ? pub : anon;
      await client.publishAsync(topic, payload, { qos: 1 });
      const after = await rig.live.readings.count(cityId(), 'sen-f-p1');
      const stats = rig.bridge.statsSnapshot();
      if (c.rejected !== undefined) {
        expect(stats.rejected[c.rejected as keyof typeof stats.rejected], c.name).toBe(
          statsBefore.rejected[c.rejected as keyof typeof stats.rejected] + 1,
        );
        expect(stats.lastRejections[0]?.reason, c.name).toBe(c.rejected);
      }
      expect(after - before, c.name).toBe(c.stored ?? 0);
      if (c.duplicateOf) expect(stats.duplicates, c.name).toBe(statsBefore.duplicates + 1);
    }
    await anon.endAsync();
  });

  it('acknowledges QoS 1 only once stored, and returns late readings in time order', async () => {
    const dev = await rig.device('sen-p-j2');
    const t0 = Date.now() - 60_000;
    for (const dt of [30_000, 10_000, 20_000, 0]) {
      await dev.publishAsync(readingTopic('sen-p-j2'), JSON.stringify({ ts: t0 + dt, value: 300 + dt / 1000 }), {
        qos: 1,
      });
    }
    const rows = await rig.live.readings.list(cityId(), 'sen-p-j2', { from: t0, to: t0 + 60_000, limit: 100 });
    expect(rows.map((r) => r.ts - t0)).toEqual([0, 10_000, 20_000, 30_000]);
  });

  it('a device cannot publish for another sensor (it is disconnected), nor subscribe to others or to the output topics', async () => {
    const rogue = await rig.device('sen-l-m1');
    const before = await rig.live.readings.count(cityId(), 'sen-rain-1');
    const closed = new Promise<void>((resolve) => rogue.once('close', () => resolve()));
    void rogue
      .publishAsync(readingTopic('sen-rain-1'), JSON.stringify({ ts: Date.now(), value: 5 }), { qos: 1 })
      .catch(() => undefined);
    await closed;
    const dev = await rig.device('sen-l-m1');
    for (const forbidden of ['gridtwin/v1/sensors/sen-rain-1/#', 'gridtwin/v1/sensors/#', 'gridtwin/v1/out/#', '#']) {
      await expect(dev.subscribeAsync(forbidden), forbidden).rejects.toThrow(/Subscribe error/);
    }
    const own = await dev.subscribeAsync('gridtwin/v1/sensors/sen-l-m1/cmd');
    expect(own[0]?.qos).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await rig.live.readings.count(cityId(), 'sen-rain-1')).toBe(before);
  });

  it('refuses wrong secrets', async () => {
    const mqtt = (await import('mqtt')).default;
    await rig.devices.provision('sen-rain-1');
    await expect(
      mqtt.connectAsync(rig.url, { protocolVersion: 4, username: 'sen-rain-1', password: 'wrong', reconnectPeriod: 0 }),
    ).rejects.toThrow();
  });

  it('raises a hi/hihi alert after the minimum duration with hysteresis, publishes it and clears it once', async () => {
    const dev = await rig.device('sen-l-m1');
    const mqtt = (await import('mqtt')).default;
    const watcher = await mqtt.connectAsync(rig.url, { protocolVersion: 4, reconnectPeriod: 0 });
    const out: string[] = [];
    watcher.on('message', (topic) => out.push(topic));
    await watcher.subscribeAsync('gridtwin/v1/out/#');
    const t0 = Date.now() - 50_000;
    const send = (dt: number, value: number, seq: number) =>
      dev.publishAsync(readingTopic('sen-l-m1'), JSON.stringify({ ts: t0 + dt * 1000, value, seq }), { qos: 1 });
    // hi 2 with deadband 0.1: 2.05 holds the alert, 1.85 clears it.
    await send(0, 1.0, 1);
    await send(5, 2.2, 2);
    await send(10, 2.6, 3);
    await send(15, 2.05, 4);
    await send(20, 1.85, 5);
    await rig.bridge.alerts.settled();
    const all = await rig.live.alerts.list(cityId(), { sensorId: 'sen-l-m1', limit: 10, offset: 0 });
    const rules = all.items.map((a) => `${a.rule}:${a.state}`).sort();
    // The 1.2 m jump in 5 s also trips the level rate limit (0.05 m/s by default).
    expect(rules).toEqual(['hi:cleared', 'hihi:cleared', 'rate:cleared']);
    await waitUntil(
      () => out.some((t) => t === 'gridtwin/v1/out/alerts/sen-l-m1/hi'),
      2000,
      'alert on the output topic',
    );
    await watcher.endAsync();
  });
}
