import polygonClipping, { type MultiPolygon, type Polygon } from 'polygon-clipping';
import type { Building, LonLat } from '../model/index.js';
import { gasLeakFootprint, type GasContour, type GasLeakFootprint, type GasLeakInput } from './gas-leak.js';
import type { StabilityClass } from './pasquill-gifford.js';

/** One wind period: from `startMin` (minutes after the simulation start) until the next period starts. */
export interface WindPeriod {
  readonly startMin: number;
  readonly speedMs: number;
  /** Where the wind comes from, degrees clockwise from north (meteorological convention). */
  readonly directionDeg: number;
  /** Pasquill-Gifford class; the leak's own class when absent. */
  readonly stability?: StabilityClass;
}

/** The footprint of one wind period (the concentration grid is left out: one per period would weigh megabytes). */
export interface WindPeriodFootprint {
  startMin: number;
  endMin: number;
  windSpeedMs: number;
  windFromDeg: number;
  stability: StabilityClass;
  contours: GasContour[];
  evacuationZone: LonLat[];
  affectedBuildings: string[];
  population: number;
  maxConcentrationGm3: number;
}

/** What a leak under a changing wind gives: one footprint per period and the envelope of all of them. */
export interface GasLeakWindSeries {
  periods: WindPeriodFootprint[];
  envelope: {
    /** Union of the periods' evacuation zones, WGS84 multipolygon ([polygon][ring][vertex]). */
    zone: LonLat[][][];
    /** Buildings inside any period's zone, sorted. */
    affectedBuildings: string[];
    population: number;
  };
  /** Period 0's full footprint (with its grid), for callers that show one footprint. */
  first: GasLeakFootprint;
}

/**
 * Gas leak under a wind that changes: each period is a steady Gaussian plume in that period's wind (quasi-steady:
 * the plume is taken to re-establish within the period, which holds when the period is long against the travel time
 * to the contours, minutes for a few hundred metres at 1-5 m/s), and the envelope is the union of the periods'
 * evacuation zones. `endMin` of the last period is `lastEndMin` (the caller's horizon).
 * @throws RangeError when `wind` is empty, not sorted by `startMin`, or `lastEndMin` is not after the last start.
 */
export function gasLeakUnderWindSeries(
  input: Omit<GasLeakInput, 'windSpeedMs' | 'windFromDeg'>,
  wind: readonly WindPeriod[],
  lastEndMin: number,
  buildings: readonly Building[],
): GasLeakWindSeries {
  if (wind.length === 0) throw new RangeError('wind: at least one period is needed');
  for (let k = 1; k < wind.length; k++) {
    if (!(wind[k]!.startMin > wind[k - 1]!.startMin))
      throw new RangeError(`wind: periods must start in increasing order (period ${k})`);
  }
  if (!(lastEndMin > wind[wind.length - 1]!.startMin))
    throw new RangeError('wind: the horizon must end after the last period starts');
  const population = new Map(buildings.map((b) => [b.id, b.population]));
  let first: GasLeakFootprint | null = null;
  const periods = wind.map((w, k): WindPeriodFootprint => {
    const stability = w.stability ?? input.stability;
    const f = gasLeakFootprint({ ...input, windSpeedMs: w.speedMs, windFromDeg: w.directionDeg, stability }, buildings);
    first ??= f;
    return {
      startMin: w.startMin,
      endMin: k + 1 < wind.length ? wind[k + 1]!.startMin : lastEndMin,
      windSpeedMs: w.speedMs,
      windFromDeg: w.directionDeg,
      stability,
      contours: f.contours,
      evacuationZone: f.evacuationZone,
      affectedBuildings: f.affectedBuildings,
      population: f.population,
      maxConcentrationGm3: f.maxConcentrationGm3,
    };
  });
  const polygons: Polygon[] = periods.map((p) => [closeRing(p.evacuationZone)]);
  const union: MultiPolygon = polygonClipping.union(polygons[0]!, ...polygons.slice(1));
  const ids = [...new Set(periods.flatMap((p) => p.affectedBuildings))].sort();
  return {
    periods,
    envelope: {
      zone: union.map((poly) => poly.map((ring) => ring.map(([x, y]) => [x, y] as LonLat))),
      affectedBuildings: ids,
      population: ids.reduce((s, id) => s + (population.get(id) ?? 0), 0),
    },
    first: first!,
  };
}

function closeRing(ring: readonly LonLat[]): [number, number][] {
  const out = ring.map(([x, y]) => [x, y] as [number, number]);
  const a = out[0],
    b = out[out.length - 1];
  if (a && b && (a[0] !== b[0] || a[1] !== b[1])) out.push([a[0], a[1]]);
  return out;
}
