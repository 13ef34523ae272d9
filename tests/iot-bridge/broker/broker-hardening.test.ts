import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import type { CityStore } from '../../../store/index.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../../iot-bridge/broker/embedded-broker.js';
import { DeviceRegistry } from '../../../iot-bridge/broker/device-auth.js';
import { MqttFrameScanner } from '../../../iot-bridge/broker/packet-guard.js';
import { readingTopic } from '../../../core/contracts/mqtt.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { openFixtureStore } from '../bridge-fixture.js';

const MB = 1 << 20;

/** A raw TCP socket to the broker; resolves when connected. */
function rawSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Milliseconds until `socket` is closed by the other side (bounded by `withinMs`, then -1). */
function closedAfter(socket: net.Socket, withinMs: number): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(-1), withinMs);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(performance.now() - t0);
    });
  });
}

describe('iot-bridge/broker hardening (embedded aedes, real mqtt clients)', () => {
  let store: CityStore, devices: DeviceRegistry, broker: EmbeddedBroker, url: string;
  const logs: string[] = [];
  beforeAll(async () => {
    ({ store } = await openFixtureStore());
    devices = new DeviceRegistry('fixture-city', liveDataStores(store).devices);
    broker = await startEmbeddedBroker({
      port: 0,
      host: '127.0.0.1',
      connectTimeoutMs: 500,
      maxPendingPerAddress: 4,
      // The limits apply to loopback too here, so a test can reach them.
      unlimitedAddresses: [],
      auth: { allowAnonymous: false, services: new Map(), verifyDevice: (id, s) => devices.verify(id, s) },
      log: (l) => logs.push(l),
    });
    devices.onCredentialReplaced((id) => broker.disconnectDevice(id));
    url = `mqtt://127.0.0.1:${broker.port}`;
  });
  afterAll(async () => {
    await broker.close();
    await store.close();
  });

  it('closes a socket announcing a 250 MB CONNECT at its header, before authentication, with memory bounded', async () => {
    const before = process.memoryUsage().rss;
    const header = Buffer.from([0x10, 0x80, 0x80, 0xf7, 0x77]); // CONNECT, remaining length 250,000,000
    expect(new MqttFrameScanner({ maxConnectBytes: 16384, maxPacketBytes: 1 }).feed(header)).toMatch(/over the limit/);
    const chunk = Buffer.alloc(MB, 0x61);
    const sockets = await Promise.all([0, 1, 2].map(() => rawSocket(broker.port)));
    const closed = sockets.map((s) => closedAfter(s, 5000));
    for (const s of sockets) {
      s.write(header);
      // Keep sending the announced body: 32 MB each, 96 MB in all, that an unguarded broker would buffer.
      for (let i = 0; i < 32 && !s.destroyed; i++) s.write(chunk);
    }
    const times = await Promise.all(closed);
    for (const t of times) expect(t).toBeGreaterThanOrEqual(0);
    const grownMb = (process.memoryUsage().rss - before) / MB;
    console.log(
      `250 MB CONNECT x3: closed after ${times.map((t) => t.toFixed(0)).join(', ')} ms; rss grew ${grownMb.toFixed(1)} MB`,
    );
    expect(grownMb).toBeLessThan(16);
    expect(broker.counters.refusedOversize).toBeGreaterThanOrEqual(3);
    expect(logs.some((l) => l.includes('over the limit'))).toBe(true);
  });

  it('closes an idle unauthenticated socket after the connect timeout, and limits pending sockets per address', async () => {
    const idle = await rawSocket(broker.port);
    const idleClosed = await closedAfter(idle, 3000);
    console.log(`idle socket closed after ${idleClosed.toFixed(0)} ms (connect timeout 500 ms)`);
    expect(idleClosed).toBeGreaterThan(300);
    expect(idleClosed).toBeLessThan(2000);
    // Four idle sockets fill this address's pending quota: the fifth is closed at once.
    const four = await Promise.all([0, 1, 2, 3].map(() => rawSocket(broker.port)));
    const fifth = await rawSocket(broker.port);
    const fifthClosed = await closedAfter(fifth, 400);
    console.log(`fifth pending socket from one address closed after ${fifthClosed.toFixed(0)} ms`);
    expect(fifthClosed).toBeGreaterThanOrEqual(0);
    expect(broker.counters.refusedLimit).toBeGreaterThanOrEqual(1);
    await Promise.all(four.map((s) => closedAfter(s, 3000)));
    // Once they timed out, a real device connects again.
    const secret = await devices.provision('sen-p-j2');
    const t0 = performance.now();
    const ok = await mqtt.connectAsync(url, { username: 'sen-p-j2', password: secret, reconnectPeriod: 0 });
    console.log(`device connect (scrypt verify) ${(performance.now() - t0).toFixed(0)} ms`);
    await ok.endAsync();
  });

  it('refuses a packet over the size limit after CONNECT too, and accepts one under it', async () => {
    const secret = await devices.provision('sen-f-p1');
    const c = await mqtt.connectAsync(url, { username: 'sen-f-p1', password: secret, reconnectPeriod: 0 });
    await c.publishAsync(readingTopic('sen-f-p1'), JSON.stringify({ ts: Date.now(), value: 1 }), { qos: 1 });
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.publish(readingTopic('sen-f-p1'), Buffer.alloc(300 << 10, 0x20), { qos: 0 });
    await closed;
    expect(logs.some((l) => /packet of \d+ bytes is over the limit/.test(l))).toBe(true);
    await c.endAsync(true);
  });

  it('binds a client id to the credential that first used it: another device cannot take it over', async () => {
    const a = await devices.provision('sen-l-m1');
    const b = await devices.provision('sen-p-j2');
    const first = await mqtt.connectAsync(url, {
      username: 'sen-l-m1',
      password: a,
      clientId: 'pump-7',
      reconnectPeriod: 0,
      clean: false,
    });
    await expect(
      mqtt.connectAsync(url, { username: 'sen-p-j2', password: b, clientId: 'pump-7', reconnectPeriod: 0 }),
    ).rejects.toThrow(/Identifier rejected|identifier/i);
    await new Promise((r) => setTimeout(r, 100));
    expect(first.connected).toBe(true);
    expect(broker.counters.refusedClientId).toBe(1);
    // The owner itself may come back with its id (a persistent session), even after leaving.
    await first.endAsync();
    const again = await mqtt.connectAsync(url, {
      username: 'sen-l-m1',
      password: a,
      clientId: 'pump-7',
      reconnectPeriod: 0,
      clean: false,
    });
    await again.endAsync();
    await expect(
      mqtt.connectAsync(url, { username: 'sen-p-j2', password: b, clientId: 'pump-7', reconnectPeriod: 0 }),
    ).rejects.toThrow();
  });

  it('revoking a credential disconnects its device at once, and its secret no longer connects', async () => {
    const secret = await devices.provision('sen-l-m1');
    const c = await mqtt.connectAsync(url, { username: 'sen-l-m1', password: secret, reconnectPeriod: 0 });
    const t0 = performance.now();
    const closed = new Promise<number>((resolve) => c.once('close', () => resolve(performance.now() - t0)));
    expect(await devices.revoke('sen-l-m1')).toBe(true);
    const ms = await closed;
    console.log(`revoked device disconnected after ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1000);
    await expect(
      mqtt.connectAsync(url, { username: 'sen-l-m1', password: secret, reconnectPeriod: 0 }),
    ).rejects.toThrow();
    await c.endAsync(true);
  });

  it('listens on the host it is given only', async () => {
    const other = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (other === undefined) {
      console.log('no non-loopback IPv4 interface: the bind check is skipped');
      return;
    }
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(broker.port, other, () => {
        s.destroy();
        resolve('connected');
      });
      s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
