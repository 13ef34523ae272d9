import mqtt, { type MqttClient } from 'mqtt';
import type { BridgeTransport, FeedHandler, MessageHandler } from './bridge-transport.js';
import { DEVICE_TOPIC_FILTER, SHARED_GROUP } from '../core/contracts/mqtt.js';
import { OrderedAcks, pubackFrames } from './ordered-acks.js';
import { TurnBudget } from './turn-budget.js';

/**
 * What our `handleMessage` hands back to mqtt.js for a QoS 1 message whose PUBACK we send ourselves, later. mqtt.js 5
 * passes an error from `handleMessage` to its packet pipeline's `done` (which goes on to the next packet) and skips
 * its own PUBACK. That is the one behaviour of mqtt.js beyond its documented `handleMessage` hook we rely on; it is
 * needed because mqtt.js otherwise handles incoming messages strictly one at a time (the next packet is read only
 * after the previous PUBACK is written), and neither `customHandleAcks` nor any other option decouples the two.
 * tests/iot-bridge/qos1-burst.test.ts pins it: messages keep arriving while their acknowledgements are held, and
 * messages never acknowledged are redelivered after a crash.
 */
const ACK_DEFERRED = new Error('PUBACK deferred until the readings are stored');

/** Whether DEBUG asks for mqtt.js's own log (DEBUG=mqttjs*, as the `debug` package reads it). */
const MQTTJS_DEBUG = /(^|[\s,])(mqttjs|\*)/.test(process.env.DEBUG ?? '');
const noLog = (): void => undefined;

/** MQTT 5 Receive Maximum the bridge announces by default: QoS 1 messages the broker may have in flight to it. */
export const DEFAULT_RECEIVE_MAXIMUM = 10_000;
/** $SYS topics of a Mosquitto broker the bridge reads (published every sys_interval, 10 s by default). */
const SYS_VERSION = '$SYS/broker/version';
const SYS_DROPPED = '$SYS/broker/publish/messages/dropped';

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
  /**
   * MQTT 5 Receive Maximum: how many unacknowledged QoS 1 messages the broker may send ahead (1-65535). Default
   * 10,000. With MQTT 3.1.1 the broker's own limit applies (Mosquitto: max_inflight_messages, 20 by default).
   */
  receiveMaximum?: number;
  log?: (line: string) => void;
}

/**
 * The bridge as a client of an external broker (Mosquitto, EMQX, ...): a persistent session (clean start off, QoS 1
 * subscription), reconnecting by itself. QoS 1 messages stream in up to the receive window (Receive Maximum) while
 * their readings are batched into transactions; each PUBACK goes out only after the transaction holding its readings
 * commits, in arrival order (OrderedAcks). A bridge killed before a commit has acknowledged none of those messages,
 * so the broker redelivers them to the restarted bridge (duplicates are dropped by (sensor, seq)).
 */
export class MqttTransport implements BridgeTransport {
  description: string;
  private client: MqttClient | null = null;
  private feedClient: MqttClient | null = null;
  private brokerIsMosquitto = false;
  private droppedCounter: number | null = null;
  private acks: OrderedAcks | null = null;
  /** Incoming messages give the event loop a turn every few ms (see TurnBudget): one budget for both connections. */
  private readonly turns = new TurnBudget(5);

  constructor(private readonly o: MqttTransportOptions) {
    this.description = `${o.url}${o.shared ? ` ($share/${o.group ?? SHARED_GROUP})` : ''} as ${o.clientId}`;
  }

  /** Whether the connection to the broker is up now (for /api/health). */
  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /**
   * Messages the broker says it dropped since it started (Mosquitto's $SYS/broker/publish/messages/dropped, which
   * covers every client of the broker, not only this bridge), or null when the broker publishes no such counter.
   */
  get brokerDropped(): number | null {
    if (this.droppedCounter !== null) return this.droppedCounter;
    // Mosquitto publishes the counter only once it is non-zero.
    return this.brokerIsMosquitto ? 0 : null;
  }

  /** QoS 1 messages received on this connection and not yet acknowledged. */
  get acksPending(): number {
    return this.acks?.pending ?? 0;
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
        this.turns.next(callback);
      });
      this.description += ' + rules feed';
    }
    let acksStream: MqttClient['stream'] | null = null;
    this.client = await this.connect(
      this.o.clientId,
      this.filter,
      (packet, callback, client) => {
        const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
        if (packet.topic.startsWith('$SYS/')) {
          this.brokerCounter(packet.topic, payload);
          callback();
          return;
        }
        if (packet.qos !== 1 || packet.messageId === undefined) {
          const pending = handler(packet.topic, payload, packet.qos);
          if (pending === undefined) this.turns.next(callback);
          else
            pending.then(
              () => callback(),
              (err: unknown) => callback(err as Error),
            );
          return;
        }
        // One OrderedAcks per connection: acknowledgements of a connection that is gone are dropped (a PUBACK sent on
        // the next connection could acknowledge a different message that reuses the packet id).
        if (acksStream !== client.stream) {
          this.acks?.drop();
          const stream = (acksStream = client.stream);
          this.acks = new OrderedAcks((ids) => {
            if (client.stream === stream && !stream.destroyed) stream.write(pubackFrames(ids));
          });
        }
        const ready = this.acks!.add(packet.messageId);
        // The handler never rejects for bad input (it counts it); it rejects only when the bridge is closing, and then
        // the message stays unacknowledged for the broker to redeliver.
        const pending = handler(packet.topic, payload, 1);
        if (pending === undefined) ready();
        else pending.then(ready, () => undefined);
        this.turns.next(() => callback(ACK_DEFERRED));
      },
      [SYS_VERSION, SYS_DROPPED],
    );
    this.client.on('close', () => {
      this.acks?.drop();
      this.acks = acksStream = null;
    });
  }

  private brokerCounter(topic: string, payload: Buffer): void {
    const text = payload.toString('utf8');
    if (topic === SYS_VERSION) this.brokerIsMosquitto = /mosquitto/i.test(text);
    else if (topic === SYS_DROPPED && /^\d+$/.test(text.trim())) this.droppedCounter = Number(text.trim());
  }

  /**
   * Connects one persistent session subscribed to `filter` (QoS 1), its messages going to `onMessage`; `sys` are
   * broker status topics also subscribed (QoS 0, where the broker allows it).
   */
  private async connect(
    clientId: string,
    filter: string,
    onMessage: (...args: [...Parameters<MqttClient['handleMessage']>, client: MqttClient]) => void,
    sys: readonly string[] = [],
  ): Promise<MqttClient> {
    const version = this.o.protocolVersion ?? 5;
    const client = mqtt.connect(this.o.url, {
      clientId,
      clean: false,
      protocolVersion: version,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      // mqtt.js logs through `debug` about ten times per incoming message; even switched off that was ~1.5 us of the
      // bridge's ~10 us per message. DEBUG=mqttjs* still gets its log.
      ...(MQTTJS_DEBUG ? {} : { log: noLog }),
      ...(this.o.username === undefined ? {} : { username: this.o.username, password: this.o.password ?? '' }),
      ...(version === 5
        ? {
            properties: {
              sessionExpiryInterval: this.o.sessionExpiryS ?? 86_400,
              receiveMaximum: this.o.receiveMaximum ?? DEFAULT_RECEIVE_MAXIMUM,
            },
          }
        : {}),
    });
    // Messages of a kept session may arrive before the connection is handed back: give the handler its client.
    client.handleMessage = (packet, callback) => onMessage(packet, callback, client);
    let everConnected = false;
    client.on('connect', (connack) => {
      if (everConnected)
        this.o.log?.(`  MQTT reconnected to ${this.o.url}${connack.sessionPresent ? ' (session kept)' : ''}`);
      everConnected = true;
      // Subscribing again is harmless when the session was kept, and needed when it was not.
      client.subscribe(filter, { qos: 1 }, (err) => {
        if (err) this.o.log?.(`  MQTT subscribe to ${filter} failed: ${err.message}`);
      });
      // Broker status is best effort: a broker that refuses $SYS (or has none) just leaves the counters unknown.
      if (sys.length > 0) client.subscribe([...sys], { qos: 0 }, () => undefined);
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
