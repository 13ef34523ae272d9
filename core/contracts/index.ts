/**
 * Wire contracts: one zod schema for everything that crosses a process boundary, shared by the side that sends it
 * and the side that reads it. The server's route specs (server/routes/*.routes.ts) take their `response` from here,
 * and /api/openapi.json is generated from them; tests/app/wire-contracts.test.ts checks real answers, live messages and
 * MQTT out payloads against them, strictly (an unknown key fails).
 *
 * Adding a route: put its answer's schema in `core/contracts/<resource>.ts` (reuse core/model schemas; lists are
 * `pageOf(ItemSchema)`), export it here and name it as the route spec's `response` (the contract test fails for a
 * response schema that is not exported from core/contracts or core/model). The test covers every GET of the OpenAPI
 * document by itself; give a GET with a path parameter an example id in its table, and add a POST there when the
 * route writes.
 *
 * Only plain JSON shapes here: no transforms on answers (the test checks that parsing changes nothing), no node:*.
 */
export * from './alerts.js';
export * from './auth.js';
export * from './basemap.js';
export * from './buildings.js';
export * from './cities.js';
export * from './devices.js';
export * from './errors.js';
export * from './events.js';
export * from './grids.js';
export * from './health.js';
export * from './ingest-stats.js';
export * from './kpis.js';
export * from './live.js';
export * from './mqtt.js';
export * from './network.js';
export * from './page.js';
export * from './search.js';
export * from './sensors.js';
export * from './simulations.js';
export * from './excavation.js';
export * from './audit.js';
export * from './registry-admin.js';
export * from './sensor-import.js';
export * from './pipe-gis-qa.js';
