import { cityClock } from '../../../core/time/city-time.js';

/** One point of a downsampled series: mean with the min and max of its bucket (a raw reading has all three equal). */
export interface BandPoint {
  ts: number;
  mean: number;
  min: number;
  max: number;
}

/** Columns as uPlot takes them: x (epoch ms), mean, min, max; null where there is a gap. */
export type BandColumns = [number[], (number | null)[], (number | null)[], (number | null)[]];

/**
 * Builds chart columns from history buckets and live points (live points after the history's end are appended,
 * each its own min = max). A gap longer than `gapFactor` steps breaks the line instead of joining across it.
 */
export function bandColumns(
  history: readonly BandPoint[],
  live: readonly { ts: number; value: number }[],
  stepMs: number,
  gapFactor = 3,
): BandColumns {
  const points: BandPoint[] = [...history].sort((a, b) => a.ts - b.ts);
  const lastTs = points.length > 0 ? points[points.length - 1]!.ts : -Infinity;
  for (const p of live) if (p.ts > lastTs) points.push({ ts: p.ts, mean: p.value, min: p.value, max: p.value });
  const cols: BandColumns = [[], [], [], []];
  let prev: number | null = null;
  for (const p of points) {
    if (prev !== null && p.ts - prev > gapFactor * stepMs) {
      cols[0].push(prev + stepMs);
      cols[1].push(null);
      cols[2].push(null);
      cols[3].push(null);
    }
    cols[0].push(p.ts);
    cols[1].push(p.mean);
    cols[2].push(p.min);
    cols[3].push(p.max);
    prev = p.ts;
  }
  return cols;
}

/** Alarm limits of a sensor, in its unit. */
export interface Thresholds {
  lolo?: number | undefined;
  lo?: number | undefined;
  hi?: number | undefined;
  hihi?: number | undefined;
}

/** A threshold line to draw: which limit, its value, its colour. */
export interface ThresholdLine {
  key: keyof Thresholds;
  value: number;
  color: string;
}

const LIMIT_COLORS: Record<keyof Thresholds, string> = {
  lolo: '#ef4444',
  lo: '#f5b942',
  hi: '#f5b942',
  hihi: '#ef4444',
};

/** The sensor's limits as lines (lo/hi amber, lolo/hihi red), lowest first; unset limits are left out. */
export function thresholdLines(t: Thresholds): ThresholdLine[] {
  return (['lolo', 'lo', 'hi', 'hihi'] as const)
    .filter((k) => typeof t[k] === 'number' && Number.isFinite(t[k]))
    .map((k) => ({ key: k, value: t[k]!, color: LIMIT_COLORS[k] }));
}

/**
 * The value range to show: the data's, widened to take in the limits that are near it (within one data range), so
 * a limit far off does not flatten the line; never an empty range.
 */
export function valueRange(values: readonly (number | null)[], limits: readonly number[]): [number, number] {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return limits.length ? [Math.min(...limits), Math.max(...limits) || 1] : [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const near = Math.max(hi - lo, Math.abs(hi) * 0.05, 1e-9);
  for (const l of limits) {
    if (l < lo - near || l > hi + near) continue;
    lo = Math.min(lo, l);
    hi = Math.max(hi, l);
  }
  if (hi === lo) {
    const pad = Math.abs(hi) * 0.05 || 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

/**
 * A value as an axis or cursor figure: three significant digits, no trailing zeros (0.05, 12.3, 1,250), and very
 * small or large magnitudes in scientific form (1.2e-6, not 0.00000120).
 */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e7) {
    const [m, e] = v.toExponential(2).split('e');
    return `${String(Number(m))}e${Number(e)}`;
  }
  const n = Number(v.toPrecision(3));
  return a >= 1000 ? n.toLocaleString('en') : String(n);
}

/**
 * A time-axis tick in the city's zone: `HH:mm` when the axis spans a day or less, `MM-DD HH:mm` beyond, so the
 * chart reads the same clock as the city's events whatever the browser's zone.
 */
export function timeTick(ms: number, timeZone: string, spanMs: number): string {
  const c = cityClock(ms, timeZone);
  return spanMs > 26 * 3600_000 ? `${c.date.slice(5)} ${c.time}` : c.time;
}
