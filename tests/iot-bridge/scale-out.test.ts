import { afterAll, beforeAll, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { Bridge } from '../../iot-bridge/bridge.js';
import { MqttTransport } from '../../iot-bridge/mqtt-client.js';
import { readingTopic } from '../../core/contracts/mqtt.js';
import { describeMqtt } from '../helpers/mqtt-test-broker.js';
import { openFixtureStore, waitUntil } from './bridge-fixture.js';
import type { CityStore } from '../../store/index.js';
import type { LiveDataStores } from '../../store/readings/index.js';

describeMqtt('iot-bridge/mqtt-client (two bridges, shared subscription, external broker)', (url) => {
  let store: CityStore, live: LiveDataStores;
  /** bridges[0] evaluates the rules from the non-shared feed; bridges[1] only stores its share. */
  const bridges: Bridge[] = [];
  const run = `${process.pid}-${Date.now().toString(36)}`;
  beforeAll(async () => {
    let sensors;
    ({
      store,
      live,
      city: { sensors },
    } = await openFixtureStore());
    for (const [n, rules] of [
      [1, 'feed'],
      [2, 'off'],
    ] as const) {
      const transport = new MqttTransport({
        url,
        clientId: `gt-test-bridge-${n}-${run}`,
        shared: true,
        group: `gt-test-${run}`,
        sessionExpiryS: 60,
      });
      const bridge = new Bridge({
        cityId: 'fixture-city',
        sensors,
        transport,
        readings: live.readings,
        alerts: live.alerts,
        retentionDays: 0,
        rules,
      });
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
    const sensors = ['sen-p-j2', 'sen-f-p1', 'sen-rain-1'];
    const perSensor = 500;
    const base = Date.now() - 3_600_000;
    await Promise.all(
      sensors.map(async (id) => {
        for (let i = 0; i < perSensor; i++) {
          await pub.publishAsync(
            readingTopic(id),
            JSON.stringify({ ts: base + i * 1000, value: 300 + (i % 7), seq: i }),
            { qos: 1 },
          );
        }
      }),
    );
    await pub.endAsync();
    const total = sensors.length * perSensor;
    await waitUntil(
      async () => (await live.readings.count('fixture-city')) >= total,
      20_000,
      `${total} readings stored`,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await live.readings.count('fixture-city')).toBe(total);
    const [a, b] = bridges.map((x) => x.statsSnapshot().readingsAccepted);
    expect(a! + b!).toBe(total); // each message went to one bridge only
    expect(Math.min(a!, b!)).toBeGreaterThan(total * 0.25);
    expect(bridges.reduce((n, x) => n + x.statsSnapshot().duplicates, 0)).toBe(0);
  });

  it("evaluates a sensor's rules on its whole stream although its readings are split between the bridges", async () => {
    // sen-l-m1 (level, rate limit 0.05 m/s) alternates 1.0 and 1.5 m each second: 0.5 m/s, a rate alert. Mosquitto
    // deals the messages round robin, so each storing bridge sees a constant value (rate 0): only a bridge that sees
    // every reading raises the alert.
    const pub = await mqtt.connectAsync(url, { protocolVersion: 5 });
    const n = 40,
      base = Date.now() - 600_000;
    for (let i = 0; i < n; i++) {
      await pub.publishAsync(
        readingTopic('sen-l-m1'),
        JSON.stringify({ ts: base + i * 1000, value: i % 2 === 0 ? 1 : 1.5, seq: i }),
        { qos: 1 },
      );
    }
    await pub.endAsync();
    await waitUntil(
      async () => (await live.readings.count('fixture-city', 'sen-l-m1')) >= n,
      10_000,
      `${n} sen-l-m1 readings stored`,
    );
    const [storedByRulesBridge, storedByOther] = bridges.map((x) => x.statsSnapshot().readingsAccepted);
    expect(storedByRulesBridge! + storedByOther!).toBe(1500 + n);
    await waitUntil(
      () => bridges[0]!.alerts.openAlerts().some((x) => x.sensorId === 'sen-l-m1' && x.rule === 'rate'),
      5000,
      'rate alert on the rules bridge',
    );
    for (const b of bridges) await b.alerts.settled();
    const stored = (await live.alerts.list('fixture-city', { sensorId: 'sen-l-m1', limit: 20, offset: 0 })).items;
    expect(stored.filter((x) => x.rule === 'rate')).toHaveLength(1); // raised once, by one bridge
    expect(stored.filter((x) => x.rule === 'hi')).toHaveLength(0); // 1.5 m is below hi 2 m
    expect(bridges[1]!.alerts.openAlerts()).toHaveLength(0); // the storing-only bridge evaluates nothing
  });
});
