import type { DurationKpi, KpiSummary } from '../contracts/kpis.js';
import type { Event, EventState, EventSource } from '../model/index.js';

/** The window and the clock of a KPI computation (epoch ms). */
export interface KpiOptions {
  /** Events discovered at or after this time count. */
  fromMs: number;
  /** Events discovered before this time count. */
  toMs: number;
  /** Transitions after this time are ignored (the KPIs as they stood then). */
  nowMs: number;
}

/** Median and 90th percentile of durations in seconds (null when there is none): the wire contract's. */
export type DurationStats = DurationKpi;

/**
 * What a set of events achieved (the wire contract's shape). Rates are 0..1, or null when their denominator is 0:
 * resolutionRate = resolved / found; onTimeRate = share of the resolved events whose first resolution met the SLA.
 * timeToAssign and timeToClose run from discovery to the first assignment and to the first closing.
 */
export type { KpiSummary };

/** One grid cell's line in the ranking. */
export interface GridKpis extends KpiSummary {
  gridId: string;
  /** 1 = best: highest resolution rate, then on-time rate, then most problems found, then id. */
  rank: number;
}

export interface KpiReport extends KpiSummary {
  fromMs: number;
  toMs: number;
  grids: GridKpis[];
}

/**
 * The value at quantile `q` (0..1) of ascending `sorted` values, linearly interpolated between the closest ranks
 * (the common "type 7" definition: the median of [1, 2, 3, 10] is 2.5, its 90th percentile 7.9). Null when empty.
 */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1], got ${q}`);
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function durationStats(seconds: number[]): DurationStats {
  const sorted = [...seconds].sort((a, b) => a - b);
  return { count: sorted.length, medianS: quantile(sorted, 0.5), p90S: quantile(sorted, 0.9) };
}

/** First time (ms) the event entered `state` at or before `nowMs`, or null. */
function firstEntered(event: Event, state: EventState, nowMs: number): number | null {
  // Escalations and repeats (from === to) never enter a state; a reassignment always follows a first assignment.
  for (const t of event.transitions) if (t.to === state && t.at <= nowMs && t.from !== t.to) return t.at;
  return null;
}

/** The state at `nowMs`: that of the last transition up to then (the record's state when it has no transitions). */
function stateAt(event: Event, nowMs: number): EventState {
  let state: EventState | null = null;
  for (const t of event.transitions) if (t.at <= nowMs) state = t.to;
  return state ?? event.state;
}

function summarise(events: readonly Event[], nowMs: number): KpiSummary {
  const foundBySource: Record<EventSource['kind'], number> = { alert: 0, simulation: 0, report: 0 };
  let assigned = 0,
    resolved = 0,
    closed = 0,
    open = 0,
    onTime = 0;
  const toAssign: number[] = [],
    toClose: number[] = [];
  for (const e of events) {
    foundBySource[e.source.kind]++;
    const assignedAt = firstEntered(e, 'assigned', nowMs);
    const resolvedAt = firstEntered(e, 'resolved', nowMs);
    const closedAt = firstEntered(e, 'closed', nowMs);
    const state = stateAt(e, nowMs);
    if (assignedAt !== null) {
      assigned++;
      toAssign.push((assignedAt - e.createdAt) / 1000);
    }
    if (resolvedAt !== null) {
      resolved++;
      if (resolvedAt <= e.slaDueAt) onTime++;
    }
    if (state === 'closed') closed++;
    if (state !== 'resolved' && state !== 'closed') open++;
    if (closedAt !== null) toClose.push((closedAt - e.createdAt) / 1000);
  }
  const found = events.length;
  return {
    found,
    foundBySource,
    assigned,
    resolved,
    closed,
    open,
    resolutionRate: found === 0 ? null : resolved / found,
    onTimeRate: resolved === 0 ? null : onTime / resolved,
    timeToAssign: durationStats(toAssign),
    timeToClose: durationStats(toClose),
  };
}

/** Orders nulls after every number; higher first. */
function descending(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/**
 * KPIs of the events discovered in `[fromMs, toMs)`, as they stood at `nowMs`: problems found (by source), assigned,
 * resolved, closed, resolution and on-time rates, median and p90 times to assign and to close, and every grid cell
 * ranked. Pure: the caller chooses the events (a city, a grid and its children).
 */
export function computeKpis(events: readonly Event[], options: KpiOptions): KpiReport {
  const { fromMs, toMs, nowMs } = options;
  if (!(fromMs <= toMs)) throw new RangeError(`fromMs (${fromMs}) must not be after toMs (${toMs})`);
  const inWindow = events.filter((e) => e.createdAt >= fromMs && e.createdAt < toMs && e.createdAt <= nowMs);
  const byGrid = new Map<string, Event[]>();
  for (const e of inWindow) {
    if (e.gridId === null) continue;
    const list = byGrid.get(e.gridId);
    if (list) list.push(e);
    else byGrid.set(e.gridId, [e]);
  }
  const grids = [...byGrid].map(([gridId, list]) => ({ gridId, rank: 0, ...summarise(list, nowMs) }));
  grids.sort(
    (a, b) =>
      descending(a.resolutionRate, b.resolutionRate) ||
      descending(a.onTimeRate, b.onTimeRate) ||
      b.found - a.found ||
      (a.gridId < b.gridId ? -1 : a.gridId > b.gridId ? 1 : 0),
  );
  grids.forEach((g, i) => (g.rank = i + 1));
  return { fromMs, toMs, ...summarise(inWindow, nowMs), grids };
}
