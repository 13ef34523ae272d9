import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { Bridge } from '../../iot-bridge/bridge.js';
import { MqttTransport } from '../../iot-bridge/mqtt-client.js';
import { readingTopic } from '../../core/contracts/mqtt.js';
import { IngestStatsSnapshotSchema } from '../../core/contracts/ingest-stats.js';
import { hasMosquitto, startPrivateMosquitto, type PrivateMosquitto } from '../helpers/mqtt-test-broker.js';
import { makeCityFixture } from '../helpers/city-fixture.js';
import { openFixtureStore, waitUntil } from './bridge-fixture.js';
import type { CityStore } from '../../store/index.js';
import type { LiveDataStores } from '../../store/readings/index.js';

const withMosquitto = hasMosquitto() || process.env.REQUIRE_SERVICES === '1';

// A real Mosquitto on its default queue settings (max_queued_messages 1000) with $SYS published every second: the
// broker drops what does not fit in an absent bridge's queue, and the bridge must say so in its ingest stats, from
// the broker's own counter and from the seq gap it sees.
describe.skipIf(!withMosquitto)('iot-bridge: gaps the bridge can see (Mosquitto, default queue, $SYS)', () => {
  const city = makeCityFixture();
  const sensorId = city.sensors[0]!.id;
  let broker: PrivateMosquitto;
  let store: CityStore, live: LiveDataStores;
  beforeAll(async () => {
    broker = await startPrivateMosquitto({ config: 'sys_interval 1' });
    ({ store, live } = await openFixtureStore(city));
  });
  afterAll(async () => {
    await store?.close();
    await broker?.cleanup();
  });

  it('a QoS 1 burst while the bridge is away overflows its queue: stats report the broker drop counter and the seq gap', async () => {
    const clientId = `gt-drops-${process.pid}`;
    const bridgeOn = (transport: MqttTransport) =>
      new Bridge({
        cityId: city.city.id,
        sensors: city.sensors,
        transport,
        readings: live.readings,
        alerts: live.alerts,
        retentionDays: 0,
      });
    // The bridge's persistent session exists, then the bridge goes away (a crash: no DISCONNECT).
    const first = new MqttTransport({ url: broker.url, clientId, sessionExpiryS: 300 });
    const away = bridgeOn(first);
    await away.start();
    await waitUntil(() => away.statsSnapshot().brokerDropped !== null, 15_000, 'the broker identified as Mosquitto');
    expect(away.statsSnapshot().brokerDropped).toBe(0);
    await first.crash();
    await away.stop();

    const pub = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: `${clientId}-pub` });
    const N = 3000;
    const base = Date.now() - 3_600_000;
    const publish = (seq: number) =>
      pub.publishAsync(readingTopic(sensorId), JSON.stringify({ ts: base + seq * 1000, value: seq, seq }), { qos: 1 });
    await Promise.all(Array.from({ length: N }, (_, seq) => publish(seq)));

    const transport = new MqttTransport({ url: broker.url, clientId, sessionExpiryS: 300 });
    const bridge = bridgeOn(transport);
    await bridge.start();
    try {
      // A reading after the burst makes the hole visible as a gap in the sensor's seqs.
      await publish(N);
      await pub.endAsync();
      // Delivered in order and written in order: once the last reading is stored, so is everything queued before it.
      await waitUntil(
        async () => (await live.readings.range(city.city.id, sensorId)).last === base + N * 1000,
        30_000,
        'the queued readings and the last one stored',
      );
      const stored = await live.readings.count(city.city.id, sensorId);
      const acknowledged = N + 1; // every publish above resolved: the broker took them all
      const lost = acknowledged - stored;
      console.log(`broker drops: ${acknowledged} acknowledged by Mosquitto, ${stored} reached the bridge`);
      // Default Mosquitto keeps 1000 queued messages (plus what it had in flight) and drops the rest.
      expect(lost).toBeGreaterThan(N / 2);
      await waitUntil(
        () => (bridge.statsSnapshot().brokerDropped ?? 0) >= lost,
        15_000,
        `$SYS dropped counter at least ${lost}`,
      );
      const s = IngestStatsSnapshotSchema.parse(bridge.statsSnapshot());
      expect(s.gaps?.missingReadings).toBe(lost);
      expect(s.gaps?.bySensor).toEqual([{ sensorId, missing: lost, lastGapAt: expect.any(Number) as number }]);
      // Only this test publishes on this broker: its counter is exactly the readings the bridge never got.
      expect(s.brokerDropped).toBe(lost);
    } finally {
      await bridge.stop();
    }
  }, 120_000);
});
