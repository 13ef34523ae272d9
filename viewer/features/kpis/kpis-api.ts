import { KpiReportSchema, type KpiReportAnswer, type KpiSummary } from '../../../core/contracts/index.js';
import { requestJson } from '../../api/request.js';

export type { DurationKpi, GridKpi, KpiSummary } from '../../../core/contracts/index.js';
/** The KPI report of a window (GET /api/kpis). */
export type KpiReport = KpiReportAnswer;

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
  return requestJson(KpiReportSchema, `/api/kpis?from=${to - days * 86_400_000}&to=${to + 60_000}`, { signal });
}
