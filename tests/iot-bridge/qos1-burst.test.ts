import { afterAll, beforeAll, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { Bridge } from '../../iot-bridge/bridge.js';
import { MqttTransport } from '../../iot-bridge/mqtt-client.js';
import { readingTopic } from '../../core/contracts/mqtt.js';
import { describeMqtt } from '../helpers/mqtt-test-broker.js';
import { makeCityFixture } from '../helpers/city-fixture.js';
import { openFixtureStore, waitUntil } from './bridge-fixture.js';
import type { CityBundle } from '../../core/model/index.js';
import type { CityStore } from '../../store/index.js';
import type { LiveDataStores } from '../../store/readings/index.js';

/** The fixture city plus `n` flow sensors of this run (other tests on the same broker publish to the fixture's ids). */
export function cityWithSensors(prefix: string, n: number): { city: CityBundle; ids: string[] } {
  const city = makeCityFixture();
  const template = city.sensors.find((s) => s.id === 'sen-f-p1')!;
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  return { city: { ...city, sensors: [...city.sensors, ...ids.map((id) => ({ ...template, id }))] }, ids };
}

/** Removes a persistent session from the broker (MQTT 5: clean start, session expiry 0), so it queues nothing more. */
async function forgetSession(url: string, clientId: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId, clean: true, protocolVersion: 5, reconnectPeriod: 0 });
  await c.endAsync();
}

// The machine's Mosquitto on its DEFAULT configuration (max_queued_messages 1000, max_inflight_messages 20).
describeMqtt('iot-bridge QoS 1 burst through an external Mosquitto (default config)', (url) => {
  const run = `qb${process.pid.toString(36)}${Date.now().toString(36)}`;
  const { city, ids } = cityWithSensors(run, 4);
  const clientIds: string[] = [];
  let store: CityStore, live: LiveDataStores;
  beforeAll(async () => {
    ({ store, live } = await openFixtureStore(city));
  });
  afterAll(async () => {
    for (const id of clientIds) await forgetSession(url, id);
    await store.close();
  });

  it('keeps receiving while acknowledgements are held, and a crash before the commit leaves every message to be redelivered', async () => {
    // Pins the one mqtt.js behaviour the transport relies on beyond its documented API (see ACK_DEFERRED).
    const clientId = `gt-${run}-pin`;
    clientIds.push(clientId);
    const mine = (topic: string) => topic.startsWith(readingTopic(ids[0]!));
    const held: string[] = [];
    const first = new MqttTransport({ url, clientId, sessionExpiryS: 120 });
    await first.start((topic, payload) => {
      if (mine(topic)) held.push(payload.toString());
      return new Promise<void>(() => undefined); // storage never finishes: nothing may be acknowledged
    });
    const pub = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: `gt-${run}-pin-pub` });
    const N = 300;
    await Promise.all(
      Array.from({ length: N }, (_, i) =>
        pub.publishAsync(readingTopic(ids[0]!), JSON.stringify({ ts: Date.now(), value: i, seq: i }), { qos: 1 }),
      ),
    );
    await pub.endAsync();
    // One at a time (mqtt.js's own handling) would stop at the first message; the window lets them all in.
    await waitUntil(() => held.length === N, 30_000, `${N} messages received with none acknowledged`);
    expect(first.acksPending).toBeGreaterThanOrEqual(N);
    await first.crash();

    const again = new Set<number>();
    const second = new MqttTransport({ url, clientId, sessionExpiryS: 120 });
    await second.start((topic, payload) => {
      if (mine(topic)) again.add((JSON.parse(payload.toString()) as { seq: number }).seq);
      return Promise.resolve();
    });
    await waitUntil(() => again.size === N, 30_000, `the ${N} unacknowledged messages redelivered`);
    await waitUntil(() => second.acksPending === 0, 10_000, 'redelivered messages acknowledged');
    await second.close();
  });

  it('10,000 QoS 1 messages of one reading from 4 clients at full speed: every acknowledged reading is stored, in few transactions', async () => {
    const clientId = `gt-${run}-bridge`;
    clientIds.push(clientId);
    const bridge = new Bridge({
      cityId: city.city.id,
      sensors: city.sensors,
      transport: new MqttTransport({ url, clientId, sessionExpiryS: 120 }),
      readings: live.readings,
      alerts: live.alerts,
      retentionDays: 0,
    });
    await bridge.start();
    try {
      const perClient = 2500;
      const base = Date.now() - 3_600_000;
      const started = performance.now();
      const acked = await Promise.all(
        ids.map(async (sensorId, k) => {
          const pub = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: `gt-${run}-pub-${k}` });
          const results = await Promise.allSettled(
            Array.from({ length: perClient }, (_, i) =>
              pub.publishAsync(readingTopic(sensorId), JSON.stringify({ ts: base + i * 1000, value: i, seq: i }), {
                qos: 1,
              }),
            ),
          );
          await pub.endAsync();
          return results.filter((r) => r.status === 'fulfilled').length;
        }),
      );
      const ackedTotal = acked.reduce((a, b) => a + b, 0);
      const publishedMs = performance.now() - started;
      const stored = async () => {
        let n = 0;
        for (const id of ids) n += await live.readings.count(city.city.id, id);
        return n;
      };
      await waitUntil(async () => (await stored()) >= ackedTotal, 60_000, `${ackedTotal} readings stored`);
      const storedMs = performance.now() - started;
      const s = bridge.statsSnapshot();
      console.log(
        `QoS 1 burst: ${ackedTotal} acknowledged by Mosquitto in ${publishedMs.toFixed(0)} ms, all stored after ${storedMs.toFixed(0)} ms in ${s.writeBatches} transactions`,
      );
      expect(ackedTotal).toBe(ids.length * perClient); // the default broker accepted every publish
      expect(await stored()).toBe(ackedTotal);
      for (const id of ids) expect(await live.readings.count(city.city.id, id)).toBe(perClient);
      // One transaction per message would be 10,000; a batch holds many messages.
      expect(s.writeBatches).toBeLessThan(ackedTotal / 20);
      expect(s.gaps?.missingReadings).toBe(0);
      await waitUntil(() => bridge.statsSnapshot().acksPending === 0, 10_000, 'every message acknowledged');
      // Mosquitto's $SYS counters are retained: the bridge knows the broker's drop counter (broker-wide, so any value).
      await waitUntil(() => bridge.statsSnapshot().brokerDropped !== null, 15_000, 'the broker drop counter');
    } finally {
      await bridge.stop();
    }
  });
});
