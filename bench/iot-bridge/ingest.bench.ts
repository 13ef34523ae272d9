/**
 * End-to-end ingest: MQTT in -> validated -> stored (PGlite, in memory) -> rules -> live hub out, with the load
 * generator in the same process (as on the 2-core target). Sizes: 200 sensors, batches of 50 readings per message,
 * QoS 0, a threshold crossing every 100 ms to time alerts. Durations and rates: BENCH_INGEST_SECONDS (default 20),
 * BENCH_INGEST_RATE (default 20000), BENCH_ALERT_RATE (default 10000). With TEST_MQTT_URL, repeated against that broker.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { CityBundleSchema, type CityBundle, type SensorInput } from '../../core/model/index.js';
import { Bridge } from '../../iot-bridge/bridge.js';
import { DeviceRegistry } from '../../iot-bridge/broker/device-auth.js';
import { startEmbeddedBroker } from '../../iot-bridge/broker/embedded-broker.js';
import { EmbeddedTransport } from '../../iot-bridge/embedded-transport.js';
import { LiveHub, type LiveConnection } from '../../iot-bridge/live/live-hub.js';
import { MqttTransport } from '../../iot-bridge/mqtt-client.js';
import { readingTopic } from '../../iot-bridge/topic-catalogue.js';
import type { BridgeTransport } from '../../iot-bridge/bridge-transport.js';
import { openPgliteClient } from '../../server/store/pglite-client.js';
import { SqlCityStore } from '../../server/store/sql-city-store.js';
import { liveDataStores } from '../../server/store/readings/index.js';
import { makeCityFixture } from '../../tests/helpers/city-fixture.js';

const SENSORS = 200;
const BATCH = 50;
const CLIENTS = 4;

function benchCity(): CityBundle {
  const base = makeCityFixture({ cityId: 'bench-city' });
  const sensors: SensorInput[] = Array.from({ length: SENSORS }, (_, i) => ({
    id: `b-${i}`, kind: 'level', unit: 'm', position: base.city.center, reportingIntervalS: 1,
    thresholds: { hi: 100, deadband: 1 }, gridId: null,
  }));
  return CityBundleSchema.parse({ ...base, sensors });
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** Collects latencies of live values (reading ts -> delta received) and of alerts. */
class LatencyProbe implements LiveConnection {
  bufferedAmount = 0;
  values: number[] = [];
  alerts: number[] = [];
  send(text: string): void {
    const now = Date.now();
    const m = JSON.parse(text) as { type: string; sensors: { ts: number }[]; alerts: { state: string; value: number | null; rule: string }[] };
    if (m.type !== 'delta') return;
    for (const s of m.sensors) this.values.push(now - s.ts);
    // Alert values encode their reading's send time (+1000 to sit above the limit); cleared ones carry 0.
    for (const a of m.alerts) if (a.rule === 'hi' && a.value !== null && a.value > 1e12) this.alerts.push(now - (a.value - 1000));
  }
}

async function runOnce(label: string, rate: number, seconds: number, externalUrl?: string): Promise<Record<string, number | string>> {
  const city = benchCity();
  const store = new SqlCityStore(await openPgliteClient());
  await store.migrate();
  await store.saveCity(city);
  const live = liveDataStores(store);
  const devices = new DeviceRegistry('bench-city', live.devices);
  let transport: BridgeTransport;
  let url: string;
  let closeBroker: () => Promise<void> = async () => undefined;
  if (externalUrl) {
    transport = new MqttTransport({ url: externalUrl, clientId: `bench-bridge-${process.pid}`, shared: true, group: `bench-${process.pid}`, sessionExpiryS: 0 });
    url = externalUrl;
  } else {
    const broker = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', auth: { allowAnonymous: false, services: new Map(), verifyDevice: (id, s) => devices.verify(id, s) } });
    transport = new EmbeddedTransport(broker);
    url = `mqtt://127.0.0.1:${broker.port}`;
    closeBroker = () => broker.close();
  }
  const hub = new LiveHub({ tickMs: 50 });
  const probe = new LatencyProbe();
  hub.connect(probe);
  const bridge = new Bridge({ cityId: 'bench-city', sensors: city.sensors, transport, readings: live.readings, alerts: live.alerts, hub, retentionDays: 0, staleCheckMs: 60_000 });
  await bridge.start();
  // Each client is one device (its credentials); devices publish their own topic only.
  const clients: { c: MqttClient; id: string }[] = [];
  // CLIENTS devices carry the load; one more (the last sensor) only flips over and under its limit.
  for (let i = 0; i <= CLIENTS; i++) {
    const id = i < CLIENTS ? `b-${i}` : `b-${SENSORS - 1}`;
    const secret = externalUrl ? undefined : await devices.provision(id);
    const c = await mqtt.connectAsync(url, { protocolVersion: externalUrl ? 5 : 4, ...(secret ? { username: id, password: secret } : {}) });
    clients.push({ c, id });
  }
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  let sent = 0, seq = 0, tick = 0, alertToggle = false;
  const perTick = rate / 100;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.round(((Date.now() - t0) / 1000) * rate) - sent;
      for (let k = 0; k < Math.max(0, Math.min(due, perTick * 5)); k += BATCH) {
        const { c, id } = clients[(tick + k / BATCH) % CLIENTS]!;
        const ts = Date.now();
        const readings = Array.from({ length: BATCH }, () => ({ ts, value: 50, seq: seq++ }));
        c.publish(readingTopic(id), JSON.stringify({ readings }), { qos: 0 });
        sent += BATCH;
      }
      tick++;
      // Every 100 ms flip the alert sensor over/under its hi limit; the value encodes the send time for the probe.
      if (tick % 10 === 0) {
        alertToggle = !alertToggle;
        const ts = Date.now();
        const { c, id } = clients[CLIENTS]!;
        c.publish(readingTopic(id), JSON.stringify({ ts, value: alertToggle ? ts + 1000 : 0, seq: seq++ }), { qos: 0 });
        sent++;
      }
      if (Date.now() - t0 >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  const elapsed = (Date.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const rss = process.memoryUsage().rss;
  // Drain: wait until everything sent is accepted and written.
  const drainStart = Date.now();
  while (Date.now() - drainStart < 30_000) {
    const s = bridge.statsSnapshot();
    if (s.readingsAccepted >= sent && s.queueDepth === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await bridge.writer.flush();
  const stored = await live.readings.count('bench-city');
  const stats = bridge.statsSnapshot();
  for (const { c } of clients) await c.endAsync();
  await bridge.stop();
  hub.close();
  await closeBroker();
  await store.close();
  return {
    [`${label} offered readings/s`]: rate,
    [`${label} sent`]: sent,
    [`${label} stored`]: stored,
    [`${label} lost`]: sent - stored,
    [`${label} sustained readings/s (stored / send time)`]: Math.round(stored / elapsed),
    [`${label} drain after send, s`]: (Date.now() - drainStart) / 1000,
    [`${label} write transactions`]: stats.writeBatches,
    [`${label} live value p50/p99 ms`]: `${pct(probe.values, 50)} / ${pct(probe.values, 99)}`,
    [`${label} alert p50/p99 ms (${probe.alerts.length} alerts)`]: `${pct(probe.alerts, 50)} / ${pct(probe.alerts, 99)}`,
    [`${label} CPU % of one core`]: Math.round(((cpu.user + cpu.system) / 1e6 / elapsed) * 100),
    [`${label} RSS MB`]: Math.round(rss / 1e6),
  };
}

/** The ingest benchmark: embedded broker (and TEST_MQTT_URL's broker when set) at the ingest and alert rates. */
export async function runIngestBench(): Promise<Record<string, number | string>> {
  const seconds = Number(process.env.BENCH_INGEST_SECONDS ?? 20);
  const rate = Number(process.env.BENCH_INGEST_RATE ?? 20_000);
  const alertRate = Number(process.env.BENCH_ALERT_RATE ?? 10_000);
  console.log(`  ${SENSORS} sensors, ${CLIENTS} device connections, batches of ${BATCH}, QoS 0, ${seconds} s per run, PGlite in memory, load generator in-process`);
  const figures: Record<string, number | string> = {};
  Object.assign(figures, await runOnce(`embedded@${rate}`, rate, seconds));
  Object.assign(figures, await runOnce(`embedded@${alertRate}`, alertRate, seconds));
  const external = process.env.TEST_MQTT_URL;
  if (external) {
    Object.assign(figures, await runOnce(`mosquitto@${rate}`, rate, seconds, external));
    Object.assign(figures, await runOnce(`mosquitto@${alertRate}`, alertRate, seconds, external));
  }
  return figures;
}

if (process.argv[1]?.endsWith('ingest.bench.ts')) {
  runIngestBench().then((f) => {
    for (const [k, v] of Object.entries(f)) console.log(`  ${k}: ${v}`);
    process.exit(0);
  }, (err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
