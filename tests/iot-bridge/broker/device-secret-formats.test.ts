import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../../iot-bridge/broker/device-auth.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../../iot-bridge/broker/embedded-broker.js';
import type { CityStore } from '../../../store/index.js';
import { hashSecret, newDeviceSecret, verifySecret } from '../../../store/readings/device-secret.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { openFixtureStore } from '../bridge-fixture.js';

/**
 * A credential as earlier releases stored it in a data folder: the bare base64url scrypt key (Node's default cost,
 * N = 16384, r = 8, p = 1, 32 bytes) of this secret with this salt, written by `crypto.scryptSync(secret, salt, 32)`.
 */
const LEGACY = {
  secret: 'Jt9qkY2vH3c0mX1sR8wL5nB7dF4gZ6pA',
  salt: 'q1w2e3r4t5y6u7i8o9p0aA',
  hash: 'vjchkTIDaEmBZ4genoLJvkXD7RERFIWwGXGTarY3iag',
};

async function timeMs(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

describe('device secrets: fast salted hash, scrypt hashes of earlier releases still verify', () => {
  it('hashes as hmac-sha256 with a random salt, verifies only the right secret', async () => {
    const secret = newDeviceSecret();
    const a = await hashSecret(secret);
    const b = await hashSecret(secret);
    expect(a.hash).toMatch(/^hmac-sha256\$[A-Za-z0-9_-]{43}$/);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifySecret(secret, a.salt, a.hash)).toBe(true);
    expect(await verifySecret(`${secret}x`, a.salt, a.hash)).toBe(false);
    expect(await verifySecret(secret, b.salt, a.hash)).toBe(false);
    // The same salt and secret give the same hash: a pure function of both.
    expect((await hashSecret(secret, a.salt)).hash).toBe(a.hash);
  });

  it('verifies a stored scrypt hash of an earlier release, and refuses a wrong secret against it', async () => {
    expect(await verifySecret(LEGACY.secret, LEGACY.salt, LEGACY.hash)).toBe(true);
    expect(await verifySecret(`${LEGACY.secret.slice(0, -1)}B`, LEGACY.salt, LEGACY.hash)).toBe(false);
    expect(await verifySecret(LEGACY.secret, 'another-salt', LEGACY.hash)).toBe(false);
  });

  it('never matches an unknown or damaged format', async () => {
    const { salt, hash } = await hashSecret(LEGACY.secret);
    expect(await verifySecret(LEGACY.secret, salt, hash.replace('hmac-sha256$', 'md5$'))).toBe(false);
    expect(await verifySecret(LEGACY.secret, salt, 'hmac-sha256$')).toBe(false);
    expect(await verifySecret(LEGACY.secret, salt, '')).toBe(false);
    expect(await verifySecret(LEGACY.secret, salt, hash.slice(0, -4))).toBe(false);
  });

  it('hashing 2,000 secrets takes well under a second (scrypt took over 100 ms each)', async () => {
    const ms = await timeMs(async () => {
      for (let i = 0; i < 2000; i++) await hashSecret(newDeviceSecret());
    });
    const legacyMs = await timeMs(() => verifySecret(LEGACY.secret, LEGACY.salt, LEGACY.hash));
    console.log(`2,000 hmac-sha256 hashes: ${ms.toFixed(0)} ms; one scrypt verify: ${legacyMs.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1000);
  });
});

describe('the bridge authenticates devices with either format (embedded broker, real mqtt clients)', () => {
  let store: CityStore, devices: DeviceRegistry, broker: EmbeddedBroker, url: string;
  beforeAll(async () => {
    ({ store } = await openFixtureStore());
    devices = new DeviceRegistry('fixture-city', liveDataStores(store).devices);
    broker = await startEmbeddedBroker({
      port: 0,
      host: '127.0.0.1',
      auth: { allowAnonymous: false, services: new Map(), verifyDevice: (id, s) => devices.verify(id, s) },
    });
    url = `mqtt://127.0.0.1:${broker.port}`;
  });
  afterAll(async () => {
    await broker?.close();
    await store?.close();
  });

  const connect = (username: string, password: string) =>
    mqtt.connectAsync(url, { username, password, reconnectPeriod: 0, connectTimeout: 5000 });

  it('a device provisioned now connects; its credential is stored as hmac-sha256', async () => {
    const secret = await devices.provision('sen-p-j2');
    expect((await liveDataStores(store).devices.get('fixture-city', 'sen-p-j2'))!.hash).toMatch(/^hmac-sha256\$/);
    const verifyMs = await timeMs(() => devices.verify('sen-f-p1', 'not provisioned'));
    const t0 = performance.now();
    const c = await connect('sen-p-j2', secret);
    console.log(`device connect (hmac-sha256): ${(performance.now() - t0).toFixed(0)} ms`);
    expect(c.connected).toBe(true);
    await c.endAsync();
    expect(verifyMs).toBeLessThan(1000);
    await expect(connect('sen-p-j2', `${secret}x`)).rejects.toThrow(/Not authorized|Bad username or password/i);
  });

  it('a device whose scrypt credential an earlier release stored still connects, and a wrong secret does not', async () => {
    await liveDataStores(store).devices.save('fixture-city', {
      sensorId: 'sen-f-p1',
      salt: LEGACY.salt,
      hash: LEGACY.hash,
      createdAt: 1,
    });
    await expect(connect('sen-f-p1', 'wrong secret')).rejects.toThrow(/Not authorized|Bad username or password/i);
    const c = await connect('sen-f-p1', LEGACY.secret);
    expect(c.connected).toBe(true);
    await c.endAsync();
    // Connecting did not rewrite the stored credential.
    expect((await liveDataStores(store).devices.get('fixture-city', 'sen-f-p1'))!.hash).toBe(LEGACY.hash);
  });
});
