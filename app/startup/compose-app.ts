import path from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../core/config/config.js';
import { SIMULATION_ROLES } from '../../core/model/user.schema.js';
import { sqlClientOf, type CityStore } from '../../store/index.js';
import { createApp } from '../../server/http/create-app.js';
import { mountStatic } from '../../server/http/static.js';
import type { IncidentServices } from '../../server/services/incident-services.js';
import { authorizeRoles } from '../../server/auth/auth-middleware.js';
import { SqlSimulationResultStore } from '../../server/simulation/simulation-store.js';
import { writeInp } from '../../tiles/export/epanet-inp-writer.js';
import { ComputePool } from '../../server/compute/compute-pool.js';
import type { IotRuntime } from '../../iot-bridge/start-iot.js';
import { iotRoutes, reloadBridgeSensors } from './iot-wiring.js';
import { MqttTransport } from '../../iot-bridge/mqtt-client.js';
import type { HealthProbe } from '../../server/services/health.service.js';
import { viewerOutDir } from './prepare-assets.js';
import { readPolicyOf } from './read-policy.js';

/** Storage writes and broker state as /api/health reports them (degraded when writes fail or the broker is down). */
export function healthOfIot(iot: IotRuntime | null): HealthProbe {
  if (iot === null) return { writes: 'unknown', lastWriteError: null, broker: null };
  const failed = iot.bridge.writer.lastError;
  const external = iot.transport instanceof MqttTransport;
  return {
    writes: failed ? 'failing' : 'ok',
    lastWriteError: failed?.message ?? null,
    broker: external
      ? { kind: 'external', state: (iot.transport as MqttTransport).connected ? 'up' : 'down', clients: null }
      : {
          kind: 'embedded',
          state: iot.broker?.listening ? 'up' : 'down',
          clients: iot.broker?.counters.sockets ?? null,
        },
  };
}

/** The compute pool for simulations as configured (COMPUTE_WORKERS, COMPUTE_QUEUE_LIMIT). */
export function computePoolOf(config: Pick<Config, 'COMPUTE_WORKERS' | 'COMPUTE_QUEUE_LIMIT'>): ComputePool {
  return new ComputePool({
    ...(config.COMPUTE_WORKERS !== undefined ? { workers: config.COMPUTE_WORKERS } : {}),
    queueLimit: config.COMPUTE_QUEUE_LIMIT,
  });
}

/**
 * The whole HTTP app as `npm start` serves it: read API, incidents, live-data routes, simulations, viewer and tiles.
 * One place, so tests (the API fuzz test) exercise exactly what users get.
 */
export function composeApp(
  config: Config,
  store: CityStore,
  incidents: IncidentServices,
  iot: IotRuntime | null,
  logger?: Logger,
  compute: ComputePool = computePoolOf(config),
): Express {
  const app = createApp({
    store,
    config,
    ...(logger ? { logger } : {}),
    incidents,
    readPolicy: readPolicyOf(config),
    healthProbe: () => healthOfIot(iot),
    extraRoutes: iotRoutes(config, store, iot),
    ...(iot
      ? { onSensorsChanged: reloadBridgeSensors(config.CITY, store, iot, (line) => logger?.info(line.trim())) }
      : {}),
    simulation: {
      writeInp,
      results: new SqlSimulationResultStore(sqlClientOf(store)),
      authorize: authorizeRoles(incidents.auth, ...SIMULATION_ROLES),
      intake: incidents.intake,
      eventStore: incidents.eventStore,
      compute,
    },
  });
  mountStatic(app, { viewerDir: viewerOutDir(config.dataDir), tilesDir: path.join(config.dataDir, 'tiles') });
  return app;
}
