import { Router } from 'express';
import {
  DigPermitCreatedSchema,
  DigPermitRequestSchema,
  DigSignOffRequestSchema,
  ExcavationCheckSchema,
  ExcavationRequestSchema,
} from '../../core/contracts/excavation.js';
import { EventSchema } from '../../core/model/index.js';
import { EXCAVATION_ROLES } from '../../core/model/user.schema.js';
import { requireRole, requireUser } from '../auth/auth-middleware.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { DigPermitService } from '../services/dig-permit.service.js';
import type { ExcavationService } from '../services/excavation.service.js';
import { idParams } from './common-params.js';
import { parseBody } from './request-body.js';

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
  createPermit: defineEndpoint({
    method: 'post',
    path: '/api/excavations',
    operationId: 'createDigPermit',
    tag: 'excavations',
    summary:
      "Save a dig as a permit (the check's body plus title, description?, plannedStart?, plannedEnd?): a dig-permit " +
      "event in the dig's grid cell carrying the geometry and the check's list, and one coordination task event per " +
      "affected utility, assigned to that utility's crew of the cell its nearest element lies in. Roles admin, " +
      'manager, planner, crew',
    body: DigPermitRequestSchema,
    response: DigPermitCreatedSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN', 'GT_ERR_CITY_NOT_FOUND'],
  }),
  signOff: defineEndpoint({
    method: 'post',
    path: '/api/excavations/:id/sign-off',
    operationId: 'signOffDigPermit',
    tag: 'excavations',
    summary:
      'A utility signs a dig permit off ({utility, note?}): a crew member of a crew of that utility, or a manager ' +
      "or admin. Resolves that utility's coordination task; closing the permit (POST /api/events/:id/transitions " +
      '{action: close}) is refused with 409 GT_ERR_SIGN_OFF_MISSING until every affected utility signed off',
    params: idParams,
    body: DigSignOffRequestSchema,
    response: EventSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN', 'GT_ERR_EVENT_NOT_FOUND'],
  }),
};

/** `/api/excavations/...`; bearer tokens are read by the incident router (see incident-routes.ts). */
export function excavationRoutes(excavations: ExcavationService, permits: DigPermitService): Router {
  const router = Router();
  router.post('/api/excavations/check', requireRole(...EXCAVATION_ROLES));
  mountEndpoint(router, excavationEndpoints.check, (_input, req) =>
    excavations.check(parseBody(ExcavationRequestSchema, req)),
  );
  router.post('/api/excavations', requireRole(...EXCAVATION_ROLES));
  mountEndpoint(router, excavationEndpoints.createPermit, (_input, req) =>
    permits.create(requireUser(req), parseBody(DigPermitRequestSchema, req)),
  );
  mountEndpoint(router, excavationEndpoints.signOff, ({ params }, req) =>
    permits.signOff(requireUser(req), params.id, parseBody(DigSignOffRequestSchema, req)),
  );
  return router;
}
