import crypto from 'node:crypto';
import os from 'node:os';
import type { Alert } from '../core/model/index.js';
import type { EventSummary } from '../core/contracts/index.js';
import type { CityStore } from '../store/index.js';
import { liveDataStores, type LiveDataStores } from '../store/readings/index.js';
import type { AlertTransition } from './alert-manager.js';
import { Bridge } from './bridge.js';
import type { BridgeTransport } from './bridge-transport.js';
import { DeviceRegistry } from './broker/device-auth.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker/embedded-broker.js';
import { EmbeddedTransport } from './embedded-transport.js';
import { LiveHub } from './live/live-hub.js';
import { MqttTransport } from './mqtt-client.js';
import { watchRegistry, type RegistryWatch } from './registry-watch.js';

/** The username of GridTwin's own processes on the embedded broker (its secret is made fresh at every start). */
export const SERVICE_USERNAME = 'gridtwin-service';

/** Options of the IoT side of a GridTwin process. */
export interface StartIotOptions {
  cityId: string;
  store: CityStore;
  /** Port of the embedded broker (ignored with `mqttUrl`). */
  mqttPort: number;
  /** An external broker; when set no broker is embedded and the bridge is its client (see `shared`). */
  mqttUrl?: string;
  /** Interface of the embedded broker. Default 0.0.0.0. */
  host?: string;
  allowAnonymous?: boolean;
  retentionDays?: number;
  /** Join the shared subscription `$share/gridtwin-bridge` on the external broker (several bridges). Default false. */
  shared?: boolean;
  /**
   * With `shared`: this bridge evaluates the rules, from a non-shared feed of every device message; the other
   * bridges of the group only store (exactly one bridge should have it; docs/adr/0006-rules-on-one-bridge.md).
   * Ignored without `shared` (a lone bridge always evaluates). Default false.
   */
  rulesBridge?: boolean;
  /** Stable id of this bridge on an external broker (its persistent session). Default gridtwin-bridge-<host>. */
  bridgeId?: string;
  /** Publish coalesced values on gridtwin/v1/out/values (for servers in other processes). */
  publishValuesMs?: number;
  onAlert?: (alert: Alert, transition: AlertTransition) => Promise<void>;
  /** Open events for live snapshots (the events side). */
  openEvents?: () => EventSummary[];
  log?: (line: string) => void;
  /**
   * Poll the city's registry revision this often (ms) and reload sensors, rules and device sessions when it moved:
   * for a bridge whose registry is edited by another process (`npm run bridge` beside `npm run server`). Off by
   * default: in one process the admin API tells the bridge directly.
   */
  watchRegistryMs?: number;
}

/** The running IoT side: broker (when embedded), bridge, live hub, device registry. */
export interface IotRuntime {
  broker: EmbeddedBroker | null;
  bridge: Bridge;
  hub: LiveHub;
  devices: DeviceRegistry;
  stores: LiveDataStores;
  transport: BridgeTransport;
  /** Where devices connect (for the simulator). */
  deviceUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the IoT side: an embedded aedes broker with device security on `mqttPort` (or a client of `mqttUrl`), the
 * bridge and the live hub. Throws MqttPortInUseError (with what to do) when the port is taken.
 */
export async function startIot(o: StartIotOptions): Promise<IotRuntime> {
  const log = o.log ?? (() => undefined);
  const stores = liveDataStores(o.store);
  const devices = new DeviceRegistry(o.cityId, stores.devices);
  const sensors = (await o.store.listSensors(o.cityId, { limit: 1_000_000 })).items;
  // The hub's snapshots read the bridge's open alerts; the bridge is made after the hub.
  let bridgeRef: Bridge | null = null;
  const hub = new LiveHub({
    openAlerts: () => bridgeRef?.alerts.openAlerts() ?? [],
    ...(o.openEvents ? { openEvents: o.openEvents } : {}),
  });
  let broker: EmbeddedBroker | null = null;
  let transport: BridgeTransport;
  let deviceUrl: string;
  if (o.mqttUrl) {
    transport = new MqttTransport({
      url: o.mqttUrl,
      clientId: o.bridgeId ?? `gridtwin-bridge-${os.hostname()}`,
      shared: o.shared ?? false,
      log,
    });
    deviceUrl = o.mqttUrl;
  } else {
    const services = new Map([[SERVICE_USERNAME, crypto.randomBytes(24).toString('base64url')]]);
    broker = await startEmbeddedBroker({
      port: o.mqttPort,
      ...(o.host ? { host: o.host } : {}),
      log,
      auth: {
        allowAnonymous: o.allowAnonymous ?? false,
        services,
        verifyDevice: (id, secret) => devices.verify(id, secret),
      },
    });
    transport = new EmbeddedTransport(broker);
    const embedded = broker;
    devices.onCredentialReplaced((sensorId) => {
      const n = embedded.disconnectDevice(sensorId);
      if (n > 0) log(`  MQTT: credential of ${sensorId} revoked or rotated; ${n} connection(s) closed`);
    });
    // On a wildcard bind this process reaches the broker over loopback; on one interface, over that interface.
    const local = !o.host || o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host;
    deviceUrl = `mqtt://${local.includes(':') ? `[${local}]` : local}:${broker.port}`;
  }
  const bridge = new Bridge({
    cityId: o.cityId,
    sensors,
    transport,
    readings: stores.readings,
    alerts: stores.alerts,
    hub,
    log,
    rules: o.mqttUrl && o.shared ? (o.rulesBridge ? 'feed' : 'off') : 'inline',
    ...(o.retentionDays === undefined ? {} : { retentionDays: o.retentionDays }),
    ...(o.publishValuesMs === undefined ? {} : { publishValuesMs: o.publishValuesMs }),
    ...(o.onAlert ? { onAlert: o.onAlert } : {}),
  });
  bridgeRef = bridge;
  try {
    await bridge.start();
  } catch (err) {
    await broker?.close();
    hub.close();
    throw err;
  }
  const role =
    o.mqttUrl && o.shared
      ? o.rulesBridge
        ? ', stores its share, evaluates the rules of all'
        : ', stores its share, rules on the rules bridge'
      : '';
  log(`  bridge: ${transport.description}, ${sensors.length} sensors registered${role}`);
  let watch: RegistryWatch | null = null;
  if (o.watchRegistryMs !== undefined && o.watchRegistryMs > 0) {
    try {
      watch = await watchRegistry({
        cityId: o.cityId,
        store: o.store,
        stores,
        bridge,
        broker,
        intervalMs: o.watchRegistryMs,
        log,
      });
    } catch (err) {
      await bridge.stop();
      hub.close();
      await broker?.close();
      throw err;
    }
    log(`  registry: watched every ${o.watchRegistryMs} ms (sensors, rules and credentials edited elsewhere)`);
  }
  return {
    broker,
    bridge,
    hub,
    devices,
    stores,
    transport,
    deviceUrl,
    async close() {
      watch?.stop();
      await bridge.stop();
      hub.close();
      await broker?.close();
    },
  };
}
