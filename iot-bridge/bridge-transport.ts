/**
 * Handles one device message; resolves when it may be acknowledged (QoS 1: once its readings are stored). Answers
 * undefined when it is done at once (QoS 0, bad input): no promise per message on the common QoS 0 path.
 */
export type MessageHandler = (topic: string, payload: Buffer, qos: 0 | 1 | 2) => Promise<void> | undefined;

/** Sees one device message of the rules feed (synchronous: nothing waits for storage on this path). */
export type FeedHandler = (topic: string, payload: Buffer) => void;

/** How the bridge talks MQTT: in-process on the embedded broker, or as a client of an external one. */
export interface BridgeTransport {
  /** Human description for logs, e.g. "embedded broker" or "mqtt://127.0.0.1:1883 ($share/gridtwin-bridge)". */
  readonly description: string;
  /**
   * Starts receiving device messages. With `feed` (a transport that supports it: MqttTransport with `rulesFeed`),
   * every device message is also delivered to `feed` through a second, non-shared subscription: the rules of a
   * scaled-out deployment see each sensor's whole stream while `handler` gets this bridge's share for storage.
   */
  start(handler: MessageHandler, feed?: FeedHandler): Promise<void>;
  /** Messages the broker reports it dropped (all its clients), where it says so; see IngestStatsSnapshot. */
  readonly brokerDropped?: number | null;
  /** QoS 1 messages received and not yet acknowledged, for a transport that acknowledges them itself. */
  readonly acksPending?: number;
  /** Publishes an output message (alerts, values). */
  publish(topic: string, payload: string, qos: 0 | 1): Promise<void>;
  close(): Promise<void>;
}
