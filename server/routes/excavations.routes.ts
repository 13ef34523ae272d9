import { Router } from 'express';
import { ExcavationCheckSchema, ExcavationRequestSchema } from '../../core/contracts/excavation.js';
import { requireRole } from '../auth/auth-middleware.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { ExcavationService } from '../services/excavation.service.js';
import { parseBody } from './request-body.js';

/** Who may check a dig: the people who plan and run works. */
export const EXCAVATION_ROLES = ['admin', 'manager', 'planner', 'crew'] as const;

export const excavationEndpoints = {
  check: defineEndpoint({
    method: 'post',
    path: '/api/excavations/check',
    operationId: 'checkExcavation',
    tag: 'excavations',
    summary:
      'Dig-safe check (JSON body {polygon: GeoJSON Polygon, depthM} or {line: GeoJSON LineString, widthM, depthM}, city?): ' +
      "every network element the dig reaches or passes within its utility's clearance (GB 50289 table, per city), " +
      'with owner crew and grid cell, the sensors in reach and the buildings whose service connections it touches. ' +
      'Roles admin, manager, planner, crew (bearer token)',
    body: ExcavationRequestSchema,
    response: ExcavationCheckSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN', 'GT_ERR_CITY_NOT_FOUND'],
  }),
};

/** `/api/excavations/...`; bearer tokens are read by the incident router (see incident-routes.ts). */
export function excavationRoutes(excavations: ExcavationService): Router {
  const router = Router();
  router.post('/api/excavations/check', requireRole(...EXCAVATION_ROLES));
  mountEndpoint(router, excavationEndpoints.check, (_input, req) =>
    excavations.check(parseBody(ExcavationRequestSchema, req)),
  );
  return router;
}
