/**
 * `npm run bridge`: the IoT bridge alone (no HTTP server). With MQTT_URL it is a client of that broker; with
 * BRIDGE_SHARED=1 too, it joins the shared subscription `$share/gridtwin-bridge` so several bridges (each with its own
 * BRIDGE_ID) split the traffic for storage, and the one started with BRIDGE_RULES=1 also evaluates the rules for every
 * sensor from a non-shared feed (docs/adr/0006-rules-on-one-bridge.md). Without MQTT_URL it embeds the broker on MQTT_PORT. It publishes alerts and coalesced
 * values on gridtwin/v1/out/ for servers to fan out. Sensors, rules and device credentials changed through a server's
 * admin API apply within about 2 s (it polls the registry revision); on its embedded broker a revoked or rotated
 * device is disconnected. Alerts it raises become events in the sensor's cell, as in `npm start`.
 */
import type { Logger } from 'pino';
import { loadConfig } from '../core/config/config.js';
import { createLogger } from './startup/logger.js';
import { openStore } from '../store/index.js';
import { startIot } from '../iot-bridge/start-iot.js';
import { REGISTRY_POLL_MS } from '../iot-bridge/registry-watch.js';
import { createIncidentServices } from '../server/services/incident-services.js';
import { alertToEventHook } from '../server/services/event-intake.service.js';

let logger: Logger = createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: undefined });
const log = (line: string) => logger.info(line);
const MB = 1 << 20;

/** Resident set and JS heap, MB: `memory: rss 92.1 MB, heap 31.4 MB`. */
function memoryLine(): string {
  const m = process.memoryUsage();
  return `memory: rss ${(m.rss / MB).toFixed(1)} MB, heap ${(m.heapUsed / MB).toFixed(1)} MB`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  logger = createLogger(config);
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    pgliteInWorker: config.PGLITE_IN_WORKER !== '0',
  });
  try {
    if ((await store.getCity(config.CITY)) === null)
      throw new Error(`city "${config.CITY}" is not in the store: run npm start (demo) or import it first`);
    // The bridge that raises an alert opens its event (the closed loop), as `npm start` does in one process: a
    // server started with --server-only has no alerts of its own to turn into events.
    const incidents = createIncidentServices({
      store,
      defaultCityId: config.CITY,
      dropoutEventAfterS: config.DROPOUT_EVENT_AFTER_S,
    });
    const iot = await startIot({
      cityId: config.CITY,
      store,
      mqttPort: config.MQTT_PORT,
      host: config.HOST,
      allowAnonymous: config.MQTT_ALLOW_ANONYMOUS === '1',
      retentionDays: config.READINGS_RETENTION_DAYS,
      publishValuesMs: 250,
      onAlert: alertToEventHook(incidents.intake, config.CITY),
      log,
      ...(config.MQTT_URL ? { mqttUrl: config.MQTT_URL } : {}),
      ...(config.BRIDGE_ID ? { bridgeId: config.BRIDGE_ID } : {}),
      shared: config.BRIDGE_SHARED === '1',
      // Read here, not in core/config: 1 on exactly one bridge of a shared group.
      rulesBridge: config.BRIDGE_RULES === '1',
      // The registry is edited by the server's admin API in another process: follow it without a restart.
      watchRegistryMs: REGISTRY_POLL_MS,
    });
    log(`GridTwin bridge running (${iot.transport.description}); Ctrl+C stops`);
    log(memoryLine());
    // One line a second while traffic flows: what came in, what was stored, what was rejected, and the memory used
    // (a flood must not make it grow without bound).
    let last = '';
    setInterval(() => {
      const s = iot.bridge.statsSnapshot();
      const line = `ingest: ${s.messages} messages, ${s.readingsStored} readings stored, ${s.duplicates} duplicates, ${s.rejectedTotal} rejected, queue ${s.queueDepth}`;
      if (line !== last) {
        log(line);
        log(memoryLine());
      }
      last = line;
    }, 1000).unref();
    const stop = async (signal: string) => {
      log(`${signal}: stopping the bridge`);
      await iot.close();
      await store.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  } catch (err) {
    await store.close();
    throw err;
  }
}

main().catch((err: unknown) => {
  logger.fatal(`bridge could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
