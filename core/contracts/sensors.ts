import { z } from 'zod';
import { SensorSchema } from '../model/index.js';
import { pageOf } from './page.js';

/** GET /api/sensors (GET /api/sensors/:id answers a core/model Sensor). */
export const SensorPageSchema = pageOf(SensorSchema);

/** One stored reading (ts in epoch ms). */
export const ReadingSchema = z.object({ ts: z.number(), value: z.number(), seq: z.number().nullable() });
export type Reading = z.infer<typeof ReadingSchema>;

/** One bucket of a downsampled series (`step` given). */
export const ReadingBucketSchema = z.object({
  ts: z.number().describe('Start of the bucket, epoch ms'),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  count: z.number().int(),
});
export type ReadingBucket = z.infer<typeof ReadingBucketSchema>;

/** GET /api/sensors/:id/readings: raw readings when `stepMs` is null, buckets otherwise. */
export const SensorReadingsSchema = z.object({
  sensorId: z.string(),
  unit: z.string(),
  from: z.number(),
  to: z.number(),
  stepMs: z.number().nullable(),
  items: z.array(z.union([ReadingSchema, ReadingBucketSchema])),
});
export type SensorReadings = z.infer<typeof SensorReadingsSchema>;

/** GET /api/sensors/:id/readings/range: what history a sensor holds (so a chart can open on it). */
export const ReadingsRangeSchema = z.object({
  sensorId: z.string(),
  unit: z.string(),
  first: z.number().nullable().describe('Time of the oldest reading, epoch ms; null when there is none'),
  last: z.number().nullable().describe('Time of the newest reading, epoch ms; null when there is none'),
  count: z.number().int().min(0),
});
export type ReadingsRange = z.infer<typeof ReadingsRangeSchema>;
