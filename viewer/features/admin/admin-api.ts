import type { z } from 'zod';
import {
  CreatedUserSchema,
  CrewPageSchema,
  CrewWithCellsSchema,
  DeletedSchema,
  GridSavedSchema,
  SensorImportAnswerSchema,
  UserPageSchema,
} from '../../../core/contracts/index.js';
import { GridSchema, SensorSchema, UserSchema, type Thresholds } from '../../../core/model/index.js';
import type { CrewRecordInput } from '../../../core/registry/index.js';
import { ApiError, requestAllPages, requestJson } from '../../api/request.js';

const id = (v: string) => encodeURIComponent(v);

/** The admin API calls of the admin area (server/routes/registry-admin, users, sensor-import). */
export const adminApi = {
  sensors: (signal?: AbortSignal) => requestAllPages(SensorSchema, '/api/sensors', signal),
  grids: (signal?: AbortSignal) => requestAllPages(GridSchema, '/api/grids', signal),
  crews: async (signal?: AbortSignal) => (await requestJson(CrewPageSchema, '/api/crews', { signal })).items,
  // GET /api/users answers every account in one page (it takes no limit or offset: asking for them is a 400).
  users: async (signal?: AbortSignal) => (await requestJson(UserPageSchema, '/api/users', { signal })).items,
  saveSensor: (record: Record<string, unknown>, existing: boolean) =>
    requestJson(SensorSchema, existing ? `/api/sensors/${id(String(record.id))}` : '/api/sensors', {
      method: existing ? 'PUT' : 'POST',
      body: record,
    }),
  setThresholds: (sensorId: string, thresholds: Thresholds) =>
    requestJson(SensorSchema, `/api/sensors/${id(sensorId)}/thresholds`, { method: 'PUT', body: thresholds }),
  deleteSensor: (sensorId: string) => requestJson(DeletedSchema, `/api/sensors/${id(sensorId)}`, { method: 'DELETE' }),
  saveCrew: (record: CrewRecordInput, existing: boolean) =>
    requestJson(CrewWithCellsSchema, existing ? `/api/crews/${id(String(record.id))}` : '/api/crews', {
      method: existing ? 'PUT' : 'POST',
      body: record,
    }),
  deleteCrew: (crewId: string) => requestJson(DeletedSchema, `/api/crews/${id(crewId)}`, { method: 'DELETE' }),
  saveGrid: (gridId: string, body: Record<string, unknown>) =>
    requestJson(GridSavedSchema, `/api/grids/${id(gridId)}`, { method: 'PUT', body }),
  deleteGrid: (gridId: string) => requestJson(DeletedSchema, `/api/grids/${id(gridId)}`, { method: 'DELETE' }),
  createUser: (body: Record<string, unknown>) => requestJson(CreatedUserSchema, '/api/users', { method: 'POST', body }),
  patchUser: (userId: string, body: Record<string, unknown>) =>
    requestJson(UserSchema, `/api/users/${id(userId)}`, { method: 'PATCH', body }),
  deleteUser: (userId: string) => requestJson(DeletedSchema, `/api/users/${id(userId)}`, { method: 'DELETE' }),
  /** Uploads a sensor file: a preview (`dryRun`) or the save. */
  importSensors: (file: { name: string; text: string }, dryRun: boolean) =>
    requestJson(
      SensorImportAnswerSchema,
      `/api/sensors/import?name=${encodeURIComponent(file.name)}${dryRun ? '&dryRun=1' : ''}`,
      {
        method: 'POST',
        text: {
          body: file.text,
          type: /\.(geo)?json$/i.test(file.name) || /^\s*[[{]/.test(file.text) ? 'application/json' : 'text/csv',
        },
      },
    ),
};

/** Field errors of a zod parse: the first message of each top-level field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    out[field] ??= issue.message;
  }
  return out;
}

/** The field named first by an API 400 message (`body field unit: ...`), so the form shows it at that field. */
export function fieldOfApiMessage(message: string): string | null {
  return /body field ([A-Za-z]+)/.exec(message)?.[1] ?? null;
}

/** A failed save as form errors: at the field the API's message names, else for the whole form. */
export function errorsOfFailure(err: unknown): Record<string, string> {
  const message = err instanceof Error ? err.message : String(err);
  return { [(err instanceof ApiError && fieldOfApiMessage(message)) || 'form']: message };
}
