import type { EmbeddedBroker } from './broker/embedded-broker.js';
import type { BridgeTransport, FeedHandler, MessageHandler } from './bridge-transport.js';

/**
 * The bridge inside the embedded broker's process. Device publishes reach it from the broker's authorisation step,
 * before the broker acknowledges them, so a device's QoS 1 PUBACK means "stored" (and a full ingest queue slows the
 * device down instead of growing memory). No second TCP hop, no subscription.
 */
export class EmbeddedTransport implements BridgeTransport {
  readonly description = 'embedded broker (in-process)';

  constructor(private readonly embedded: EmbeddedBroker) {}

  start(handler: MessageHandler, feed?: FeedHandler): Promise<void> {
    // One process sees every device message: rules run inline (a feed is for bridges sharing an external broker).
    if (feed !== undefined)
      return Promise.reject(new Error('the embedded broker has no rules feed: use rules "inline"'));
    this.embedded.setDeviceHandler(handler);
    return Promise.resolve();
  }

  publish(topic: string, payload: string, qos: 0 | 1): Promise<void> {
    if (this.embedded.broker.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.embedded.broker.publish(
        { cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false },
        (err) => (err ? reject(err) : resolve()),
      );
    });
  }

  close(): Promise<void> {
    this.embedded.setDeviceHandler(null);
    return Promise.resolve();
  }
}
