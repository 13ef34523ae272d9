import type { Endpoint } from '../http/endpoint.js';
import { buildingEndpoints } from './buildings.routes.js';
import { cityEndpoints } from './cities.routes.js';
import { gridEndpoints } from './grids.routes.js';
import { healthEndpoints } from './health.routes.js';
import { networkEndpoints } from './network.routes.js';
import { openApiEndpoints } from './openapi.routes.js';
import { searchEndpoints } from './search.routes.js';
import { sensorEndpoints } from './sensors.routes.js';
import { registryAdminEndpoints } from './registry-admin.routes.js';
import { sensorImportEndpoints } from './sensor-import.routes.js';

/** Every endpoint of the read API, for the OpenAPI document. A new routes file adds its endpoint map here. */
export const READ_API_ENDPOINTS: readonly Endpoint[] = [
  healthEndpoints,
  cityEndpoints,
  buildingEndpoints,
  networkEndpoints,
  sensorEndpoints,
  gridEndpoints,
  searchEndpoints,
  openApiEndpoints,
  registryAdminEndpoints,
  sensorImportEndpoints,
].flatMap((group) => Object.values(group) as Endpoint[]);
