import { z } from 'zod';
import {
  GridLevelSchema,
  LinkKindSchema,
  NodeKindSchema,
  SensorKindSchema,
  UtilitySchema,
} from '../../core/model/index.js';

/** Lists answer at most this many items a page. */
export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 100;

export const BBOX_MESSAGE = 'bbox must be four numbers west,south,east,north with west<east and south<north';

/** `?city=`: which city to answer for (default: the server's CITY). */
export const cityParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'city must be a city id: lower-case letters, digits and dashes' })
  .optional()
  .describe('City id; default: the city the server was started with (CITY)');

/** An integer query parameter in [min, max] with a default, with a message naming it. */
export function intParam(name: string, min: number, max: number, fallback: number, description: string) {
  const error = `${name} must be an integer from ${min} to ${max}`;
  return z.coerce
    .number({ error })
    .int({ error })
    .min(min, { error })
    .max(max, { error })
    .default(fallback)
    .describe(description);
}

export const limitParam = intParam('limit', 1, MAX_LIMIT, DEFAULT_LIMIT, `Items per page (1-${MAX_LIMIT})`);
/** Largest PostgreSQL `integer` (OFFSET and LIMIT are bound as int4): a larger offset was a 500. */
export const MAX_SQL_INT = 2 ** 31 - 1;
export const offsetParam = intParam('offset', 0, MAX_SQL_INT, 0, 'Items to skip (for paging)');

/** Times are epoch ms in [0, 8.64e15], the range of a JS Date (and well inside SQL bigint). */
export const MAX_TIME_MS = 8.64e15;

/** Epoch ms from text: digits, or ISO-8601 when `iso` matches; NaN when neither or out of range. */
export function parseTimeMs(text: string, iso: RegExp = /^\d{4}-/): number {
  const ms = /^\d+$/.test(text) ? Number(text) : iso.test(text) ? Date.parse(text) : Number.NaN;
  return ms >= 0 && ms <= MAX_TIME_MS ? ms : Number.NaN;
}

/** `bbox=w,s,e,n` in WGS84 degrees, parsed to a tuple. */
export const bboxParam = z
  .string()
  .transform((text, ctx): [number, number, number, number] => {
    const parts = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
    const [w, s, e, n] = parts as [number, number, number, number];
    const ok =
      parts.length === 4 &&
      parts.every(Number.isFinite) &&
      w < e &&
      s < n &&
      w >= -180 &&
      e <= 180 &&
      s >= -90 &&
      n <= 90;
    if (!ok) ctx.addIssue({ code: 'custom', message: `${BBOX_MESSAGE} (in degrees), got "${text}"` });
    return [w, s, e, n];
  })
  .optional()
  .describe('Keep features whose extent intersects this WGS84 box: west,south,east,north in degrees');

/** A record id in a path. */
export const idParams = z.strictObject({ id: z.string().min(1).max(200).describe('Record id') });

/** An enum parameter whose message lists the allowed values. */
function enumParam<E extends string>(name: string, values: readonly E[], description: string) {
  return z
    .enum(values as [E, ...E[]], { error: `${name} must be one of ${values.join(', ')}` })
    .optional()
    .describe(description);
}

export const utilityParam = enumParam('utility', UtilitySchema.options, 'Only this utility');
export const nodeOrLinkKindParam = (kinds: 'node' | 'link') =>
  kinds === 'node'
    ? enumParam('kind', NodeKindSchema.options, 'Only nodes of this kind')
    : enumParam('kind', LinkKindSchema.options, 'Only links of this kind');
export const sensorKindParam = enumParam('kind', SensorKindSchema.options, 'Only sensors of this kind');
export const gridLevelParam = enumParam('level', GridLevelSchema.options, 'Only grids of this level');

/** The response shape of every list: `{items, total}` (a wire contract). */
export { pageOf } from '../../core/contracts/page.js';
