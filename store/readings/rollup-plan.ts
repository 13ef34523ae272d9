/**
 * Where a downsampled series is read from: the per-hour and per-minute rollups (migration 102) cover whole hours and
 * minutes, the raw readings only the ragged edges of the window. The answer is the same as over the raw readings:
 * every rollup bucket lies inside one step bucket because the step is a multiple of the rollup's width.
 */

/** A source of partial aggregates: raw readings, or a rollup table and its bucket width (ms). */
export type RollupTier = { table: 'readings'; widthMs: 1 } | { table: 'readings_1m' | 'readings_1h'; widthMs: number };

export const RAW_TIER: RollupTier = { table: 'readings', widthMs: 1 };
/** Coarsest first. */
export const ROLLUP_TIERS: readonly RollupTier[] = [
  { table: 'readings_1h', widthMs: 3_600_000 },
  { table: 'readings_1m', widthMs: 60_000 },
];

/** A half-open time range [from, to) read from one tier. */
export interface TierSegment {
  tier: RollupTier;
  from: number;
  to: number;
}

/**
 * Splits [from, to) into segments: the whole buckets of the coarsest rollup whose width divides `stepMs`, the edges
 * from the next finer one, down to raw readings. A step that is no multiple of a minute reads raw readings only.
 */
export function planRollupSegments(from: number, to: number, stepMs: number): TierSegment[] {
  const tiers = ROLLUP_TIERS.filter((t) => stepMs % t.widthMs === 0);
  return split(from, to, tiers);
}

function split(from: number, to: number, tiers: readonly RollupTier[]): TierSegment[] {
  if (from >= to) return [];
  const [tier, ...finer] = tiers;
  if (tier === undefined) return [{ tier: RAW_TIER, from, to }];
  const a = Math.ceil(from / tier.widthMs) * tier.widthMs;
  const b = Math.floor(to / tier.widthMs) * tier.widthMs;
  if (a >= b) return split(from, to, finer);
  return [...split(from, a, finer), { tier, from: a, to: b }, ...split(b, to, finer)];
}
