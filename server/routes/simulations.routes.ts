import { Router, type RequestHandler } from 'express';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { SimulationService } from '../services/simulation.service.js';
import { SimulationEventsSchema, SimulationRunSchema, StoredSimulationRunSchema } from '../../core/contracts/index.js';
import { idParams } from './common-params.js';
import { assertCleanBody } from './request-body.js';

export const simulationEndpoints = {
  run: defineEndpoint({
    method: 'post',
    path: '/api/simulations',
    operationId: 'runSimulation',
    tag: 'simulations',
    summary:
      'Runs a burst ({kind:"burst", linkId, closedValves?, brokenValves?, serviceThresholdM?, withEmitter?}), storm or gas-leak simulation (JSON body)',
    response: SimulationRunSchema,
    errors: [
      'GT_ERR_BAD_REQUEST',
      'GT_ERR_CITY_NOT_FOUND',
      'GT_ERR_LINK_NOT_FOUND',
      'GT_ERR_NODE_NOT_FOUND',
      'GT_ERR_COMPUTE_BUSY',
    ],
  }),
  get: defineEndpoint({
    method: 'get',
    path: '/api/simulations/:id',
    operationId: 'getSimulation',
    tag: 'simulations',
    summary: 'A stored simulation run',
    params: idParams,
    response: StoredSimulationRunSchema,
    errors: ['GT_ERR_SIMULATION_NOT_FOUND'],
  }),
  createEvents: defineEndpoint({
    method: 'post',
    path: '/api/simulations/:id/events',
    operationId: 'createSimulationEvents',
    tag: 'simulations',
    summary:
      "Creates one event per grid cell the stored run affects (source simulation; located and assigned to the cell's worker and crew). " +
      'Idempotent: cells that already have an event of this run keep it. Roles admin, manager, planner (bearer token)',
    params: idParams,
    response: SimulationEventsSchema,
    errors: ['GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN', 'GT_ERR_SIMULATION_NOT_FOUND', 'GT_ERR_CITY_NOT_FOUND'],
  }),
};

/**
 * `/api/simulations`. `authorize` guards the POSTs (runs and their events) (writes need a bearer token, DESIGN.md section 4); pass the auth
 * module's middleware when it is wired.
 */
export function simulationRoutes(simulations: SimulationService, options: { authorize?: RequestHandler } = {}): Router {
  const router = Router();
  if (options.authorize) {
    router.post('/api/simulations', options.authorize);
    router.post('/api/simulations/:id/events', options.authorize);
  }
  const events = simulations.eventsService();
  mountEndpoint(router, simulationEndpoints.run, (_input, req) => {
    assertCleanBody(req.body);
    return simulations.run(simulations.parse(req.body));
  });
  mountEndpoint(router, simulationEndpoints.get, async ({ params }) => simulations.get(params.id));
  mountEndpoint(router, simulationEndpoints.createEvents, async ({ params }) => events.createEvents(params.id));
  return router;
}
