import { z } from 'zod';
import { AttributesSchema, LonLatSchema } from './geometry.schema.js';
import { UtilitySchema } from './network.schema.js';

export const SensorKindSchema = z.enum([
  'pressure',
  'flow',
  'level',
  'gas',
  'rain',
  'temperature',
  'quality',
  'vibration',
]);
export type SensorKind = z.infer<typeof SensorKindSchema>;

/** Alarm thresholds in the sensor's unit; any may be absent. `deadband` is the hysteresis for clearing. */
export const ThresholdsSchema = z.object({
  lolo: z.number().finite().optional(),
  lo: z.number().finite().optional(),
  hi: z.number().finite().optional(),
  hihi: z.number().finite().optional(),
  deadband: z.number().finite().min(0).optional(),
  /** A limit must hold this long (s) before an alert is raised. */
  minDurationS: z.number().finite().min(0).optional(),
  /** Rate-of-change limit, unit per second (absolute); above it a `rate` alert is raised. */
  rateLimitPerS: z.number().finite().positive().optional(),
  /** A value unchanged this long (s) raises a `flatline` alert (a stuck sensor). */
  flatlineS: z.number().finite().positive().optional(),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

/** What a sensor is mounted on: a network node or link, a building, or nothing (a free-standing rain gauge). */
export const MountSchema = z.object({
  type: z.enum(['node', 'link', 'building']),
  id: z.string().min(1),
});
export type Mount = z.infer<typeof MountSchema>;

/** A sensor: its readings arrive on `gridtwin/v1/sensors/{id}/reading` in `unit`. */
export const SensorSchema = z.object({
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]+$/,
      'sensor ids are letters, digits, dot, dash and underscore (they are MQTT topic levels)',
    ),
  kind: SensorKindSchema,
  unit: z.string().min(1),
  name: z.string().optional(),
  utility: UtilitySchema.optional(),
  mount: MountSchema.nullable().default(null),
  position: LonLatSchema,
  /** Height of the sensing point relative to ground, m (negative underground). */
  heightM: z.number().finite().default(0),
  thresholds: ThresholdsSchema.default({}),
  reportingIntervalS: z.number().finite().positive(),
  gridId: z.string().nullable().default(null),
  attributes: AttributesSchema.default({}),
});
export type Sensor = z.infer<typeof SensorSchema>;
export type SensorInput = z.input<typeof SensorSchema>;
