import { z } from 'zod';
import { SensorKindSchema, SensorSchema, ThresholdsSchema } from '../model/sensor.schema.js';

const blankToUndefined = (v: unknown): unknown =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v;
const num = z.preprocess(
  (v) => {
    const b = blankToUndefined(v);
    return typeof b === 'string' ? Number(b.trim()) : b;
  },
  z.number({ error: 'must be a number' }).finite().optional(),
);
const text = z.preprocess((v) => {
  const b = blankToUndefined(v);
  return typeof b === 'number' ? String(b) : typeof b === 'string' ? b.trim() : b;
}, z.string().optional());

/**
 * One sensor of a city's own registry, as a CSV row, a JSON object or GeoJSON point properties carry it, and as
 * the admin API takes it. Position: `lon`/`lat`, or the element it is bound to (`node` or `link`). Thresholds and
 * deadband are in `unit`; the importer converts them to the kind's unit.
 */
export const SensorRecordSchema = z
  .object({
    id: SensorSchema.shape.id,
    kind: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), SensorKindSchema),
    unit: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().min(1, 'a sensor needs a unit')),
    name: text,
    lon: num.refine((v) => v === undefined || (v >= -180 && v <= 180), 'longitude must be within -180..180'),
    lat: num.refine((v) => v === undefined || (v >= -90 && v <= 90), 'latitude must be within -90..90'),
    node: text,
    link: text,
    lolo: num,
    lo: num,
    hi: num,
    hihi: num,
    deadband: num.refine((v) => v === undefined || v >= 0, 'deadband must not be negative'),
    reportingIntervalS: num.refine((v) => v === undefined || v > 0, 'reportingIntervalS must be positive'),
  })
  .superRefine((r, ctx) => {
    if (r.node && r.link) ctx.addIssue({ code: 'custom', path: ['link'], message: 'give node or link, not both' });
    if (!r.node && !r.link && (r.lon === undefined || r.lat === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [r.lon === undefined ? 'lon' : 'lat'],
        message: 'a sensor needs lon and lat, or a node or link to sit on',
      });
    const order = [r.lolo, r.lo, r.hi, r.hihi].filter((v): v is number => v !== undefined);
    if (order.some((v, i) => i > 0 && v < order[i - 1]!))
      ctx.addIssue({ code: 'custom', path: ['hi'], message: 'thresholds must rise: lolo <= lo <= hi <= hihi' });
  });
export type SensorRecord = z.infer<typeof SensorRecordSchema>;

export const SENSOR_RECORD_FIELDS = [
  'id',
  'kind',
  'unit',
  'name',
  'lon',
  'lat',
  'node',
  'link',
  'lolo',
  'lo',
  'hi',
  'hihi',
  'deadband',
  'reportingIntervalS',
] as const;

/**
 * A sensor's thresholds and rule settings as the admin API takes them (`PUT /api/sensors/:id/thresholds`), in the
 * sensor's unit: the limits must rise (lolo <= lo <= hi <= hihi).
 */
export const ThresholdsInputSchema = ThresholdsSchema.strict().superRefine((t, ctx) => {
  const order = [t.lolo, t.lo, t.hi, t.hihi].filter((v): v is number => v !== undefined);
  if (order.some((v, i) => i > 0 && v < order[i - 1]!))
    ctx.addIssue({ code: 'custom', path: ['hi'], message: 'thresholds must rise: lolo <= lo <= hi <= hihi' });
});
