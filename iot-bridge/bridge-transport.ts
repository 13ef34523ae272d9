/** Handles one device message; resolves when it may be acknowledged (QoS 1: once its readings are stored). */
export type MessageHandler = (topic: string, payload: Buffer, qos: 0 | 1 | 2) => Promise<void>;

/** How the bridge talks MQTT: in-process on the embedded broker, or as a client of an external one. */
export interface BridgeTransport {
  /** Human description for logs, e.g. "embedded broker" or "mqtt://127.0.0.1:1883 ($share/gridtwin-bridge)". */
  readonly description: string;
  /** Starts receiving device messages. */
  start(handler: MessageHandler): Promise<void>;
  /** Publishes an output message (alerts, values). */
  publish(topic: string, payload: string, qos: 0 | 1): Promise<void>;
  close(): Promise<void>;
}
