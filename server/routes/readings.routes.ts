import { Router } from 'express';
import { z } from 'zod';
import { ReadingsRangeSchema, SensorReadingsSchema } from '../../core/contracts/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import { LOGIN_REQUIRED, readerOf, type ReadPolicy } from '../auth/read-access.js';
import type { ReadingsService } from '../services/readings.service.js';
import { cityParam, idParams, intParam, parseTimeMs } from './common-params.js';

const ISO_OR_MS = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A time parameter: epoch ms or ISO-8601, parsed to epoch ms. */
function timeParam(name: string) {
  return z
    .string()
    .transform((text, ctx) => {
      const ms = parseTimeMs(text, ISO_OR_MS);
      if (!Number.isFinite(ms))
        ctx.addIssue({ code: 'custom', message: `${name} must be epoch ms (0 to 8.64e15) or ISO-8601, got "${text}"` });
      return ms;
    })
    .optional()
    .describe(`${name === 'from' ? 'Start (inclusive)' : 'End (exclusive)'}: epoch ms or ISO-8601`);
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `step`: bucket width, seconds (`300`) or with a unit (`500ms`, `30s`, `5m`, `1h`, `1d`); parsed to ms. */
const stepParam = z
  .string()
  .transform((text, ctx) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text);
    const ms = m ? Number(m[1]) * UNITS[m[2] ?? 's']! : Number.NaN;
    if (!(ms >= 1 && ms <= 366 * 86_400_000))
      ctx.addIssue({
        code: 'custom',
        message: `step must be a duration such as 60, 30s, 5m or 1h (1 ms to 366 d), got "${text}"`,
      });
    return Math.round(ms);
  })
  .optional()
  .describe('Downsample to one bucket per step (min, max, mean, count): seconds or 500ms/30s/5m/1h/1d');

export const readingsEndpoints = {
  list: defineEndpoint({
    method: 'get',
    path: '/api/sensors/:id/readings',
    operationId: 'getSensorReadings',
    tag: 'sensors',
    summary: 'Readings of a sensor in [from, to), oldest first; with step, min/max/mean per step',
    query: z.strictObject({
      city: cityParam,
      from: timeParam('from'),
      to: timeParam('to'),
      step: stepParam,
      limit: intParam('limit', 1, 100_000, 10_000, 'Most readings or buckets answered (1-100000)'),
    }),
    params: idParams,
    response: SensorReadingsSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_SENSOR_NOT_FOUND', 'GT_ERR_UNAUTHENTICATED'],
  }),
  range: defineEndpoint({
    method: 'get',
    path: '/api/sensors/:id/readings/range',
    operationId: 'getSensorReadingsRange',
    tag: 'sensors',
    summary:
      'The history a sensor holds: first and last reading times and the count (imported history may be years old; ' +
      'the readings default window is the last 24 h)',
    query: z.strictObject({ city: cityParam }),
    params: idParams,
    response: ReadingsRangeSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_CITY_NOT_FOUND', 'GT_ERR_SENSOR_NOT_FOUND', 'GT_ERR_UNAUTHENTICATED'],
  }),
};

/** `/api/sensors/:id/readings`: a login, or an anonymous reader in public read-only mode. */
export function readingsRoutes(
  readings: ReadingsService,
  policy: ReadPolicy = LOGIN_REQUIRED,
): {
  router: Router;
  endpoints: (typeof readingsEndpoints)[keyof typeof readingsEndpoints][];
} {
  const router = Router();
  mountEndpoint(router, readingsEndpoints.list, ({ query, params }, req) => {
    readerOf(req, policy, 'reading sensor history');
    return readings.get(
      {
        limit: query.limit,
        ...(query.city === undefined ? {} : { city: query.city }),
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
        ...(query.step === undefined ? {} : { stepMs: query.step }),
      },
      params.id,
    );
  });
  mountEndpoint(router, readingsEndpoints.range, ({ query, params }, req) => {
    readerOf(req, policy, 'reading sensor history');
    return readings.range(query.city, params.id);
  });
  return { router, endpoints: Object.values(readingsEndpoints) };
}
