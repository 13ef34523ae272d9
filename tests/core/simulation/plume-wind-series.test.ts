import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import { EnuFrame } from '../../../core/geo/index.js';
import type { Building } from '../../../core/model/index.js';
import { gasLeakUnderWindSeries, insideRing } from '../../../core/simulation/index.js';

const SOURCE: [number, number] = [121.5, 31.23];
const frame = new EnuFrame(SOURCE[0], SOURCE[1]);
const lonLat = (e: number, n: number): [number, number] => {
  const p = frame.fromEnu(e, n, 0);
  return [p[0], p[1]];
};

/** A 10 m square building centred `e`, `n` metres from the source. */
function building(id: string, e: number, n: number, population: number): Building {
  const ring = [
    lonLat(e - 5, n - 5),
    lonLat(e + 5, n - 5),
    lonLat(e + 5, n + 5),
    lonLat(e - 5, n + 5),
    lonLat(e - 5, n - 5),
  ];
  return { id, footprint: [[ring]], population } as unknown as Building;
}

/** Bearing (degrees from north) from the source to the far end of a zone: its vertex farthest from the source. */
function farBearing(zone: [number, number][]): number {
  let best = 0,
    bearing = 0;
  for (const p of zone) {
    const [e, n] = frame.toEnu(p[0], p[1], 0);
    const d = Math.hypot(e, n);
    if (d > best) {
      best = d;
      bearing = ((Math.atan2(e, n) * 180) / Math.PI + 360) % 360;
    }
  }
  return bearing;
}

const angleGap = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

describe('core/simulation/plume-wind-series', () => {
  const buildings = [building('east', 150, 0, 40), building('north', 0, 150, 25), building('west', -70, 0, 10)];
  const input = { sourceLonLat: SOURCE, rateKgS: 0.5, stability: 'F' as const, gridSize: 120 };
  const wind = [
    { startMin: 0, speedMs: 2, directionDeg: 270 }, // from the west: the plume goes east
    { startMin: 20, speedMs: 2, directionDeg: 180 }, // from the south: north
    { startMin: 40, speedMs: 3, directionDeg: 90, stability: 'E' as const }, // from the east: west
  ];
  const series = gasLeakUnderWindSeries(input, wind, 60, buildings);

  it('gives one footprint per wind period, rotating with the wind', () => {
    expect(series.periods.map((p) => [p.startMin, p.endMin])).toEqual([
      [0, 20],
      [20, 40],
      [40, 60],
    ]);
    expect(series.periods[2]!.stability).toBe('E');
    expect(series.periods[0]!.stability).toBe('F');
    wind.forEach((w, k) => {
      const downwind = (w.directionDeg + 180) % 360;
      expect(angleGap(farBearing(series.periods[k]!.evacuationZone), downwind), `period ${k}`).toBeLessThan(10);
      const lel10 = series.periods[k]!.contours.find((c) => c.name === 'lel-10')!;
      expect(lel10.rings.length).toBeGreaterThan(0);
    });
    expect(series.periods.map((p) => p.affectedBuildings)).toEqual([['east'], ['north'], ['west']]);
  });

  it('has an envelope containing every period zone, with the union of buildings and people', () => {
    const envelope = series.envelope.zone.map((poly) =>
      poly.map((ring) => ring.map(([x, y]) => [x, y] as [number, number])),
    );
    for (const p of series.periods) {
      const zone = [
        [
          ...p.evacuationZone.map(([x, y]) => [x, y] as [number, number]),
          [p.evacuationZone[0]![0], p.evacuationZone[0]![1]] as [number, number],
        ],
      ];
      const outside = polygonClipping.difference(zone, ...envelope);
      const area = outside.flat().reduce(
        (s, ring) =>
          s +
          Math.abs(
            ring.reduce((a, q, i) => {
              const r = ring[(i + 1) % ring.length]!;
              return a + q[0] * r[1] - r[0] * q[1];
            }, 0),
          ),
        0,
      );
      expect(area).toBeLessThan(1e-12); // square degrees: nothing of a zone lies outside the envelope
    }
    expect(series.envelope.affectedBuildings).toEqual(['east', 'north', 'west']);
    expect(series.envelope.population).toBe(75);
    // Three plumes in three directions: the envelope reaches east, north and west of the source.
    const ring = series.envelope.zone[0]![0]!.map(([x, y]) => frame.toEnu(x, y, 0)).map(
      ([e, n]) => [e, n] as [number, number],
    );
    expect(insideRing(100, 0, ring) && insideRing(0, 100, ring) && insideRing(-60, 0, ring)).toBe(true);
    expect(insideRing(0, -100, ring)).toBe(false); // nobody sent the gas south
  });

  it('refuses an empty or unordered series', () => {
    expect(() => gasLeakUnderWindSeries(input, [], 60, buildings)).toThrow(RangeError);
    expect(() => gasLeakUnderWindSeries(input, [wind[1]!, wind[0]!], 60, buildings)).toThrow(RangeError);
    expect(() => gasLeakUnderWindSeries(input, wind, 40, buildings)).toThrow(RangeError);
  });
});
