import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { Bridge } from '../../iot-bridge/bridge.js';
import { MqttTransport } from '../../iot-bridge/mqtt-client.js';
import { readingTopic } from '../../core/contracts/mqtt.js';
import {
  describeMqtt,
  hasMosquitto,
  startPrivateMosquitto,
  type PrivateMosquitto,
} from '../helpers/mqtt-test-broker.js';
import { REPO_ROOT } from '../helpers/spawn-process.js';
import { countStored, settle, spawnBridge } from './bridge-process.js';
import { openStore } from '../../store/index.js';
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

const withMosquitto = hasMosquitto() || process.env.REQUIRE_SERVICES === '1';

describe.skipIf(!withMosquitto)(
  'iot-bridge QoS 1 burst, bridge killed mid-burst (Mosquitto with docs/deploy/mosquitto.conf)',
  () => {
    let broker: PrivateMosquitto;
    let dataDir: string;
    beforeAll(async () => {
      const config = fs.readFileSync(path.join(REPO_ROOT, 'docs/deploy/mosquitto.conf'), 'utf8');
      broker = await startPrivateMosquitto({ config });
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-qos1-restart-'));
      const store = await openStore({ dataDir });
      await store.saveCity(makeCityFixture());
      await store.close();
    });
    afterAll(async () => {
      await broker?.cleanup();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('kill -9 of the bridge mid-burst and a restart: every reading the broker acknowledged is stored, none twice', async () => {
      const env = {
        DATA_DIR: dataDir,
        CITY: 'fixture-city',
        MQTT_URL: broker.url,
        BRIDGE_ID: 'burst-bridge',
        READINGS_RETENTION_DAYS: '0',
      };
      let bridge = spawnBridge(env);
      await bridge.waitFor(/GridTwin bridge running/, 60_000);
      const sensors = makeCityFixture().sensors.map((s) => s.id);
      const perClient = 2500;
      const base = Date.now() - 3_600_000;
      let killed!: () => void;
      const afterKill = new Promise<void>((r) => (killed = r));
      // Each client publishes its first half at full speed, the rest once the bridge is dead: the kill lands mid-burst,
      // with messages in flight to the bridge and more queued at the broker while it is away.
      const publishing = sensors.map(async (sensorId, k) => {
        const pub = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: `burst-pub-${k}` });
        const send = (i: number) =>
          pub
            .publishAsync(readingTopic(sensorId), JSON.stringify({ ts: base + i * 1000, value: i, seq: i }), { qos: 1 })
            .then(
              () => i,
              () => -1,
            );
        const first = Array.from({ length: perClient / 2 }, (_, i) => send(i));
        await afterKill;
        const rest = Array.from({ length: perClient / 2 }, (_, i) => send(perClient / 2 + i));
        const acked = (await Promise.all([...first, ...rest])).filter((i) => i >= 0);
        await pub.endAsync();
        return { sensorId, acked };
      });
      await bridge.waitFor(/ingest: .* [1-9]\d* readings stored/, 60_000);
      await bridge.stop('SIGKILL');
      killed();
      bridge = spawnBridge(env);
      await bridge.waitFor(/GridTwin bridge running/, 60_000);
      const results = await Promise.all(publishing);
      await settle(bridge, 3000, 120_000);
      await bridge.stop('SIGTERM');
      for (const { sensorId, acked } of results) {
        expect(acked).toHaveLength(perClient); // the broker took every publish (queued while the bridge was away)
        const { rows, seqs } = await countStored(dataDir, sensorId);
        expect(acked.filter((i) => !seqs.has(i))).toEqual([]);
        expect(rows).toBe(seqs.size);
      }
      // Two bridge starts and a burst on a busy machine: a generous bound; the waits inside are on conditions.
    }, 300_000);
  },
);
