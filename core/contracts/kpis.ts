import { z } from 'zod';

/** Median and 90th percentile of durations, seconds (null when there is none). */
export const DurationKpiSchema = z.object({
  count: z.number().int(),
  medianS: z.number().nullable(),
  p90S: z.number().nullable(),
});
export type DurationKpi = z.infer<typeof DurationKpiSchema>;

/** What a set of events achieved. Rates are 0..1, or null when their denominator is 0. */
export const KpiSummarySchema = z.object({
  found: z.number().int(),
  foundBySource: z.object({ alert: z.number().int(), simulation: z.number().int(), report: z.number().int() }),
  assigned: z.number().int(),
  resolved: z.number().int(),
  closed: z.number().int(),
  open: z.number().int(),
  resolutionRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  timeToAssign: DurationKpiSchema,
  timeToClose: DurationKpiSchema,
});
export type KpiSummary = z.infer<typeof KpiSummarySchema>;

/** One grid's line of the ranking (1 = best). */
export const GridKpiSchema = KpiSummarySchema.extend({
  gridId: z.string(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  rank: z.number().int(),
});
export type GridKpi = z.infer<typeof GridKpiSchema>;

/** GET /api/kpis. */
export const KpiReportSchema = KpiSummarySchema.extend({
  city: z.string(),
  grid: z.string().nullable(),
  fromMs: z.number(),
  toMs: z.number(),
  grids: z.array(GridKpiSchema),
});
export type KpiReportAnswer = z.infer<typeof KpiReportSchema>;
