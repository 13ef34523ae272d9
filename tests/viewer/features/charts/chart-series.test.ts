import { describe, expect, it } from 'vitest';
import {
  bandColumns,
  formatValue,
  thresholdLines,
  timeTick,
  valueRange,
} from '../../../../viewer/features/charts/chart-series.js';
import { noChartReason } from '../../../../viewer/features/simulation/simulation-playback.js';
import type { CityData } from '../../../../viewer/data/city-data.js';

const MIN = 60_000;

describe('viewer/features/charts series', () => {
  it('builds mean/min/max columns from buckets, appends later live points, and breaks the line over a gap', () => {
    const cols = bandColumns(
      [
        { ts: 0, mean: 2, min: 1, max: 3 },
        { ts: 5 * MIN, mean: 4, min: 3, max: 6 },
        // 30 min later: more than three 5-min steps, a gap.
        { ts: 35 * MIN, mean: 5, min: 5, max: 5 },
      ],
      [
        { ts: 30 * MIN, value: 9 }, // before the history's end: already in the buckets
        { ts: 36 * MIN, value: 7 },
      ],
      5 * MIN,
    );
    expect(cols[0]).toEqual([0, 5 * MIN, 10 * MIN, 35 * MIN, 36 * MIN]);
    expect(cols[1]).toEqual([2, 4, null, 5, 7]);
    expect(cols[2]).toEqual([1, 3, null, 5, 7]);
    expect(cols[3]).toEqual([3, 6, null, 5, 7]);
  });

  it('draws the set limits, lowest first, lo/hi amber and lolo/hihi red', () => {
    expect(thresholdLines({ lo: 20, hihi: 45, hi: 40 })).toEqual([
      { key: 'lo', value: 20, color: '#f5b942' },
      { key: 'hi', value: 40, color: '#f5b942' },
      { key: 'hihi', value: 45, color: '#ef4444' },
    ]);
    expect(thresholdLines({})).toEqual([]);
  });

  it('widens the value range to near limits only, and never answers an empty range', () => {
    const [lo, hi] = valueRange([30, 32, null, 35], [40, 500]);
    expect(lo).toBeLessThan(30);
    expect(hi).toBeGreaterThanOrEqual(40);
    expect(hi).toBeLessThan(500);
    const [a, b] = valueRange([7, 7], []);
    expect(b).toBeGreaterThan(a);
    expect(valueRange([], [])).toEqual([0, 1]);
  });

  it('formats figures in three significant digits, tiny gas concentrations in scientific form', () => {
    expect(formatValue(0.000001)).toBe('1e-6');
    expect(formatValue(0.00000123)).toBe('1.23e-6');
    expect(formatValue(0.05)).toBe('0.05');
    expect(formatValue(32.259)).toBe('32.3');
    expect(formatValue(1250)).toBe('1,250');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(null)).toBe('–');
  });

  it("writes time ticks in the city's zone, with the date when the axis spans more than a day", () => {
    const ms = Date.UTC(2026, 11, 5, 2, 30); // 10:30 in Shanghai
    expect(timeTick(ms, 'Asia/Shanghai', 3600_000)).toBe('10:30');
    expect(timeTick(ms, 'Europe/Rome', 3600_000)).toBe('03:30');
    expect(timeTick(ms, 'Asia/Shanghai', 3 * 24 * 3600_000)).toBe('12-05 10:30');
  });
});

describe('viewer/features/simulation: why a run has no chart', () => {
  const data = (gas: boolean) => ({ sensors: gas ? [{ kind: 'gas' }] : [{ kind: 'pressure' }] }) as unknown as CityData;
  it('names the cause: no hydraulics, no pressure sensor, no gas detector', () => {
    expect(noChartReason(data(false), 'burst', { hydraulics: null })).toBe('sim.chart.noHydraulics');
    expect(noChartReason(data(false), 'burst', { hydraulics: { nodeIds: [] } })).toBe('sim.chart.noPressureSensor');
    expect(noChartReason(data(false), 'gas-leak', {})).toBe('sim.chart.noGasSensor');
    expect(noChartReason(data(true), 'gas-leak', {})).toBeNull();
  });
});
