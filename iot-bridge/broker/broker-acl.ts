import { OUT_TOPIC_PREFIX, parseDeviceTopic, SENSOR_TOPIC_PREFIX } from '../../core/contracts/mqtt.js';

/** Who a broker connection is. */
export type BrokerIdentity =
  | { role: 'device'; sensorId: string }
  /** GridTwin's own processes (bridge, server relay): everything. */
  | { role: 'service'; name: string }
  /** Only when anonymous access is configured: may publish device topics and read output topics. */
  | { role: 'anonymous' };

/** May this identity publish on `topic`? Devices: only their own reading and status topics. */
export function mayPublish(who: BrokerIdentity, topic: string): boolean {
  if (who.role === 'service') return true;
  const parsed = parseDeviceTopic(topic);
  if (who.role === 'anonymous') return topic.startsWith(SENSOR_TOPIC_PREFIX);
  return parsed !== null && parsed.sensorId === who.sensorId;
}

/**
 * May this identity subscribe to `filter`? Devices: only inside their own subtree (commands to them), never another
 * device's topics, a wildcard over all sensors, or the output topics. Anonymous clients may read the output topics.
 */
export function maySubscribe(who: BrokerIdentity, filter: string): boolean {
  if (who.role === 'service') return true;
  if (who.role === 'anonymous') return filter.startsWith(OUT_TOPIC_PREFIX) && !filter.startsWith('$');
  // The prefix holds the sensor id literally (ids have no wildcard characters), so anything under it is its own.
  return filter.startsWith(`${SENSOR_TOPIC_PREFIX}${who.sensorId}/`);
}
