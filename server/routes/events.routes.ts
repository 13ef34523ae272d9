import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  EventSchema,
  EventSourceSchema,
  EventStateSchema,
  SeveritySchema,
  UtilitySchema,
} from '../../core/model/index.js';
import { EventAssigneesSchema, EventPageSchema, EventPhotoBytesSchema } from '../../core/contracts/index.js';
import { EVENT_ACTIONS } from '../../core/incident/index.js';
import { defineEndpoint, mountEndpoint, parseInput } from '../http/endpoint.js';
import { requireUser } from '../auth/auth-middleware.js';
import { ApiError } from '../errors.js';
import type { EventIntakeService } from '../services/event-intake.service.js';
import type { EventService } from '../services/event.service.js';
import { MAX_PHOTO_BYTES, PhotoInputSchema, photoFromInput } from '../services/event-photo.js';
import type { PhotoQuota } from '../services/photo-quota.js';
import { cityParam, idParams, limitParam, offsetParam } from './common-params.js';
import { parseBody } from './request-body.js';

const lon = z.number({ error: 'lon must be a number (WGS84 degrees)' }).min(-180).max(180);
const lat = z.number({ error: 'lat must be a number (WGS84 degrees)' }).min(-90).max(90);

const ReportBodySchema = z.strictObject({
  city: cityParam,
  lon,
  lat,
  category: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'category must be a lower-case slug such as water-leak' }),
  title: z.string().min(1).max(200).optional(),
  description: z.string().max(5000).default(''),
  severity: SeveritySchema.default('minor'),
  utility: UtilitySchema.nullable().optional(),
  photo: PhotoInputSchema.optional(),
});

const TransitionBodySchema = z.strictObject({
  action: z.enum(EVENT_ACTIONS.map((a) => a.action) as [string, ...string[]]).optional(),
  to: EventStateSchema.optional(),
  note: z.string().max(5000).optional(),
  photo: PhotoInputSchema.optional(),
  crewId: z.string().min(1).nullable().optional(),
  worker: z.string().min(1).max(200).nullable().optional(),
  expectedVersion: z.number().int().min(0).optional(),
});

const sourceKinds = EventSourceSchema.options.map((o) => o.shape.kind.value);

export const eventEndpoints = {
  list: defineEndpoint({
    method: 'get',
    path: '/api/events',
    operationId: 'listEvents',
    tag: 'events',
    summary: 'Events the caller may see (crew: their crew and grids), newest first, without their audit trails',
    query: z.strictObject({
      city: cityParam,
      state: z
        .enum([...EventStateSchema.options, 'open'], {
          error: `state must be open or one of ${EventStateSchema.options.join(', ')}`,
        })
        .optional(),
      grid: z.string().min(1).optional().describe('A grid of any level: events in the cells under it'),
      source: z
        .enum(sourceKinds as [string, ...string[]], { error: 'source must be alert, simulation or report' })
        .optional(),
      severity: z
        .enum(SeveritySchema.options, { error: `severity must be one of ${SeveritySchema.options.join(', ')}` })
        .optional(),
      mine: z.enum(['true', 'false']).optional().describe('true: only the events I reported'),
      limit: limitParam,
      offset: offsetParam,
    }),
    response: EventPageSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_UNAUTHENTICATED', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_GRID_NOT_FOUND'],
  }),
  report: defineEndpoint({
    method: 'post',
    path: '/api/events',
    operationId: 'reportEvent',
    tag: 'events',
    summary:
      'Report a problem: {"lon","lat","category","description","severity"?,"title"?,"utility"?,' +
      '"photo"?: {"contentType","dataBase64"} (<= 5 MB)}; located to its grid cell and assigned at once',
    response: EventSchema,
    errors: [
      'GT_ERR_BAD_REQUEST',
      'GT_ERR_UNAUTHENTICATED',
      'GT_ERR_PAYLOAD_TOO_LARGE',
      'GT_ERR_PHOTO_QUOTA',
      'GT_ERR_CITY_NOT_FOUND',
    ],
  }),
  get: defineEndpoint({
    method: 'get',
    path: '/api/events/:id',
    operationId: 'getEvent',
    tag: 'events',
    summary: 'One event with its audit trail',
    params: idParams,
    response: EventSchema,
    errors: ['GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN', 'GT_ERR_EVENT_NOT_FOUND'],
  }),
  transition: defineEndpoint({
    method: 'post',
    path: '/api/events/:id/transitions',
    operationId: 'transitionEvent',
    tag: 'events',
    summary: 'Move an event on: {"action" or "to","note"?,"photo"?,"crewId"?/"worker"? (assign),"expectedVersion"?}',
    params: idParams,
    response: EventSchema,
    errors: [
      'GT_ERR_BAD_REQUEST',
      'GT_ERR_UNAUTHENTICATED',
      'GT_ERR_FORBIDDEN',
      'GT_ERR_EVENT_NOT_FOUND',
      'GT_ERR_TRANSITION_NOT_ALLOWED',
      'GT_ERR_VERSION_CONFLICT',
      'GT_ERR_PAYLOAD_TOO_LARGE',
      'GT_ERR_PHOTO_QUOTA',
    ],
  }),
  assignees: defineEndpoint({
    method: 'get',
    path: '/api/events/:id/assignees',
    operationId: 'listEventAssignees',
    tag: 'events',
    summary:
      "Who the event may be assigned to (managers, admins): the cell's worker and accounts serving the cell, " +
      "then crews of the event's utility first; pass a worker's name or a crew's id to the assign/reassign transition",
    params: idParams,
    response: EventAssigneesSchema,
    errors: ['GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN', 'GT_ERR_EVENT_NOT_FOUND'],
  }),
  photo: defineEndpoint({
    method: 'get',
    path: '/api/events/:id/photos/:photoId',
    operationId: 'getEventPhoto',
    tag: 'events',
    summary: 'A photo of an event (the image bytes)',
    params: z.strictObject({ id: z.string().min(1).max(200), photoId: z.string().min(1).max(200) }),
    response: EventPhotoBytesSchema,
    errors: ['GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN', 'GT_ERR_EVENT_NOT_FOUND', 'GT_ERR_PHOTO_NOT_FOUND'],
  }),
};

/**
 * JSON bodies of event writes may carry a 5 MB photo as base64 (4 characters per 3 bytes) and a few fields of text
 * (a 5,000-character note is at most 30 kB of JSON escapes). A larger declared Content-Length is answered at once
 * (refuseLargeBody); a chunked body is read up to the limit only, so no larger body is ever buffered.
 */
export const EVENT_JSON_LIMIT = Math.ceil(MAX_PHOTO_BYTES / 3) * 4 + 64 * 1024;

/**
 * `/api/events`. Mounted before the app's 1 MB JSON parser so its own larger limit applies to photo uploads; the
 * `authenticate` middleware must run before it.
 */
/**
 * 413 from the Content-Length alone, before any of the body is read, and the connection closed: body-parser would
 * read (and discard) a too-large body to its end before answering, making a client wait while it sends megabytes.
 */
function refuseLargeBody(limit: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > limit)) {
      next();
      return;
    }
    res.set('connection', 'close');
    next(new ApiError('GT_ERR_PAYLOAD_TOO_LARGE', `the request body is larger than ${limit} bytes`));
  };
}

export function eventRoutes(
  events: EventService,
  intake: EventIntakeService,
  now: () => number = Date.now,
  photoQuota?: PhotoQuota,
): Router {
  const router = Router();
  // Only the two writes take a body; every other /api/events body meets the app's 1 MB parser.
  const writes = [eventEndpoints.report.path, eventEndpoints.transition.path];
  router.post(writes, refuseLargeBody(EVENT_JSON_LIMIT), express.json({ limit: EVENT_JSON_LIMIT }));
  /** Runs a write carrying a photo within the uploader's daily quota (429 GT_ERR_PHOTO_QUOTA when used up). */
  const withPhoto = <T>(userId: string, photo: { bytes: Buffer } | undefined, write: () => Promise<T>): Promise<T> =>
    photo && photoQuota ? photoQuota.within(userId, photo.bytes.length, write) : write();
  mountEndpoint(router, eventEndpoints.list, ({ query }, req) => {
    const { mine, ...rest } = query;
    return events.list(requireUser(req), { ...rest, mine: mine === 'true' } as Parameters<EventService['list']>[1]);
  });
  mountEndpoint(router, eventEndpoints.report, async (_input, req) => {
    const user = requireUser(req);
    const body = parseBody(ReportBodySchema, req);
    const { photo: photoInput, lon: x, lat: y, title, ...rest } = body;
    const photo = photoInput ? photoFromInput(photoInput, user.id, now()) : undefined;
    return withPhoto(user.id, photo, () =>
      intake.report({
        ...rest,
        location: [x, y],
        title: title ?? `${body.category}: ${body.description.slice(0, 60) || 'reported'}`,
        reporterId: user.id,
        ...(photo ? { photo } : {}),
      }),
    );
  });
  mountEndpoint(router, eventEndpoints.get, ({ params }, req) => events.get(requireUser(req), params.id));
  mountEndpoint(router, eventEndpoints.assignees, ({ params }, req) => events.assignees(requireUser(req), params.id));
  mountEndpoint(router, eventEndpoints.transition, async ({ params }, req) => {
    const user = requireUser(req);
    const { photo: photoInput, ...command } = parseBody(TransitionBodySchema, req);
    const photo = photoInput ? photoFromInput(photoInput, user.id, now()) : undefined;
    return withPhoto(user.id, photo, () =>
      events.transition(user, params.id, command as Parameters<EventService['transition']>[2], photo),
    );
  });
  router.get(eventEndpoints.photo.path, async (req, res) => {
    const params = parseInput(eventEndpoints.photo.params, req.params, 'path');
    const photo = await events.photo(requireUser(req), params.id, params.photoId);
    res.set({
      'content-type': photo.contentType,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600',
    });
    res.send(photo.bytes);
  });
  return router;
}
