import type { Config } from '../../core/config/config.js';
import type { CityStore } from '../../store/index.js';
import type { ExtraRoutes } from '../../server/http/create-app.js';
import type { IotRuntime } from '../../iot-bridge/start-iot.js';
import { DeviceRegistry } from '../../iot-bridge/broker/device-auth.js';
import { startSimulator, type RunningSimulator } from '../../iot-bridge/simulator/simulator.js';
import { scriptedIncidents } from '../../iot-bridge/simulator/sensor-models.js';
import {
  previousSimulatorSecrets,
  simulatorSecrets,
  writeSimulatorDevices,
} from '../../iot-bridge/simulator/simulator-devices.js';
import { CityService } from '../../server/services/city.service.js';
import { IngestService } from '../../server/services/ingest.service.js';
import { ReadingsService } from '../../server/services/readings.service.js';
import { AlertsService } from '../../server/services/alerts.service.js';
import { DevicesService } from '../../server/services/devices.service.js';
import { ingestRoutes } from '../../server/routes/ingest.routes.js';
import { readingsRoutes } from '../../server/routes/readings.routes.js';
import { alertRoutes, type Authorize } from '../../server/routes/alerts.routes.js';
import { deviceRoutes } from '../../server/routes/devices.routes.js';
import { liveRoutes } from '../../server/routes/live.routes.js';
import { liveDataStores } from '../../store/readings/index.js';
import { assertRole, requireUser } from '../../server/auth/auth-middleware.js';
import { readPolicyOf } from './read-policy.js';
import type { SensorsChanged } from '../../server/services/registry-admin.service.js';

/** Writes that need a user: the bearer token read by the auth middleware, then the role check. */
export const authorize: Authorize = (req, roles) => assertRole(requireUser(req), roles, `${req.method} ${req.path}`);

/**
 * The live-data API: readings, alerts, ingest stats, device credentials (with or without a bridge in this process), the
 * live stream's description.
 */
export function iotRoutes(config: Config, store: CityStore, iot: IotRuntime | null): ExtraRoutes[] {
  const cities = new CityService(store, config.CITY);
  const live = liveDataStores(store);
  const policy = readPolicyOf(config);
  const routes: ExtraRoutes[] = [
    ingestRoutes(
      new IngestService(
        iot ? () => ({ transport: iot.transport.description, stats: iot.bridge.statsSnapshot() }) : null,
      ),
      policy,
    ),
    readingsRoutes(new ReadingsService(store, cities, live.readings), policy),
    alertRoutes(
      new AlertsService(cities, live.alerts, iot ? (id) => iot.bridge.alerts.acknowledge(id) : null),
      authorize,
      policy,
    ),
  ];
  // Without a bridge in this process (`npm run server`) credentials are still provisioned and revoked here, in the
  // shared database; the bridge's broker sees them on the device's next connect, and the bridge's registry watch
  // closes the sessions of revoked or rotated devices.
  const devices = iot ? iot.devices : new DeviceRegistry(config.CITY, live.devices);
  routes.push(deviceRoutes(new DevicesService(store, cities, devices), authorize));
  if (iot) routes.push(liveRoutes(iot.hub, policy));
  return routes;
}

/** The demo sensors as real MQTT devices with fresh credentials (also saved for `npm run simulate`). */
export async function startDemoSimulator(
  config: Config,
  iot: IotRuntime,
  store: CityStore,
  log: (line: string) => void,
): Promise<RunningSimulator> {
  const all = (await store.listSensors(config.CITY, { limit: 100_000 })).items;
  // Restarts keep every credential: the simulator reuses its own secrets and never touches a real device's.
  const secrets = config.MQTT_URL
    ? new Map<string, string>()
    : await simulatorSecrets(iot.devices, all, previousSimulatorSecrets(config.dataDir, config.CITY));
  const sensors = config.MQTT_URL ? all : all.filter((s) => secrets.has(s.id));
  writeSimulatorDevices(config.dataDir, {
    url: iot.deviceUrl,
    cityId: config.CITY,
    devices: sensors.map((sensor) => ({ sensor, secret: secrets.get(sensor.id) ?? '' })),
  });
  const sim = await startSimulator({
    url: iot.deviceUrl,
    sensors,
    secrets,
    seed: config.DEMO_SEED,
    incidents: scriptedIncidents(sensors, Date.now()),
    protocolVersion: config.MQTT_URL ? 5 : 4,
    log,
  });
  log(
    `  ${sensors.length} simulated devices publishing over MQTT; scripted incidents at +2, +6 and +10 min every 15 min (SIMULATE=0 turns it off)`,
  );
  return sim;
}

/**
 * What the admin API calls after it changed the city's sensors: the bridge reloads its registry and rules from the
 * store (a new sensor is accepted, new thresholds apply to the next reading, a moved cell goes on the next alert) and
 * a deleted sensor's device is disconnected. Reloads run one after another, so the last one reads the last edit; a
 * failed reload is logged (the edit is saved, the next start or edit picks it up), never a failed request.
 */
export function reloadBridgeSensors(
  cityId: string,
  store: CityStore,
  iot: IotRuntime,
  log: (line: string) => void,
): SensorsChanged {
  let last: Promise<void> = Promise.resolve();
  return (changed, removed) => {
    if (changed !== cityId) return Promise.resolve();
    last = last.then(async () => {
      try {
        iot.bridge.setSensors((await store.listSensors(cityId, { limit: 1_000_000 })).items);
        for (const id of removed) await iot.devices.revoke(id);
      } catch (err) {
        log(`  bridge: sensors not reloaded after an edit: ${(err as Error).message}`);
      }
    });
    return last;
  };
}
