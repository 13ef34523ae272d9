import { authJson } from '../auth/auth.state.js';

/** Median and 90th percentile of durations (s). */
export interface DurationKpi {
  count: number;
  medianS: number | null;
  p90S: number | null;
}

/** What a set of events achieved (GET /api/kpis). Rates are 0..1 or null. */
export interface KpiSummary {
  found: number;
  foundBySource: { alert: number; simulation: number; report: number };
  assigned: number;
  resolved: number;
  closed: number;
  open: number;
  resolutionRate: number | null;
  onTimeRate: number | null;
  timeToAssign: DurationKpi;
  timeToClose: DurationKpi;
}

/** One grid's line of the ranking (1 = best). */
export interface GridKpi extends KpiSummary {
  gridId: string;
  code: string | null;
  name: string | null;
  rank: number;
}

/** The KPI report of a window. */
export interface KpiReport extends KpiSummary {
  city: string;
  grid: string | null;
  fromMs: number;
  toMs: number;
  grids: GridKpi[];
}

/** KPIs a grid choropleth can show. */
export const CHOROPLETH_KPIS = [
  'found',
  'open',
  'closed',
  'resolutionRate',
  'onTimeRate',
  'timeToCloseMedian',
] as const;
export type ChoroplethKpi = (typeof CHOROPLETH_KPIS)[number];

/** The value of `kpi` in a summary, or null when undefined (no events, no durations). */
export function kpiValue(s: KpiSummary, kpi: ChoroplethKpi): number | null {
  if (kpi === 'timeToCloseMedian') return s.timeToClose.medianS;
  return s[kpi];
}

/** GET /api/kpis over the last `days` days. */
export function fetchKpis(days: number, signal?: AbortSignal): Promise<KpiReport> {
  const to = Date.now();
  return authJson<KpiReport>(`/api/kpis?from=${to - days * 86_400_000}&to=${to + 60_000}`, { signal });
}
