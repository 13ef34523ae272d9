import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../../core/config/config.js';
import { openStore, type CityStore } from '../../store/index.js';
import { DEMO_CITY_ID, prepareCity, prepareTiles } from './prepare-assets.js';
import { composeApp, computePoolOf } from './compose-app.js';
import type { ComputePool } from '../../server/compute/compute-pool.js';
import { startDemoSimulator } from './iot-wiring.js';
import { startIot, type IotRuntime } from '../../iot-bridge/start-iot.js';
import type { RunningSimulator } from '../../iot-bridge/simulator/simulator.js';
import { createIncidentServices } from '../../server/services/incident-services.js';
import { alertToEventHook, startDropoutTimer, type DropoutTimer } from '../../server/services/event-intake.service.js';
import { startEscalationTimer, type EscalationTimer } from '../../server/services/escalation.service.js';
import { ensureAdmin } from '../../server/auth/ensure-admin.js';
import { ensureDemoUsers } from '../../server/auth/demo-users.js';
import { attachLiveSocket } from '../../server/routes/live.routes.js';
import { followLiveEvents, type LiveEvents } from './live-events.js';
import { allowedOriginsOf, readPolicyOf } from './read-policy.js';

/** What the running twin is made of (the HTTP server, the IoT side when in this process, the store). */
export interface RunningTwin {
  config: Config;
  store: CityStore;
  /** The broker and bridge; null with `serverOnly`. */
  iot: IotRuntime | null;
  server: http.Server;
  /** The HTTP port it listens on (PORT=0 picks a free one). */
  port: number;
  /** The embedded broker's port (MQTT_PORT=0 picks a free one); null with an external broker or `serverOnly`. */
  mqttPort: number | null;
  /** Stops everything in order, each step bounded; the store is closed last. Idempotent. */
  stop(): Promise<void>;
}

export interface StartTwinOptions {
  log: (line: string) => void;
  logger?: Logger;
  /** Serve alone, against an external broker's bridge (`npm run server`). */
  serverOnly?: boolean;
  /** Read for ADMIN_PASSWORD on every start (see ensureAdmin). Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Awaits one shutdown step for at most 5 s, saying which one hung. */
async function step(name: string, work: Promise<unknown> | undefined, log: (line: string) => void): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), 5000);
  });
  const result = await Promise.race([
    work.then(
      () => 'done' as const,
      (err: unknown) => {
        log(`  ${name}: ${(err as Error).message}`);
        return 'done' as const;
      },
    ),
    timeout,
  ]);
  clearTimeout(timer);
  if (result === 'timeout') log(`  ${name} did not stop within 5 s; going on`);
}

function listen(server: http.Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new Error(
            `port ${config.PORT} is in use (another GridTwin or another server?): stop it, or start with PORT=8081 npm start`,
          ),
        );
      } else reject(err);
    });
    server.listen(config.PORT, config.HOST, () => resolve());
  });
}

/**
 * Everything `npm start` runs after the viewer bundle, in one process: the city (the demo built when missing), its
 * 3D Tiles, the MQTT broker and bridge, the HTTP server with the live socket, the first admin and the demo simulator.
 * `main.ts` adds the viewer build and the signals; tests start the same twin in-process on a data folder of their own.
 * A start that fails half-way releases what it opened (ports, database lock) before throwing.
 */
export async function startTwin(config: Config, o: StartTwinOptions): Promise<RunningTwin> {
  const { log } = o;
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    pgliteInWorker: config.PGLITE_IN_WORKER !== '0',
  });
  let server: http.Server | undefined;
  let iot: IotRuntime | null = null;
  let sim: RunningSimulator | null = null;
  let escalation: EscalationTimer | null = null;
  let dropouts: DropoutTimer | null = null;
  let closeLive: (() => void) | null = null;
  let liveEvents: LiveEvents | null = null;
  let compute: ComputePool | null = null;
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      escalation?.stop();
      dropouts?.stop();
      liveEvents?.stop();
      // Each step is bounded: a stuck client or broker must not keep the twin from stopping.
      await step('simulator', sim?.stop(), log);
      closeLive?.();
      server?.closeAllConnections();
      await step(
        'HTTP server',
        server?.listening ? new Promise<void>((resolve) => server!.close(() => resolve())) : undefined,
        log,
      );
      await step('compute workers', compute?.close(), log);
      await step('MQTT', iot?.close(), log);
      await step('database', store.close(), log);
    })());
  try {
    log(`[2/6] city ${config.CITY}`);
    await prepareCity(config, store, log);
    log('[3/6] 3D Tiles');
    await prepareTiles(config, store, log);

    log('[4/6] MQTT broker and bridge');
    const incidents = createIncidentServices({
      store,
      defaultCityId: config.CITY,
      dropoutEventAfterS: config.DROPOUT_EVENT_AFTER_S,
      photoQuota: {
        photosPerDay: config.PHOTO_QUOTA_PER_DAY,
        bytesPerDay: config.PHOTO_QUOTA_MB_PER_DAY * 1024 * 1024,
      },
    });
    liveEvents = await followLiveEvents(incidents.eventStore, config.CITY);
    if (o.serverOnly) log('  MQTT skipped (--server-only): run `npm run bridge` for the IoT side');
    else {
      iot = await startIot({
        cityId: config.CITY,
        store,
        mqttPort: config.MQTT_PORT,
        // The broker listens where the HTTP server does (HOST=127.0.0.1 keeps both on this machine).
        host: config.HOST,
        allowAnonymous: config.MQTT_ALLOW_ANONYMOUS === '1',
        retentionDays: config.READINGS_RETENTION_DAYS,
        log,
        onAlert: alertToEventHook(incidents.intake, config.CITY),
        openEvents: liveEvents.openEvents,
        ...(config.MQTT_URL ? { mqttUrl: config.MQTT_URL } : {}),
        ...(config.BRIDGE_ID ? { bridgeId: config.BRIDGE_ID } : {}),
        shared: config.BRIDGE_SHARED === '1',
        rulesBridge: config.BRIDGE_RULES === '1',
      });
      liveEvents.attach(iot.hub);
    }
    escalation = startEscalationTimer(incidents.escalation, { log });
    dropouts = startDropoutTimer(incidents.intake, { cityId: config.CITY, log });

    log('[5/6] server');
    compute = computePoolOf(config);
    const app = composeApp(config, store, incidents, iot, o.logger, compute);
    server = http.createServer(app);
    if (iot)
      closeLive = attachLiveSocket(server, iot.hub, {
        userOfToken: (token) => incidents.auth.userOfToken(token),
        policy: readPolicyOf(config),
        allowedOrigins: allowedOriginsOf(config),
      });
    await listen(server, config);
    // Accounts only now that the ports are ours: a start that stops on a busy port has created nobody and printed
    // no password (the next start would not show it again).
    await ensureAdmin(store, o.env ?? process.env, log);
    if (config.CITY === DEMO_CITY_ID) await ensureDemoUsers(store, config.CITY, log);

    log('[6/6] sensor simulator');
    if (iot && config.SIMULATE === '1') sim = await startDemoSimulator(config, iot, store, log);
    else log(`  off (${iot ? 'SIMULATE=0' : 'no bridge in this process'})`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    config,
    store,
    iot,
    server,
    port: (server.address() as AddressInfo).port,
    mqttPort: iot?.broker?.port ?? null,
    stop,
  };
}
