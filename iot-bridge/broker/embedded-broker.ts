import net from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Duplex } from 'node:stream';
import { mayPublish, maySubscribe, type BrokerIdentity } from './broker-acl.js';
import { DEFAULT_PACKET_LIMITS, GuardedSocket, type PacketLimits } from './packet-guard.js';

/** How the embedded broker decides who may connect. */
export interface BrokerAuth {
  /** Accept connections without credentials (off by default: set MQTT_ALLOW_ANONYMOUS=1 only on a closed network). */
  allowAnonymous: boolean;
  /** GridTwin's own processes: username -> secret. */
  services: ReadonlyMap<string, string>;
  /** A device: the username is its sensor id. */
  verifyDevice: (sensorId: string, secret: string) => Promise<boolean>;
}

/** Options of the embedded broker. */
export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  auth: BrokerAuth;
  /** In-flight messages the broker handles at once (aedes `concurrency`). Default 2000. */
  concurrency?: number;
  /** Packet size limits, checked before a packet is buffered (CONNECT before authentication). */
  packetLimits?: PacketLimits;
  /** A socket that has not sent a valid CONNECT within this is closed, ms. Default 5000. */
  connectTimeoutMs?: number;
  /** Sockets of one address not yet authenticated, at most; more are closed at once. Default 32. */
  maxPendingPerAddress?: number;
  /** Sockets of one address in all, at most. Default 1000. */
  maxConnectionsPerAddress?: number;
  /**
   * Addresses the per-address limits do not apply to. Default loopback (the demo simulator connects every sensor from
   * 127.0.0.1 at once; what runs on the machine itself is not the flood these limits are for).
   */
  unlimitedAddresses?: readonly string[];
  log?: (line: string) => void;
}

/**
 * Handles a device's publish before the broker acknowledges it (see `setDeviceHandler`); undefined when it is done
 * at once.
 */
export type DevicePublishHandler = (topic: string, payload: Buffer, qos: 0 | 1 | 2) => Promise<void> | undefined;

/** A running embedded broker. */
export interface EmbeddedBroker {
  broker: Aedes;
  /**
   * Routes every authorised device publish (and last will) through `handler` before the broker goes on: aedes
   * sends a QoS 1 PUBACK only after this returns, so the bridge can acknowledge "stored", not just "received".
   */
  setDeviceHandler(handler: DevicePublishHandler | null): void;
  /** Closes every connection of a device (its credential was revoked or rotated); answers how many. */
  disconnectDevice(sensorId: string): number;
  /** Counters for health and tests: open sockets, refused for size, for limits, for a taken client id. */
  readonly counters: BrokerCounters;
  /** Whether its TCP server still accepts connections (for /api/health). */
  readonly listening: boolean;
  /** The port it listens on (the real one when asked for port 0). */
  port: number;
  close(): Promise<void>;
}

/** The broker's port is taken: says how to use what is already there, or how to pick another port. */
export class MqttPortInUseError extends Error {
  override readonly name = 'MqttPortInUseError';
  constructor(readonly port: number) {
    super(
      `MQTT port ${port} is already in use (another broker such as Mosquitto, or another GridTwin?). ` +
        `Either use that broker: MQTT_URL=mqtt://127.0.0.1:${port} npm start, ` +
        `or embed GridTwin's broker on another port: MQTT_PORT=${port === 1883 ? 1884 : port + 1} npm start`,
    );
  }
}

export interface BrokerCounters {
  sockets: number;
  refusedOversize: number;
  refusedLimit: number;
  refusedClientId: number;
}

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

function authError(message: string, code: 2 | 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code }) as AuthenticateError;
}

/**
 * Starts aedes on a TCP port with GridTwin's device security: each device logs in with its sensor id and secret,
 * publishes only its own topics and subscribes only under them; anonymous connections are refused unless allowed.
 * aedes speaks MQTT 3.1.1 (clients must use protocol version 4).
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const identities = new WeakMap<Client, BrokerIdentity>();
  let deviceHandler: DevicePublishHandler | null = null;
  const { auth } = options;
  const counters: BrokerCounters = { sockets: 0, refusedOversize: 0, refusedLimit: 0, refusedClientId: 0 };
  /**
   * Who holds each client id: the first identity to use it keeps it while its session may live (a clean session ends
   * with its connection), so another device's credential cannot take the session over (aedes would hand it over).
   */
  const owners = new Map<string, string>();
  /**
   * How often each device's credential was revoked or rotated, and the count a client was admitted under: aedes
   * sends CONNACK before it announces the client (clientReady), so a revocation in between finds no client to close;
   * the client is closed when it is announced instead.
   */
  const revocations = new Map<string, number>();
  const admittedAt = new WeakMap<Client, number>();
  const ownerKey = (who: BrokerIdentity) =>
    who.role === 'device' ? `device:${who.sensorId}` : who.role === 'service' ? `service:${who.name}` : 'anonymous';
  const admit = (client: Client, who: BrokerIdentity, done: (err: AuthenticateError | null, ok: boolean) => void) => {
    const key = ownerKey(who);
    const owner = owners.get(client.id);
    if (owner !== undefined && owner !== key) {
      counters.refusedClientId++;
      options.log?.(`  MQTT: client id ${client.id} belongs to another credential; refused`);
      return done(authError(`client id ${client.id} is in use by another credential`, 2), false);
    }
    owners.set(client.id, key);
    identities.set(client, who);
    if (who.role === 'device') admittedAt.set(client, revocations.get(who.sensorId) ?? 0);
    done(null, true);
  };
  const broker = await Aedes.createBroker({
    concurrency: options.concurrency ?? 2000,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    authenticate: (client, username, password, done) => {
      const secret = password?.toString('utf8') ?? '';
      if (username === undefined || username === '') {
        if (!auth.allowAnonymous) return done(authError('anonymous connections are not allowed', 5), false);
        return admit(client, { role: 'anonymous' }, done);
      }
      const service = auth.services.get(username);
      if (service !== undefined) {
        if (service !== secret) return done(authError('bad service credentials', 4), false);
        return admit(client, { role: 'service', name: username }, done);
      }
      auth.verifyDevice(username, secret).then(
        (ok) => {
          if (!ok) return done(authError(`bad credentials for device ${username}`, 4), false);
          admit(client, { role: 'device', sensorId: username }, done);
        },
        () => done(authError('credential check failed', 4), false),
      );
    },
    authorizePublish: (client, packet, done) => {
      // client null: a message the broker itself publishes (the in-process bridge's output).
      if (client === null) return done(null);
      const who = identities.get(client);
      // A refused publish disconnects the client (MQTT 3.1.1 has no negative PUBACK).
      if (who === undefined || !mayPublish(who, packet.topic))
        return done(new Error(`not allowed to publish on ${packet.topic}`));
      if (deviceHandler === null || who.role === 'service') return done(null);
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      // The handler counts bad payloads itself and never rejects; either way the message goes on.
      const pending = deviceHandler(packet.topic, payload, packet.qos);
      if (pending === undefined) done(null);
      else
        pending.then(
          () => done(null),
          () => done(null),
        );
    },
    authorizeSubscribe: (client, subscription, done) => {
      const who = identities.get(client);
      if (who !== undefined && maySubscribe(who, subscription.topic)) return done(null, subscription);
      done(null, null); // SUBACK failure for this filter, the connection stays
    },
  });
  broker.on('clientDisconnect', (client) => {
    const who = identities.get(client);
    if (who?.role === 'device') deviceClients.get(who.sensorId)?.delete(client);
    // A clean session ends here: its id is free again. A persistent one keeps its owner.
    if ((client as Client & { clean?: boolean }).clean !== false && identities.has(client)) owners.delete(client.id);
  });
  const limits = options.packetLimits ?? DEFAULT_PACKET_LIMITS;
  const maxPending = options.maxPendingPerAddress ?? 32;
  const maxPerAddress = options.maxConnectionsPerAddress ?? 1000;
  const unlimited = new Set(options.unlimitedAddresses ?? LOOPBACK);
  const perAddress = new Map<string, { open: number; pending: number }>();
  const server = net.createServer((socket) => {
    const address = socket.remoteAddress ?? '?';
    const count = perAddress.get(address) ?? { open: 0, pending: 0 };
    if (!unlimited.has(address) && (count.pending >= maxPending || count.open >= maxPerAddress)) {
      counters.refusedLimit++;
      socket.destroy();
      return;
    }
    count.open++;
    count.pending++;
    perAddress.set(address, count);
    counters.sockets++;
    let pending = true;
    const settle = () => {
      if (!pending) return;
      pending = false;
      count.pending--;
    };
    const guarded = new GuardedSocket(socket, limits, (reason) => {
      counters.refusedOversize++;
      options.log?.(`  MQTT: closed a connection from ${address}: ${reason}`);
    });
    // Authenticated (CONNACK sent): no longer pending.
    guarded.once('gridtwin:authenticated', settle);
    socket.once('close', () => {
      settle();
      counters.sockets--;
      if (--count.open === 0) perAddress.delete(address);
    });
    broker.handle(guarded);
  });
  const deviceClients = new Map<string, Set<Client>>();
  broker.on('clientReady', (client) => {
    (client as Client & { conn?: Duplex }).conn?.emit('gridtwin:authenticated');
    const who = identities.get(client);
    if (who?.role !== 'device') return;
    if ((revocations.get(who.sensorId) ?? 0) !== admittedAt.get(client)) {
      owners.delete(client.id);
      client.close();
      return;
    }
    const set = deviceClients.get(who.sensorId) ?? new Set();
    set.add(client);
    deviceClients.set(who.sensorId, set);
  });
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      broker.close();
      reject(err.code === 'EADDRINUSE' ? new MqttPortInUseError(options.port) : err);
    });
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  options.log?.(`  MQTT broker (embedded) on mqtt://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
  return {
    broker,
    port,
    setDeviceHandler: (handler) => {
      deviceHandler = handler;
    },
    counters,
    get listening() {
      return server.listening;
    },
    disconnectDevice: (sensorId) => {
      revocations.set(sensorId, (revocations.get(sensorId) ?? 0) + 1);
      let n = 0;
      for (const client of [...(deviceClients.get(sensorId) ?? [])]) {
        owners.delete(client.id);
        client.close();
        n++;
      }
      deviceClients.delete(sensorId);
      return n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
        // Open client sockets keep server.close waiting; aedes closes its clients, this ends stragglers.
        server.unref();
      }),
  };
}
