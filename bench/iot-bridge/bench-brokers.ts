/**
 * The brokers the ingest benchmark runs against, each giving devices, a raw subscriber and the bridge their way in:
 * - `embedded`: aedes in the bench process with GridTwin's device security; the bridge is in-process
 *   (EmbeddedTransport), devices log in with provisioned credentials, the raw subscriber as a service.
 * - `mosquitto-default`: the machine's Mosquitto at TEST_MQTT_URL, whatever its configuration (on this machine the
 *   defaults: max_queued_messages 1000, max_inflight_messages 20); the bridge is its MQTT 5 client (MqttTransport).
 * - `mosquitto-reference`: a Mosquitto the bench starts on a free port with docs/deploy/mosquitto.conf (listener,
 *   password file, persistence location and logging replaced by the bench's own: anonymous, temp dir).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeviceRegistry } from '../../iot-bridge/broker/device-auth.js';
import { startEmbeddedBroker } from '../../iot-bridge/broker/embedded-broker.js';
import { EmbeddedTransport } from '../../iot-bridge/embedded-transport.js';
import { MqttTransport } from '../../iot-bridge/mqtt-client.js';
import type { BridgeTransport } from '../../iot-bridge/bridge-transport.js';
import type { DeviceCredentialsStore } from '../../store/readings/index.js';
import { hasMosquitto, startPrivateMosquitto } from '../../tests/helpers/mqtt-test-broker.js';
import type { BenchDevice } from './bench-worker.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVICE = 'bench-service';

/** One broker of a bench phase: started for the phase, closed after it. */
export interface PhaseBroker {
  /** Where devices and the raw subscriber connect. */
  url: string;
  protocolVersion: 4 | 5;
  /** Credentials of a device publishing as sensor `id`. */
  device(id: string): Promise<BenchDevice>;
  /** Credentials of a client allowed to read every device topic (the raw subscriber). */
  reader: { username?: string; password?: string };
  /** The bridge's transport on this broker. */
  transport(): BridgeTransport;
  close(): Promise<void>;
}

/** A broker kind: makes a PhaseBroker per phase (the device registry lives in that phase's store). */
export interface BenchBroker {
  name: string;
  /** What it is, for the header. */
  description: string;
  phase(cityId: string, credentials: DeviceCredentialsStore): Promise<PhaseBroker>;
  close(): Promise<void>;
}

/** aedes in this process, as `npm start` runs it (device security on, bridge in-process). */
function embeddedBroker(): BenchBroker {
  return {
    name: 'embedded',
    description: 'embedded aedes broker (in-process bridge, device credentials)',
    async phase(cityId, credentials) {
      const devices = new DeviceRegistry(cityId, credentials);
      const secret = crypto.randomBytes(16).toString('hex');
      // Port 0: never collides with a broker already on 1883.
      const broker = await startEmbeddedBroker({
        port: 0,
        host: '127.0.0.1',
        auth: {
          allowAnonymous: false,
          services: new Map([[SERVICE, secret]]),
          verifyDevice: (id, s) => devices.verify(id, s),
        },
      });
      return {
        url: `mqtt://127.0.0.1:${broker.port}`,
        protocolVersion: 4,
        device: async (id) => ({ id, username: id, password: await devices.provision(id) }),
        reader: { username: SERVICE, password: secret },
        transport: () => new EmbeddedTransport(broker),
        close: () => broker.close(),
      };
    },
    close: () => Promise.resolve(),
  };
}

/** An external Mosquitto at `url` (anonymous devices); the bridge is its MQTT 5 client, as `MQTT_URL` runs it. */
function externalBroker(name: string, description: string, url: string, close: () => Promise<void>): BenchBroker {
  return {
    name,
    description,
    phase(_cityId, _credentials) {
      let n = 0;
      return Promise.resolve({
        url,
        protocolVersion: 5,
        device: (id) => Promise.resolve({ id }),
        reader: {},
        // A session of its own per phase, gone when it disconnects (nothing queued for it afterwards).
        transport: () =>
          new MqttTransport({ url, clientId: `bench-bridge-${process.pid}-${Date.now()}-${n++}`, sessionExpiryS: 0 }),
        close: () => Promise.resolve(),
      });
    },
    close,
  };
}

/**
 * The brokers of this run, in order: embedded; TEST_MQTT_URL's broker when set; a private Mosquitto with the
 * reference configuration when `mosquitto` is installed. BENCH_INGEST_BROKERS (comma-separated names) picks some.
 */
export async function benchBrokers(): Promise<BenchBroker[]> {
  const wanted = process.env.BENCH_INGEST_BROKERS?.split(',').map((s) => s.trim());
  const want = (name: string) => wanted === undefined || wanted.includes(name);
  const out: BenchBroker[] = [];
  if (want('embedded')) out.push(embeddedBroker());
  const external = process.env.TEST_MQTT_URL;
  if (external && want('mosquitto-default'))
    out.push(
      externalBroker(
        'mosquitto-default',
        `the machine's broker at ${external} (TEST_MQTT_URL, its own configuration)`,
        external,
        () => Promise.resolve(),
      ),
    );
  if (hasMosquitto() && want('mosquitto-reference')) {
    const config = fs.readFileSync(path.join(REPO_ROOT, 'docs/deploy/mosquitto.conf'), 'utf8');
    const broker = await startPrivateMosquitto({ config });
    out.push(
      externalBroker(
        'mosquitto-reference',
        `Mosquitto started by the bench with docs/deploy/mosquitto.conf on port ${broker.port}`,
        broker.url,
        () => broker.cleanup(),
      ),
    );
  }
  return out;
}
