import { afterAll, beforeAll, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { Bridge } from '../../iot-bridge/bridge.js';
import { MqttTransport } from '../../iot-bridge/mqtt-client.js';
import { readingTopic } from '../../iot-bridge/topic-catalogue.js';
import { describeMqtt } from '../helpers/mqtt-test-broker.js';
import { openFixtureStore, waitUntil } from './bridge-fixture.js';
import type { CityStore } from '../../server/store/index.js';
import type { LiveDataStores } from '../../server/store/readings/index.js';

describeMqtt('iot-bridge/mqtt-client (two bridges, shared subscription, external broker)', (url) => {
  let store: CityStore, live: LiveDataStores;
  const bridges: Bridge[] = [];
  const run = `${process.pid}-${Date.now().toString(36)}`;
  beforeAll(async () => {
    let sensors;
    ({ store, live, city: { sensors } } = await openFixtureStore());
    for (const n of [1, 2]) {
      const transport = new MqttTransport({ url, clientId: `gt-test-bridge-${n}-${run}`, shared: true, group: `gt-test-${run}` });
      const bridge = new Bridge({ cityId: 'fixture-city', sensors, transport, readings: live.readings, alerts: live.alerts, retentionDays: 0 });
      await bridge.start();
      bridges.push(bridge);
    }
  });
  afterAll(async () => {
    for (const b of bridges) await b.stop();
    await store.close();
  });

  it('splits the device traffic between both bridges and stores every reading exactly once', async () => {
    const pub = await mqtt.connectAsync(url, { protocolVersion: 5 });
    const sensors = ['sen-p-j2', 'sen-f-p1', 'sen-l-m1', 'sen-rain-1'];
    const perSensor = 500;
    const base = Date.now() - 3_600_000;
    await Promise.all(sensors.map(async (id) => {
      for (let i = 0; i < perSensor; i++) {
        await pub.publishAsync(readingTopic(id), JSON.stringify({ ts: base + i * 1000, value: i % 7, seq: i }), { qos: 1 });
      }
    }));
    await pub.endAsync();
    const total = sensors.length * perSensor;
    await waitUntil(async () => (await live.readings.count('fixture-city')) >= total, 20_000, `${total} readings stored`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await live.readings.count('fixture-city')).toBe(total);
    const [a, b] = bridges.map((x) => x.statsSnapshot().readingsAccepted);
    expect(a! + b!).toBe(total); // each message went to one bridge only
    expect(Math.min(a!, b!)).toBeGreaterThan(total * 0.25);
    expect(bridges.reduce((n, x) => n + x.statsSnapshot().duplicates, 0)).toBe(0);
  });
});
