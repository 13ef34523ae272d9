import fs from 'node:fs';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { pino, type Logger } from 'pino';
import type { Config } from '../../core/config/config.js';
import type { CityStore } from '../../store/index.js';
import type { Endpoint } from './endpoint.js';
import { apiErrorHandler, apiNotFound } from './api-errors.js';
import { guardPathAndQuery } from './input-guard.js';
import { requestLog } from './request-log.js';
import { compressAnswers, securityHeaders } from './security-headers.js';
import { mountStatic, type StaticOptions } from './static.js';
import type { ReadPolicy } from '../auth/read-access.js';
import { CityService } from '../services/city.service.js';
import { HealthService, type HealthProbe } from '../services/health.service.js';
import { BuildingService } from '../services/building.service.js';
import { NetworkService } from '../services/network.service.js';
import { SensorService } from '../services/sensor.service.js';
import { GridService, type CellLocatorFactory } from '../services/grid.service.js';
import { SearchService } from '../services/search.service.js';
import { SimulationService, type SimulationDeps } from '../services/simulation.service.js';
import { healthRoutes } from '../routes/health.routes.js';
import { cityRoutes } from '../routes/cities.routes.js';
import { buildingRoutes } from '../routes/buildings.routes.js';
import { networkRoutes } from '../routes/network.routes.js';
import { sensorRoutes } from '../routes/sensors.routes.js';
import { gridRoutes } from '../routes/grids.routes.js';
import { searchRoutes } from '../routes/search.routes.js';
import { simulationRoutes, simulationEndpoints } from '../routes/simulations.routes.js';
import { openApiRoutes } from '../routes/openapi.routes.js';
import { READ_API_ENDPOINTS } from '../routes/api-endpoints.js';
import { createIncidentServices, type IncidentServices } from '../services/incident-services.js';
import { incidentRoutes } from '../routes/incident-routes.js';
import { CityNetworksCache } from '../services/city-networks.cache.js';
import { DigPermitService } from '../services/dig-permit.service.js';
import { ExcavationService } from '../services/excavation.service.js';
import { excavationEndpoints, excavationRoutes } from '../routes/excavations.routes.js';
import { registryAdminRoutes } from '../routes/registry-admin.routes.js';
import { RegistryAdminService, type SensorsChanged } from '../services/registry-admin.service.js';
import { sensorImportRoutes } from '../routes/sensor-import.routes.js';
import { SensorImportService } from '../services/sensor-import.service.js';
import { auditStoreOf } from '../../store/audit/index.js';

/** A group of routes added by the caller (events, alerts, auth, ...), mounted before the /api 404 handler. */
export interface ExtraRoutes {
  router: Router;
  /** Its endpoints, to appear in /api/openapi.json. */
  endpoints?: readonly Endpoint[];
}

/** What the app is built from. Only `store` and `config.CITY` are required. */
export interface AppDeps {
  store: CityStore;
  config: Pick<Config, 'CITY'>;
  /** Builds a city's grid locator; default core's GridLocator. */
  createLocator?: CellLocatorFactory;
  /** Reported by /api/health and the OpenAPI document; default package.json's version. */
  version?: string;
  /** Clock for uptime; default Date.now. */
  now?: () => number;
  /** Where unexpected errors are logged; default `logger.error`. */
  logError?: (message: string, error: unknown) => void;
  /** Structured log of requests (request ids) and errors; default a pino logger at `warn` on stdout. */
  logger?: Logger;
  extraRoutes?: readonly ExtraRoutes[];
  /** Simulations: result store, EPANET writer, and the middleware guarding POST (see simulation.service.ts). */
  simulation?: SimulationDeps & { authorize?: RequestHandler };
  /** Users, events and KPIs (auth, /api/events, /api/kpis); default built from `store` (createIncidentServices). */
  incidents?: IncidentServices;
  /** Storage writes and broker state for /api/health (the app knows them); without it health checks reads only. */
  healthProbe?: () => HealthProbe;
  /** Who may read live and personal data; default a login for everything (server/auth/read-access.ts). */
  readPolicy?: ReadPolicy;
  /** Told when the admin API changed a city's sensors (the bridge in this process reloads them); default nothing. */
  onSensorsChanged?: SensorsChanged;
  /** When given, the viewer and tiles are served too (see mountStatic). */
  static?: StaticOptions;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Builds the GridTwin HTTP app: the read API under /api (JSON only: unknown /api routes answer 404 JSON, errors
 * answer the catalogue's shape), and optionally the viewer and tiles. It does not listen: `main.ts` does, tests drive
 * it in-process with supertest.
 *
 * @example
 * const app = createApp({ store, config });
 * mountStatic(app, { viewerDir, tilesDir });
 * http.createServer(app).listen(config.PORT);
 */
export function createApp(deps: AppDeps): Express {
  const now = deps.now ?? Date.now;
  const version = deps.version ?? packageVersion();
  const { store } = deps;
  const cities = new CityService(store, deps.config.CITY);

  const app = express();
  app.disable('x-powered-by');
  app.set('json spaces', 0);
  const logger = deps.logger ?? pino({ level: 'warn' });
  app.use(requestLog(logger));
  app.use(securityHeaders);
  app.use(compressAnswers);
  // Before every route: malformed escapes, NUL bytes and lone surrogates in the path or query are a 400 here.
  app.use('/api', guardPathAndQuery);
  const grids = new GridService(store, cities, deps.createLocator);
  const incidentServices =
    deps.incidents ?? createIncidentServices({ store, defaultCityId: deps.config.CITY, now, grids });
  const incidents = incidentRoutes(incidentServices, now, deps.readPolicy);
  // Before the 1 MB JSON parser: event reports carry photos up to 5 MB and parse their own bodies.
  app.use(incidents.router);
  app.use('/api', express.json({ limit: '1mb' }));

  app.use(
    healthRoutes(
      new HealthService(store, { defaultCity: deps.config.CITY, version, startedAtMs: now(), now }, deps.healthProbe),
    ),
  );
  app.use(cityRoutes(cities));
  app.use(buildingRoutes(new BuildingService(store, cities)));
  const cityNetworks = new CityNetworksCache(store);
  app.use(networkRoutes(new NetworkService(store, cities, cityNetworks)));
  const sensors = new SensorService(store, cities);
  app.use(sensorRoutes(sensors));
  const locateCell = async (cityId: string, lon: number, lat: number): Promise<string | null> => {
    try {
      return (await grids.locate({ city: cityId, lon, lat })).cell.id;
    } catch {
      return null; // outside every cell
    }
  };
  const audit = auditStoreOf(store);
  app.use(sensorImportRoutes(new SensorImportService(store, cities, audit, now, deps.onSensorsChanged)));
  const admin = new RegistryAdminService(store, cities, sensors, audit, locateCell, now, deps.onSensorsChanged);
  app.use(registryAdminRoutes(admin, audit, cities));
  app.use(gridRoutes(grids));
  app.use(searchRoutes(new SearchService(store, cities)));
  app.use(
    simulationRoutes(
      new SimulationService(store, cities, deps.simulation),
      deps.simulation?.authorize ? { authorize: deps.simulation.authorize } : {},
    ),
  );
  const excavations = new ExcavationService(cities, cityNetworks);
  const permits = new DigPermitService(store, incidentServices.eventStore, incidentServices.intake, excavations, now);
  app.use(excavationRoutes(excavations, permits));
  for (const extra of deps.extraRoutes ?? []) app.use(extra.router);
  const endpoints = [
    ...READ_API_ENDPOINTS,
    ...Object.values(simulationEndpoints),
    ...Object.values(excavationEndpoints),
    ...incidents.endpoints,
    ...(deps.extraRoutes ?? []).flatMap((e) => e.endpoints ?? []),
  ];
  app.use(openApiRoutes(() => endpoints, version));

  app.use('/api', apiNotFound);
  app.use('/api', apiErrorHandler(deps.logError ?? ((message, err) => logger.error({ err }, message))));
  if (deps.static) mountStatic(app, deps.static);
  return app;
}
