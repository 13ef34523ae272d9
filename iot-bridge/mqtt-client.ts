import mqtt, { type MqttClient } from 'mqtt';
import type { BridgeTransport, FeedHandler, MessageHandler } from './bridge-transport.js';
import { DEVICE_TOPIC_FILTER, SHARED_GROUP } from '../core/contracts/mqtt.js';

/** Options of the external-broker transport. */
export interface MqttTransportOptions {
  url: string;
  /** Stable id: the broker keeps this bridge's session (and queues QoS 1 messages) while it is away. */
  clientId: string;
  username?: string;
  password?: string;
  /** Join the shared subscription group, so several bridges split the device traffic (MQTT 5 / Mosquitto). */
  shared?: boolean;
  /** The shared-subscription group. Default gridtwin-bridge (tests use their own, so they never split with others). */
  group?: string;
  /** 5 (default) or 4 (MQTT 3.1.1; what aedes speaks). */
  protocolVersion?: 4 | 5;
  /** How long the broker keeps the session of a disconnected bridge, s. Default 1 day. */
  sessionExpiryS?: number;
  log?: (line: string) => void;
}

/**
 * The bridge as a client of an external broker (Mosquitto, EMQX, ...): a persistent session (clean start off, QoS 1
 * subscription), reconnecting by itself. mqtt.js sends the PUBACK of a QoS 1 message when our handler calls back,
 * and we call back once the readings are stored, so a bridge killed mid-stream gets the unacknowledged messages
 * again from the broker after its restart.
 */
export class MqttTransport implements BridgeTransport {
  description: string;
  private client: MqttClient | null = null;
  private feedClient: MqttClient | null = null;

  constructor(private readonly o: MqttTransportOptions) {
    this.description = `${o.url}${o.shared ? ` ($share/${o.group ?? SHARED_GROUP})` : ''} as ${o.clientId}`;
  }

  /** Whether the connection to the broker is up now (for /api/health). */
  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** The topic filter this bridge subscribes to. */
  get filter(): string {
    return this.o.shared ? `$share/${this.o.group ?? SHARED_GROUP}/${DEVICE_TOPIC_FILTER}` : DEVICE_TOPIC_FILTER;
  }

  /**
   * Starts the session. With `feed` (a shared bridge that evaluates the rules), a second connection, client id
   * `<clientId>-rules`, holds a plain (non-shared) persistent subscription to every device topic and hands each
   * message to `feed`, so the rules see every sensor's whole stream whichever bridge stores it
   * (docs/adr/0006-rules-on-one-bridge.md).
   */
  async start(handler: MessageHandler, feed?: FeedHandler): Promise<void> {
    if (feed !== undefined) {
      if (!this.o.shared)
        throw new Error(
          'a rules feed is for a bridge in a shared subscription; a lone bridge evaluates its rules inline',
        );
      // The feed first: once storage starts, no reading may go by the rules unseen.
      this.feedClient = await this.connect(`${this.o.clientId}-rules`, DEVICE_TOPIC_FILTER, (packet, callback) => {
        feed(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload));
        callback();
      });
      this.description += ' + rules feed';
    }
    this.client = await this.connect(this.o.clientId, this.filter, (packet, callback) => {
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      handler(packet.topic, payload, packet.qos).then(
        () => callback(),
        (err: unknown) => callback(err as Error),
      );
    });
  }

  /** Connects one persistent session subscribed to `filter` (QoS 1), its messages going to `onMessage`. */
  private async connect(clientId: string, filter: string, onMessage: MqttClient['handleMessage']): Promise<MqttClient> {
    const version = this.o.protocolVersion ?? 5;
    const client = mqtt.connect(this.o.url, {
      clientId,
      clean: false,
      protocolVersion: version,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      ...(this.o.username === undefined ? {} : { username: this.o.username, password: this.o.password ?? '' }),
      ...(version === 5 ? { properties: { sessionExpiryInterval: this.o.sessionExpiryS ?? 86_400 } } : {}),
    });
    client.handleMessage = onMessage;
    let everConnected = false;
    client.on('connect', (connack) => {
      if (everConnected)
        this.o.log?.(`  MQTT reconnected to ${this.o.url}${connack.sessionPresent ? ' (session kept)' : ''}`);
      everConnected = true;
      // Subscribing again is harmless when the session was kept, and needed when it was not.
      client.subscribe(filter, { qos: 1 }, (err) => {
        if (err) this.o.log?.(`  MQTT subscribe to ${filter} failed: ${err.message}`);
      });
    });
    client.on('offline', () => this.o.log?.(`  MQTT broker ${this.o.url} unreachable; retrying every second`));
    client.on('error', (err) => this.o.log?.(`  MQTT error: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`cannot reach the MQTT broker at ${this.o.url} (MQTT_URL) within 10 s`)),
        10_000,
      );
      client.once('connect', () => {
        clearTimeout(timer);
        client.subscribe(filter, { qos: 1 }, (err) => (err ? reject(err) : resolve()));
      });
    }).catch(async (err: unknown) => {
      await client.endAsync(true);
      throw err;
    });
    return client;
  }

  publish(topic: string, payload: string, qos: 0 | 1): Promise<void> {
    if (this.client === null) return Promise.reject(new Error('MQTT transport not started'));
    return this.client.publishAsync(topic, payload, { qos }).then(() => undefined);
  }

  async close(): Promise<void> {
    const clients = [this.client, this.feedClient];
    this.client = this.feedClient = null;
    for (const c of clients) if (c) await c.endAsync();
  }

  /** Ends the connections abruptly, without DISCONNECT (tests: a crash). */
  async crash(): Promise<void> {
    const clients = [this.client, this.feedClient];
    this.client = this.feedClient = null;
    for (const c of clients) if (c) await c.endAsync(true);
  }
}
