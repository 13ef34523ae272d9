import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import {
  AuditEntitySchema,
  AuditPageSchema,
  CrewWithCellsSchema,
  DeletedSchema,
  GridSavedSchema,
} from '../../core/contracts/index.js';
import { SensorSchema } from '../../core/model/index.js';
import {
  CrewRecordSchema,
  GridInputSchema,
  SensorRecordSchema,
  ThresholdsInputSchema,
} from '../../core/registry/index.js';
import type { AuditStore } from '../../store/audit/index.js';
import { assertRole, requireUser } from '../auth/auth-middleware.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { ErrorCode } from '../errors.js';
import type { Actor, RegistryAdminService } from '../services/registry-admin.service.js';
import type { CityService } from '../services/city.service.js';
import { cityParam, idParams, limitParam, offsetParam } from './common-params.js';
import { parseBody } from './request-body.js';

const cityQuery = z.strictObject({ city: cityParam });
const WRITE_ERRORS: readonly ErrorCode[] = [
  'GT_ERR_BAD_REQUEST',
  'GT_ERR_UNAUTHENTICATED',
  'GT_ERR_FORBIDDEN',
  'GT_ERR_CITY_NOT_FOUND',
];

export const registryAdminEndpoints = {
  createCrew: defineEndpoint({
    method: 'post',
    path: '/api/crews',
    operationId: 'createCrew',
    tag: 'registry',
    summary:
      'Create a utility crew (admin, manager): the crew file columns as JSON; "cells" (grid codes or ids) or a GeoJSON ' +
      '"polygon" say where it answers. Audited.',
    query: cityQuery,
    body: CrewRecordSchema,
    response: CrewWithCellsSchema,
    errors: [...WRITE_ERRORS, 'GT_ERR_RECORD_EXISTS'],
  }),
  updateCrew: defineEndpoint({
    method: 'put',
    path: '/api/crews/:id',
    operationId: 'updateCrew',
    tag: 'registry',
    summary: 'Replace a crew (admin, manager); its cells change only when "cells" or "polygon" is given. Audited.',
    query: cityQuery,
    params: idParams,
    body: CrewRecordSchema,
    response: CrewWithCellsSchema,
    errors: [...WRITE_ERRORS, 'GT_ERR_CREW_NOT_FOUND'],
  }),
  deleteCrew: defineEndpoint({
    method: 'delete',
    path: '/api/crews/:id',
    operationId: 'deleteCrew',
    tag: 'registry',
    summary: 'Delete a crew (admin, manager) and take it off every grid. Audited.',
    query: cityQuery,
    params: idParams,
    response: DeletedSchema,
    errors: [...WRITE_ERRORS, 'GT_ERR_CREW_NOT_FOUND'],
  }),
  createGrid: defineEndpoint({
    method: 'post',
    path: '/api/grids',
    operationId: 'createGrid',
    tag: 'registry',
    summary:
      'Create a grid (admin): the grid file properties (code, name, nameEn, level, parent, worker, phone, crews) and a ' +
      'GeoJSON "polygon" in WGS84; features under it are re-assigned; answers the QA findings of its level. Audited.',
    query: cityQuery,
    body: GridInputSchema,
    response: GridSavedSchema,
    errors: [...WRITE_ERRORS, 'GT_ERR_RECORD_EXISTS'],
  }),
  updateGrid: defineEndpoint({
    method: 'put',
    path: '/api/grids/:id',
    operationId: 'updateGrid',
    tag: 'registry',
    summary: 'Replace a grid (admin); features are re-assigned to the cells under them. Audited.',
    query: cityQuery,
    params: idParams,
    body: GridInputSchema,
    response: GridSavedSchema,
    errors: [...WRITE_ERRORS, 'GT_ERR_GRID_NOT_FOUND'],
  }),
  deleteGrid: defineEndpoint({
    method: 'delete',
    path: '/api/grids/:id',
    operationId: 'deleteGrid',
    tag: 'registry',
    summary: 'Delete a grid that is no parent (admin); its features go to the cells left, if any. Audited.',
    query: cityQuery,
    params: idParams,
    response: DeletedSchema,
    errors: [...WRITE_ERRORS, 'GT_ERR_GRID_NOT_FOUND'],
  }),
  createSensor: defineEndpoint({
    method: 'post',
    path: '/api/sensors',
    operationId: 'upsertSensor',
    tag: 'sensors',
    summary:
      'Register or update a sensor (admin): the sensor CSV columns as JSON, {"id","kind","unit","lon"?,"lat"?,' +
      '"name"?,"node"?|"link"?,"lolo"?,"lo"?,"hi"?,"hihi"?,"deadband"?,"reportingIntervalS"?}; units converted to the ' +
      "kind's; then POST /api/devices/{id}/credentials for its MQTT secret. Audited.",
    query: cityQuery,
    body: SensorRecordSchema,
    response: SensorSchema,
    errors: WRITE_ERRORS,
  }),
  updateSensor: defineEndpoint({
    method: 'put',
    path: '/api/sensors/:id',
    operationId: 'updateSensor',
    tag: 'sensors',
    summary: 'Replace a registered sensor (admin), as POST /api/sensors. Audited.',
    query: cityQuery,
    params: idParams,
    body: SensorRecordSchema,
    response: SensorSchema,
    errors: [...WRITE_ERRORS, 'GT_ERR_SENSOR_NOT_FOUND'],
  }),
  setThresholds: defineEndpoint({
    method: 'put',
    path: '/api/sensors/:id/thresholds',
    operationId: 'setSensorThresholds',
    tag: 'sensors',
    summary:
      "Replace a sensor's thresholds and rule settings in its unit (admin, manager): lolo, lo, hi, hihi, deadband, " +
      'minDurationS, rateLimitPerS, flatlineS. Audited.',
    query: cityQuery,
    params: idParams,
    body: ThresholdsInputSchema,
    response: SensorSchema,
    errors: [...WRITE_ERRORS, 'GT_ERR_SENSOR_NOT_FOUND'],
  }),
  deleteSensor: defineEndpoint({
    method: 'delete',
    path: '/api/sensors/:id',
    operationId: 'deleteSensor',
    tag: 'sensors',
    summary: 'Delete a sensor and its device credential (admin); its readings stay. Audited.',
    query: cityQuery,
    params: idParams,
    response: DeletedSchema,
    errors: [...WRITE_ERRORS, 'GT_ERR_SENSOR_NOT_FOUND'],
  }),
  audit: defineEndpoint({
    method: 'get',
    path: '/api/audit',
    operationId: 'listAudit',
    tag: 'registry',
    summary: 'The audit log of registry and account changes, newest first (admin): who, when, what, before and after',
    query: z.strictObject({
      city: z.string().optional().describe('Only changes of this city'),
      entity: AuditEntitySchema.optional(),
      entityId: z.string().min(1).optional(),
      actor: z.string().min(1).optional().describe('Username'),
      limit: limitParam,
      offset: offsetParam,
    }),
    response: AuditPageSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN'],
  }),
};

function actorOf(req: Request, roles: readonly ('admin' | 'manager')[], what: string): Actor {
  const user = requireUser(req);
  assertRole(user, roles, what);
  return { id: user.id, username: user.username };
}

/** The admin API of a city's registry: crews and thresholds for admins and managers, the rest for admins. */
export function registryAdminRoutes(admin: RegistryAdminService, audit: AuditStore, cities: CityService): Router {
  const router = Router();
  const e = registryAdminEndpoints;
  const both = ['admin', 'manager'] as const;
  const only = ['admin'] as const;
  // The role is checked before the body: a forbidden caller learns nothing of the schema.
  mountEndpoint(router, e.createCrew, async ({ query }, req) => {
    const actor = actorOf(req, both, 'creating crews');
    return admin.saveCrew(query.city, parseBody(CrewRecordSchema, req), actor, { create: true });
  });
  mountEndpoint(router, e.updateCrew, async ({ query, params }, req) => {
    const actor = actorOf(req, both, 'editing crews');
    return admin.saveCrew(query.city, parseBody(CrewRecordSchema, req), actor, { create: false, id: params.id });
  });
  mountEndpoint(router, e.deleteCrew, async ({ query, params }, req) => {
    await admin.deleteCrew(query.city, params.id, actorOf(req, both, 'deleting crews'));
    return { deleted: params.id };
  });
  mountEndpoint(router, e.createGrid, async ({ query }, req) => {
    const actor = actorOf(req, only, 'creating grids');
    return admin.saveGrid(query.city, parseBody(GridInputSchema, req), actor, { create: true });
  });
  mountEndpoint(router, e.updateGrid, async ({ query, params }, req) => {
    const actor = actorOf(req, only, 'editing grids');
    return admin.saveGrid(query.city, parseBody(GridInputSchema, req), actor, { create: false, id: params.id });
  });
  mountEndpoint(router, e.deleteGrid, async ({ query, params }, req) => {
    await admin.deleteGrid(query.city, params.id, actorOf(req, only, 'deleting grids'));
    return { deleted: params.id };
  });
  mountEndpoint(router, e.createSensor, async ({ query }, req) => {
    const actor = actorOf(req, only, 'registering sensors');
    return admin.saveSensor(query.city, parseBody(SensorRecordSchema, req), actor);
  });
  mountEndpoint(router, e.updateSensor, async ({ query, params }, req) => {
    const actor = actorOf(req, only, 'editing sensors');
    return admin.saveSensor(query.city, parseBody(SensorRecordSchema, req), actor, params.id);
  });
  mountEndpoint(router, e.setThresholds, async ({ query, params }, req) => {
    const actor = actorOf(req, both, 'setting thresholds');
    return admin.setThresholds(query.city, params.id, parseBody(ThresholdsInputSchema, req), actor);
  });
  mountEndpoint(router, e.deleteSensor, async ({ query, params }, req) => {
    await admin.deleteSensor(query.city, params.id, actorOf(req, only, 'deleting sensors'));
    return { deleted: params.id };
  });
  mountEndpoint(router, e.audit, async ({ query }, req) => {
    actorOf(req, only, 'reading the audit log');
    const { city, ...rest } = query;
    return audit.list({ ...rest, ...(city ? { cityId: await cities.resolve(city) } : {}) });
  });
  return router;
}
