import { z } from 'zod';

export const SeveritySchema = z.enum(['info', 'minor', 'major', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

export const AlertStateSchema = z.enum(['active', 'acknowledged', 'cleared']);
export type AlertState = z.infer<typeof AlertStateSchema>;

/** Rules a sensor alert can come from. */
export const AlertRuleSchema = z.enum([
  'hihi',
  'hi',
  'lo',
  'lolo',
  'rate',
  'flatline',
  'stale',
  'offline',
  'simulation',
]);
export type AlertRule = z.infer<typeof AlertRuleSchema>;

/** An alert raised by a rule on a sensor, or by a simulation. Times are epoch ms. */
export const AlertSchema = z.object({
  id: z.string().min(1),
  sensorId: z.string().nullable(),
  simulationId: z.string().nullable().default(null),
  rule: AlertRuleSchema,
  severity: SeveritySchema,
  state: AlertStateSchema,
  value: z.number().finite().nullable(),
  threshold: z.number().finite().nullable().default(null),
  message: z.string(),
  gridId: z.string().nullable(),
  raisedAt: z.number().int(),
  updatedAt: z.number().int(),
  clearedAt: z.number().int().nullable().default(null),
});
export type Alert = z.infer<typeof AlertSchema>;
