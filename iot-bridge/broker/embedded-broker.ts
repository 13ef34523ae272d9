import net from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { mayPublish, maySubscribe, type BrokerIdentity } from './broker-acl.js';

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
  log?: (line: string) => void;
}

/** Handles a device's publish before the broker acknowledges it (see `setDeviceHandler`). */
export type DevicePublishHandler = (topic: string, payload: Buffer, qos: 0 | 1 | 2) => Promise<void>;

/** A running embedded broker. */
export interface EmbeddedBroker {
  broker: Aedes;
  /**
   * Routes every authorised device publish (and last will) through `handler` before the broker goes on: aedes
   * sends a QoS 1 PUBACK only after this returns, so the bridge can acknowledge "stored", not just "received".
   */
  setDeviceHandler(handler: DevicePublishHandler | null): void;
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

function authError(message: string, code: 4 | 5): AuthenticateError {
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
  const broker = await Aedes.createBroker({
    concurrency: options.concurrency ?? 2000,
    authenticate: (client, username, password, done) => {
      const secret = password?.toString('utf8') ?? '';
      if (username === undefined || username === '') {
        if (!auth.allowAnonymous) return done(authError('anonymous connections are not allowed', 5), false);
        identities.set(client, { role: 'anonymous' });
        return done(null, true);
      }
      const service = auth.services.get(username);
      if (service !== undefined) {
        if (service !== secret) return done(authError('bad service credentials', 4), false);
        identities.set(client, { role: 'service', name: username });
        return done(null, true);
      }
      auth.verifyDevice(username, secret).then(
        (ok) => {
          if (!ok) return done(authError(`bad credentials for device ${username}`, 4), false);
          identities.set(client, { role: 'device', sensorId: username });
          done(null, true);
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
      deviceHandler(packet.topic, payload, packet.qos).then(
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
  const server = net.createServer(broker.handle);
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
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
        // Open client sockets keep server.close waiting; aedes closes its clients, this ends stragglers.
        server.unref();
      }),
  };
}
