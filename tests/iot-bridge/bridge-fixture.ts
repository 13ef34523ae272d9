import mqtt, { type MqttClient } from 'mqtt';
import type { CityStore } from '../../store/index.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { openPgClient } from '../../store/pg-client.js';
import { SqlCityStore } from '../../store/sql-city-store.js';
import { liveDataStores, type LiveDataStores } from '../../store/readings/index.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../iot-bridge/broker/embedded-broker.js';
import { DeviceRegistry } from '../../iot-bridge/broker/device-auth.js';
import { EmbeddedTransport } from '../../iot-bridge/embedded-transport.js';
import { Bridge, type BridgeOptions } from '../../iot-bridge/bridge.js';
import { LiveHub } from '../../iot-bridge/live/live-hub.js';
import { makeCityFixture } from '../helpers/city-fixture.js';
import type { CityBundle } from '../../core/model/index.js';

export const SERVICE_USER = 'gridtwin-test-service';
export const SERVICE_SECRET = 'service-secret-for-tests';

/** Where a fixture store lives: in-memory PGlite when absent, else a PostgreSQL schema (created on first use). */
export interface FixtureDb {
  databaseUrl: string;
  schema: string;
}

/** A store (in-memory PGlite, or a PostgreSQL schema when `db` is given) holding the fixture city, with the live-data stores. */
export async function openFixtureStore(
  city: CityBundle = makeCityFixture(),
  db?: FixtureDb,
): Promise<{ store: CityStore; live: LiveDataStores; city: CityBundle }> {
  const client =
    db === undefined ? await openPgliteClient() : await openPgClient(db.databaseUrl, { schema: db.schema });
  const store = new SqlCityStore(client);
  await store.migrate();
  await store.saveCity(city);
  return { store, live: liveDataStores(store), city };
}

/** The fixture city, an embedded broker on a free port with device security, a bridge and a live hub. */
export interface BridgeRig {
  store: CityStore;
  live: LiveDataStores;
  city: CityBundle;
  broker: EmbeddedBroker;
  devices: DeviceRegistry;
  bridge: Bridge;
  hub: LiveHub;
  url: string;
  /** Connects a device with freshly provisioned credentials (MQTT 3.1.1, what aedes speaks). */
  device(sensorId: string, extra?: mqtt.IClientOptions): Promise<MqttClient>;
  close(): Promise<void>;
}

export async function startBridgeRig(
  options: { allowAnonymous?: boolean; bridge?: Partial<BridgeOptions>; city?: CityBundle; db?: FixtureDb } = {},
): Promise<BridgeRig> {
  const { store, live, city } = await openFixtureStore(options.city, options.db);
  const cityId = city.city.id;
  const devices = new DeviceRegistry(cityId, live.devices);
  const broker = await startEmbeddedBroker({
    port: 0,
    host: '127.0.0.1',
    auth: {
      allowAnonymous: options.allowAnonymous ?? false,
      services: new Map([[SERVICE_USER, SERVICE_SECRET]]),
      verifyDevice: (id, s) => devices.verify(id, s),
    },
  });
  const hub = new LiveHub({ tickMs: 20 });
  const bridge = new Bridge({
    cityId,
    sensors: city.sensors,
    transport: new EmbeddedTransport(broker),
    readings: live.readings,
    alerts: live.alerts,
    hub,
    ...options.bridge,
  });
  await bridge.start();
  const url = `mqtt://127.0.0.1:${broker.port}`;
  const clients: MqttClient[] = [];
  return {
    store,
    live,
    city,
    broker,
    devices,
    bridge,
    hub,
    url,
    async device(sensorId, extra = {}) {
      const secret = await devices.provision(sensorId);
      const c = await mqtt.connectAsync(url, {
        protocolVersion: 4,
        username: sensorId,
        password: secret,
        reconnectPeriod: 0,
        ...extra,
      });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true)));
      await bridge.stop();
      hub.close();
      await broker.close();
      await store.close();
    },
  };
}

/** Polls `check` until it answers true or `timeoutMs` passes. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
