import express, { Router } from 'express';
import { z } from 'zod';
import { SensorImportAnswerSchema, SensorImportQuerySchema } from '../../core/contracts/index.js';
import { assertRole, requireUser } from '../auth/auth-middleware.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import type { SensorImportService } from '../services/sensor-import.service.js';
import { assertCleanBody } from './request-body.js';

/** Largest sensor file taken (about 40,000 CSV rows). */
const MAX_FILE = '4mb';

export const sensorImportEndpoints = {
  importSensors: defineEndpoint({
    method: 'post',
    path: '/api/sensors/import',
    operationId: 'importSensors',
    tag: 'sensors',
    summary:
      'Upload a sensor file (admin): the body is the text of a CSV (id,kind,unit,lon,lat and optional name,node|link,' +
      'lolo,lo,hi,hihi,deadband,reportingIntervalS), JSON or GeoJSON file, as `tiles import --as sensors` reads it. ' +
      'dryRun=1 answers the preview (created / updated / unchanged with the changed fields) and the QA report, saving ' +
      'nothing. Otherwise saves every sensor (audited) and answers a device credential for each new sensor, this once; ' +
      'a file with any bad row is a 400 naming the line and field, and nothing is saved.',
    query: SensorImportQuerySchema,
    body: z.string().describe('The file text (text/csv, application/json, application/geo+json or text/plain)'),
    bodyMediaTypes: ['text/csv', 'application/json', 'application/geo+json', 'text/plain'],
    response: SensorImportAnswerSchema,
    errors: [
      'GT_ERR_BAD_REQUEST',
      'GT_ERR_BAD_TEXT',
      'GT_ERR_PAYLOAD_TOO_LARGE',
      'GT_ERR_UNAUTHENTICATED',
      'GT_ERR_FORBIDDEN',
      'GT_ERR_CITY_NOT_FOUND',
    ],
  }),
};

/** The file text of the request: a text body as sent, a JSON body (already parsed by the API's parser) re-serialised. */
function fileText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return '';
  return JSON.stringify(body);
}

/** `POST /api/sensors/import`: admins only; the role is checked before the file is read. */
export function sensorImportRoutes(importer: SensorImportService): Router {
  const router = Router();
  // JSON bodies are parsed by the API's JSON parser; CSV and other text arrive here as text.
  router.use(
    sensorImportEndpoints.importSensors.path,
    express.text({ type: ['text/*', 'application/csv', 'application/geo+json'], limit: MAX_FILE }),
  );
  mountEndpoint(router, sensorImportEndpoints.importSensors, async ({ query }, req) => {
    const user = requireUser(req);
    assertRole(user, ['admin'], 'importing sensors');
    assertCleanBody(req.body);
    return importer.upload(
      query.city,
      {
        text: fileText(req.body),
        source: query.name ?? 'upload',
        ...(query.delimiter ? { delimiter: query.delimiter } : {}),
        dryRun: query.dryRun === '1' || query.dryRun === 'true',
      },
      { id: user.id, username: user.username },
    );
  });
  return router;
}
