import { describe, expect, it } from 'vitest';
import { hyetographFromGauges } from '../../../core/simulation/index.js';
import { expectClose } from '../../helpers/expect-close.js';

const T0 = 1_750_000_000_000;
const MIN = 60_000;

describe('core/simulation/gauge-hyetograph', () => {
  it('averages each gauge per block, holds the last value between readings, then averages the gauges', () => {
    const a = {
      sensorId: 'rain-001',
      readings: [
        { ts: T0, value: 30 },
        { ts: T0 + 30 * 1000, value: 50 },
        { ts: T0 + 3 * MIN, value: 0 },
      ],
    };
    const b = { sensorId: 'rain-002', readings: [{ ts: T0 + MIN, value: 20 }] };
    const silent = { sensorId: 'rain-003', readings: [{ ts: T0 - 10 * MIN, value: 99 }] }; // outside the window
    const h = hyetographFromGauges([a, b, silent], T0, T0 + 4 * MIN, 1)!;
    // a: 40, 40 (held), 40 (held), 0; b: 0 (before its first reading), 20, 20, 20.
    expect(h.intensityMmH).toEqual([20, 30, 30, 10]);
    expect(h.gaugeIds).toEqual(['rain-001', 'rain-002']);
    expect(h.readingCount).toBe(4);
    h.depthMm.forEach((d, k) => expectClose(d, h.intensityMmH[k]! / 60, 1e-12, `block ${k}`));
    expectClose(h.totalMm, 90 / 60, 1e-12, 'total');
    expect(h.peakIntensityMmH).toBe(30);
  });

  it('answers null when no gauge reported in the window, and refuses a bad window', () => {
    expect(hyetographFromGauges([{ sensorId: 'g', readings: [{ ts: T0 - 1, value: 5 }] }], T0, T0 + MIN, 1)).toBeNull();
    expect(() => hyetographFromGauges([], T0, T0, 1)).toThrow(RangeError);
    expect(() => hyetographFromGauges([], T0, T0 + MIN, 0)).toThrow(RangeError);
  });
});
