import { describe, expect, it } from 'vitest';
import { MqttPortInUseError, startEmbeddedBroker } from '../../../iot-bridge/broker/embedded-broker.js';
import { maySubscribe, mayPublish } from '../../../iot-bridge/broker/broker-acl.js';
import { hashSecret, verifySecret } from '../../../iot-bridge/broker/device-auth.js';

const auth = { allowAnonymous: false, services: new Map<string, string>(), verifyDevice: async () => false };

describe('iot-bridge/broker/embedded-broker', () => {
  it('says how to use the broker already on the port, or pick another, when the port is taken', async () => {
    const first = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', auth });
    try {
      const second = startEmbeddedBroker({ port: first.port, host: '127.0.0.1', auth });
      await expect(second).rejects.toBeInstanceOf(MqttPortInUseError);
      await expect(second).rejects.toThrow(
        new RegExp(`MQTT_URL=mqtt://127.0.0.1:${first.port} npm start.*MQTT_PORT=${first.port + 1}`),
      );
    } finally {
      await first.close();
    }
  });

  it('device ACL: own reading/status topics only; subscriptions only under its own subtree', () => {
    const dev = { role: 'device', sensorId: 'p-w-001' } as const;
    expect(mayPublish(dev, 'gridtwin/v1/sensors/p-w-001/reading')).toBe(true);
    expect(mayPublish(dev, 'gridtwin/v1/sensors/p-w-001/status')).toBe(true);
    expect(mayPublish(dev, 'gridtwin/v1/sensors/p-w-002/reading')).toBe(false);
    expect(mayPublish(dev, 'gridtwin/v1/out/alerts/p-w-001/hi')).toBe(false);
    expect(maySubscribe(dev, 'gridtwin/v1/sensors/p-w-001/#')).toBe(true);
    expect(maySubscribe(dev, 'gridtwin/v1/sensors/+/reading')).toBe(false);
    expect(maySubscribe(dev, '$share/x/gridtwin/v1/sensors/#')).toBe(false);
  });

  it('hashes secrets with a salt and verifies only the right one', async () => {
    const a = await hashSecret('s3cret');
    const b = await hashSecret('s3cret');
    expect(a.hash).not.toBe(b.hash);
    expect(await verifySecret('s3cret', a.salt, a.hash)).toBe(true);
    expect(await verifySecret('s3cret!', a.salt, a.hash)).toBe(false);
  });
});
