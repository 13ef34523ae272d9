import { describe, expect, it } from 'vitest';
import { metresPerDegree } from '../../../core/geo/index.js';
import {
  formatArea,
  formatLength,
  heightDifferenceM,
  horizontalLengthM,
  polygonAreaM2,
  polylineLengthM,
  type MeasurePoint,
} from '../../../viewer/engine/measure-geometry.js';

// Known geometry in Lujiazui: a 400 m x 300 m rectangle, offsets turned into degrees.
const O: [number, number] = [121.5, 31.235];
const k = metresPerDegree(O[1]);
const at = (east: number, north: number, h = 0): MeasurePoint => [O[0] + east / k.lon, O[1] + north / k.lat, h];

describe('viewer/engine/measure-geometry', () => {
  it('measures a polyline of several legs, in m and km', () => {
    const path = [at(0, 0), at(400, 0), at(400, 300), at(0, 300)];
    expect(polylineLengthM(path)).toBeCloseTo(1100, 0);
    expect(horizontalLengthM(path)).toBeCloseTo(1100, 0);
    expect(formatLength(polylineLengthM(path))).toBe('1.10 km');
    expect(formatLength(polylineLengthM(path), 'zh')).toBe('1.10 千米');
    expect(formatLength(12.345)).toBe('12.35 m');
  });
  it('counts the slope in the 3D length, not in the horizontal one', () => {
    const ramp = [at(0, 0, 0), at(30, 40, 120)];
    expect(polylineLengthM(ramp)).toBeCloseTo(130, 0);
    expect(horizontalLengthM(ramp)).toBeCloseTo(50, 0);
  });
  it('measures the area of an outline (closed implicitly)', () => {
    const area = polygonAreaM2([at(0, 0), at(400, 0), at(400, 300), at(0, 300)]);
    expect(area).toBeGreaterThan(120_000 * 0.995);
    expect(area).toBeLessThan(120_000 * 1.005);
    expect(formatArea(area)).toBe('12.00 ha');
    expect(polygonAreaM2([at(0, 0), at(1, 1)])).toBe(0);
  });
  it('gives the height from the ground to a 632 m roof within 1 m', () => {
    expect(Math.abs(heightDifferenceM(at(0, 0, 0), at(5, 5, 632)) - 632)).toBeLessThan(1);
  });
});
