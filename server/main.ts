import http from 'node:http';
import { loadConfig, type Config } from './config/config.js';
import { openStore, type CityStore } from './store/index.js';
import { createApp } from './app/create-app.js';
import { mountStatic } from './app/static.js';
import { buildViewer, isViewerBuilt, viewerOutDir } from '../viewer/build/build-viewer.js';
import { buildAndSaveDemoCity, DEMO_CITY_ID } from '../tiles/commands/demo.command.js';
import path from 'node:path';
import { startIot, type IotRuntime } from '../iot-bridge/start-iot.js';
import { loadIotEnv, type IotEnv } from '../iot-bridge/iot-env.js';
import { startSimulator, type RunningSimulator } from '../iot-bridge/simulator/simulator.js';
import { scriptedIncidents } from '../iot-bridge/simulator/sensor-models.js';
import { provisionSimulatorDevices, writeSimulatorDevices } from '../iot-bridge/simulator/simulator-devices.js';
import { CityService } from './services/city.service.js';
import { IngestService } from './services/ingest.service.js';
import { ReadingsService } from './services/readings.service.js';
import { AlertsService } from './services/alerts.service.js';
import { DevicesService } from './services/devices.service.js';
import { ingestRoutes } from './routes/ingest.routes.js';
import { readingsRoutes } from './routes/readings.routes.js';
import { alertRoutes, type Authorize } from './routes/alerts.routes.js';
import { deviceRoutes } from './routes/devices.routes.js';
import { attachLiveSocket, liveRoutes } from './routes/live.routes.js';
import { liveDataStores } from './store/readings/index.js';
import { assertRole, requireUser } from './auth/auth-middleware.js';
import type { ExtraRoutes } from './app/create-app.js';

const log = (line: string) => console.log(line);

/** Builds what is missing (viewer bundle, demo city), so a second start reuses the first one's work. */
async function prepare(config: Config, store: CityStore): Promise<void> {
  log('[1/5] viewer bundle');
  if (isViewerBuilt(config.dataDir)) log(`  up to date in ${viewerOutDir(config.dataDir)}`);
  else await buildViewer(config.dataDir, log);

  log(`[2/5] city ${config.CITY}`);
  const existing = await store.getCity(config.CITY);
  if (config.CITY === DEMO_CITY_ID && (!existing || existing.seed !== config.DEMO_SEED)) {
    log(existing ? `  rebuilding: stored seed ${existing.seed} differs from DEMO_SEED ${config.DEMO_SEED}` : '  building the demo city (first start)');
    await buildAndSaveDemoCity(config.DEMO_SEED, { store, log, now: Date.now });
  } else if (!existing) {
    throw new Error(`city "${config.CITY}" is not in the store: import it with \`npm run tiles -- import --city ${config.CITY} ...\`, or unset CITY for the demo city`);
  } else {
    const counts = await store.countCity(config.CITY);
    log(`  in the store: ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}`);
  }
}

/** Writes that need a user: the auth side's bearer token and role check. */
const authorize: Authorize = (req, roles) => assertRole(requireUser(req), roles, `${req.method} ${req.path}`);

/** The live-data API: readings, alerts, ingest stats, device credentials, the live stream's description. */
function iotRoutes(config: Config, store: CityStore, iot: IotRuntime | null): ExtraRoutes[] {
  const cities = new CityService(store, config.CITY);
  const live = liveDataStores(store);
  const routes: ExtraRoutes[] = [
    ingestRoutes(new IngestService(iot ? () => ({ transport: iot.transport.description, stats: iot.bridge.statsSnapshot() }) : null)),
    readingsRoutes(new ReadingsService(store, cities, live.readings)),
    alertRoutes(new AlertsService(cities, live.alerts, iot ? (id) => iot.bridge.alerts.acknowledge(id) : null), authorize),
  ];
  if (iot) {
    routes.push(deviceRoutes(new DevicesService(store, cities, iot.devices), authorize));
    routes.push(liveRoutes(iot.hub));
  }
  return routes;
}

/** The demo sensors as real MQTT devices with fresh credentials (also saved for `npm run simulate`). */
async function simulate(config: Config, iot: IotRuntime, store: CityStore): Promise<RunningSimulator> {
  const sensors = (await store.listSensors(config.CITY, { limit: 100_000 })).items;
  const secrets = config.MQTT_URL ? new Map<string, string>() : await provisionSimulatorDevices(iot.devices, sensors);
  writeSimulatorDevices(config.dataDir, { url: iot.deviceUrl, cityId: config.CITY, devices: sensors.map((sensor) => ({ sensor, secret: secrets.get(sensor.id) ?? '' })) });
  const sim = await startSimulator({
    url: iot.deviceUrl, sensors, secrets, seed: config.DEMO_SEED, incidents: scriptedIncidents(sensors, Date.now()),
    protocolVersion: config.MQTT_URL ? 5 : 4, log,
  });
  log(`  ${sensors.length} simulated devices publishing over MQTT; scripted incidents at +2, +6 and +10 min every 15 min (SIMULATE=0 turns it off)`);
  return sim;
}

function listen(server: http.Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new Error(`port ${config.PORT} is in use (another GridTwin or another server?): stop it, or start with PORT=8081 npm start`));
      } else reject(err);
    });
    server.listen(config.PORT, config.HOST, () => resolve());
  });
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  log(`GridTwin: data in ${config.dataDir}, database ${config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`);
  const iotEnv: IotEnv = loadIotEnv();
  const serverOnly = process.argv.includes('--server-only');
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
  let server: http.Server | undefined;
  let iot: IotRuntime | null = null;
  let sim: RunningSimulator | null = null;
  let closeLive: (() => void) | null = null;
  const shutdown = async (signal: string) => {
    log(`\n${signal}: shutting down`);
    await sim?.stop().catch(() => undefined);
    closeLive?.();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await iot?.close().catch(() => undefined);
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await prepare(config, store);
    log('[3/5] MQTT broker and bridge');
    if (serverOnly) log('  skipped (--server-only): run `npm run bridge` for the IoT side');
    else {
      iot = await startIot({
        cityId: config.CITY, store, mqttPort: config.MQTT_PORT, allowAnonymous: iotEnv.MQTT_ALLOW_ANONYMOUS === '1',
        retentionDays: iotEnv.READINGS_RETENTION_DAYS, log,
        ...(config.MQTT_URL ? { mqttUrl: config.MQTT_URL } : {}), ...(iotEnv.BRIDGE_ID ? { bridgeId: iotEnv.BRIDGE_ID } : {}),
      });
    }
    log('[4/5] server');
    const app = createApp({ store, config, extraRoutes: iotRoutes(config, store, iot) });
    mountStatic(app, { viewerDir: viewerOutDir(config.dataDir), tilesDir: path.join(config.dataDir, 'tiles') });
    server = http.createServer(app);
    if (iot) closeLive = attachLiveSocket(server, iot.hub);
    await listen(server, config);
    log('[5/5] sensor simulator');
    if (iot && iotEnv.SIMULATE === '1') sim = await simulate(config, iot, store);
    else log(`  off (${iot ? 'SIMULATE=0' : 'no bridge in this process'})`);
  } catch (err) {
    await iot?.close().catch(() => undefined);
    await store.close();
    throw err;
  }
  log(`\nGridTwin is running at http://localhost:${config.PORT}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; Ctrl+C stops it)`);
}

main().catch((err: unknown) => {
  console.error(`\nGridTwin could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
