import { describe, expect, it } from 'vitest';
import { pipeFillColor, pipeFillWidthPx, pipeWaterPath } from '../../../../viewer/features/simulation/pipe-fill.js';

describe('viewer/features/simulation/pipe-fill', () => {
  const link = {
    path: [
      [121.5, 31.2],
      [121.501, 31.2],
      [121.503, 31.2],
    ] as [number, number][],
    fromInvertM: 1.0,
    toInvertM: -2.0,
    diameterMm: 800,
  };
  const mpd: [number, number] = [95_000, 111_000];

  it('puts the water surface on the invert, interpolated by length, plus fill x diameter, in scene heights', () => {
    const half = pipeWaterPath(link, 0.5, 4, mpd);
    expect(half.map((p) => p.slice(0, 2))).toEqual(link.path);
    // invert 1.0 -> -2.0 over 285 m; the middle vertex is 95 m (1/3) along; water 0.4 m; ground 4 m.
    expect(half[0]![2]).toBeCloseTo(1.0 + 0.4 - 4, 9);
    expect(half[1]![2]).toBeCloseTo(1.0 - 3 * (1 / 3) + 0.4 - 4, 9);
    expect(half[2]![2]).toBeCloseTo(-2.0 + 0.4 - 4, 9);
    // A surcharged pipe (fill above 1) is drawn full, not above its crown.
    expect(pipeWaterPath(link, 1.7, 0, mpd)[0]![2]).toBeCloseTo(1.8, 9);
  });

  it('ramps colour and width with the fill: pale, blue, amber, red at full', () => {
    const colours = [0.2, 0.6, 0.9, 1].map((f) => pipeFillColor(f).join());
    expect(new Set(colours).size).toBe(4);
    expect(pipeFillColor(1)[0]).toBeGreaterThan(pipeFillColor(1)[2]);
    expect(pipeFillColor(0.2)[2]).toBeGreaterThan(pipeFillColor(0.2)[0]);
    expect(pipeFillWidthPx(0)).toBe(2);
    expect(pipeFillWidthPx(1)).toBe(7);
    expect(pipeFillWidthPx(3)).toBe(7);
    expect(pipeFillWidthPx(0.5)).toBeGreaterThan(pipeFillWidthPx(0.2));
  });
});
