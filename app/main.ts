import http from 'node:http';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../core/config/config.js';
import { createLogger } from './startup/logger.js';
import { openStore } from '../store/index.js';
import { DEMO_CITY_ID, prepareCity, prepareTiles, prepareViewer } from './startup/prepare-assets.js';
import { composeApp } from './startup/compose-app.js';
import { startDemoSimulator } from './startup/iot-wiring.js';
import { startIot, type IotRuntime } from '../iot-bridge/start-iot.js';
import type { RunningSimulator } from '../iot-bridge/simulator/simulator.js';
import { createIncidentServices } from '../server/services/incident-services.js';
import { alertToEventHook, startDropoutTimer, type DropoutTimer } from '../server/services/event-intake.service.js';
import { startEscalationTimer, type EscalationTimer } from '../server/services/escalation.service.js';
import { ensureAdmin } from '../server/auth/ensure-admin.js';
import { ensureDemoUsers } from '../server/auth/demo-users.js';
import { attachLiveSocket } from '../server/routes/live.routes.js';
import { followLiveEvents, type LiveEvents } from './startup/live-events.js';
import { allowedOriginsOf, readPolicyOf } from './startup/read-policy.js';

/**
 * `npm start`: one process with everything on loopback: it builds what is missing (viewer bundle, demo city, 3D
 * Tiles), starts the embedded MQTT broker and bridge, serves the viewer, API, tiles and live stream, and runs the
 * demo sensor simulator. `npm run server` (--server-only) serves alone, against an external broker's bridge.
 */
let logger: Logger = createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: undefined });
const log = (line: string) => logger.info(line.trim());

/** The whole shutdown at most this long, ms. */
const SHUTDOWN_BOUND_MS = 10_000;

/** Awaits one shutdown step for at most 5 s, saying which one hung. */
async function step(name: string, work: Promise<unknown> | undefined): Promise<void> {
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

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  logger = createLogger(config);
  const serverOnly = process.argv.includes('--server-only');
  log(
    `GridTwin: data in ${config.dataDir}, database ${config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`,
  );
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
  let server: http.Server | undefined;
  let iot: IotRuntime | null = null;
  let sim: RunningSimulator | null = null;
  let escalation: EscalationTimer | null = null;
  let dropouts: DropoutTimer | null = null;
  let closeLive: (() => void) | null = null;
  let liveEvents: LiveEvents | null = null;
  /**
   * The one shutdown path, for SIGINT, SIGTERM and SIGHUP from any parent: idempotent (Ctrl+C through npm and tsx
   * delivers the signal to every process of the group and tsx relays it once more; a second signal must not kill the
   * process half-way, leaving the database lock and an unflushed store), each step bounded, and the whole bounded by
   * SHUTDOWN_BOUND_MS: past it the process exits anyway (the 'exit' hook still removes the lock).
   */
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log(`${signal}: already stopping`);
      return;
    }
    stopping = true;
    const t0 = Date.now();
    log(`${signal}: shutting down`);
    setTimeout(() => {
      log(`shutdown did not finish within ${SHUTDOWN_BOUND_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_BOUND_MS).unref();
    escalation?.stop();
    dropouts?.stop();
    liveEvents?.stop();
    // Each step is bounded: a stuck client or broker must not keep the process from stopping.
    await step('simulator', sim?.stop());
    closeLive?.();
    server?.closeAllConnections();
    await step('HTTP server', server ? new Promise<void>((resolve) => server!.close(() => resolve())) : undefined);
    await step('MQTT', iot?.close());
    await step('database', store.close());
    log(`stopped in ${Date.now() - t0} ms`);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
  try {
    log('[1/6] viewer bundle');
    await prepareViewer(config, log);
    log(`[2/6] city ${config.CITY}`);
    await prepareCity(config, store, log);
    log('[3/6] 3D Tiles');
    await prepareTiles(config, store, log);

    log('[4/6] MQTT broker and bridge');
    const incidents = createIncidentServices({
      store,
      defaultCityId: config.CITY,
      dropoutEventAfterS: config.DROPOUT_EVENT_AFTER_S,
    });
    liveEvents = await followLiveEvents(incidents.eventStore, config.CITY);
    if (serverOnly) log('  MQTT skipped (--server-only): run `npm run bridge` for the IoT side');
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
    const app = composeApp(config, store, incidents, iot, logger.child({ component: 'http' }));
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
    await ensureAdmin(store, process.env, log);
    if (config.CITY === DEMO_CITY_ID) await ensureDemoUsers(store, config.CITY, log);

    log('[6/6] sensor simulator');
    if (iot && config.SIMULATE === '1') sim = await startDemoSimulator(config, iot, store, log);
    else log(`  off (${iot ? 'SIMULATE=0' : 'no bridge in this process'})`);
  } catch (err) {
    escalation?.stop();
    dropouts?.stop();
    await iot?.close().catch(() => undefined);
    await store.close();
    throw err;
  }
  log(
    `\nGridTwin is running at http://localhost:${config.PORT}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; Ctrl+C stops it)`,
  );
}

main().catch((err: unknown) => {
  logger.fatal(`GridTwin could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
