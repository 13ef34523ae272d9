import { describe, expect, it } from 'vitest';
import { planRollupSegments } from '../../store/readings/rollup-plan.js';

const H = 3_600_000,
  M = 60_000;
const plan = (from: number, to: number, step: number) =>
  planRollupSegments(from, to, step).map((s) => [s.tier.table, s.from, s.to]);

describe('planRollupSegments', () => {
  it('reads whole hours from the hour rollups, the minute edges from the minute rollups, the rest raw', () => {
    const from = 2 * H - 3 * M - 500,
      to = 5 * H + 2 * M + 700;
    expect(plan(from, to, H)).toEqual([
      ['readings', from, 2 * H - 3 * M],
      ['readings_1m', 2 * H - 3 * M, 2 * H],
      ['readings_1h', 2 * H, 5 * H],
      ['readings_1m', 5 * H, 5 * H + 2 * M],
      ['readings', 5 * H + 2 * M, to],
    ]);
  });

  it('uses only the rollups whose width divides the step, and raw readings for a window shorter than one', () => {
    expect(plan(0, 3 * H, 5 * M)).toEqual([['readings_1m', 0, 3 * H]]);
    expect(plan(0, 3 * H, 90_000)).toEqual([['readings', 0, 3 * H]]);
    expect(plan(10, 50 * 1000, H)).toEqual([['readings', 10, 50_000]]);
    expect(plan(5, 5, H)).toEqual([]);
  });
});
