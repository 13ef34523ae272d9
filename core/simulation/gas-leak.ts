import { EnuFrame } from '../geo/index.js';
import type { Building, LonLat } from '../model/index.js';
import { contourRings, convexHull, insideRing, type EnuRing } from './contours.js';
import { plumeConcentration, plumeGrid, type PlumeGrid } from './gaussian-plume.js';
import type { StabilityClass } from './pasquill-gifford.js';

/** Inputs of a gas-leak footprint. Defaults describe natural gas (methane) at 20 degC. */
export interface GasLeakInput {
  readonly sourceLonLat: LonLat;
  /** Release rate, kg/s. */
  readonly rateKgS: number;
  readonly windSpeedMs: number;
  /** Where the wind comes from, degrees clockwise from north. */
  readonly windFromDeg: number;
  readonly stability: StabilityClass;
  /** Release height, m. @default 0 */
  readonly heightM?: number;
  /** Lower explosive limit, volume fraction. @default 0.044 (methane, IEC 60079-20-1) */
  readonly lelVolumeFraction?: number;
  /** Gas density, kg/m^3. @default 0.668 (methane at 20 degC, 101.325 kPa) */
  readonly gasDensityKgM3?: number;
  /**
   * Concentration at which the odorised gas is surely smelled, as a fraction of the LEL.
   * @default 0.2 (GB 50028: odorised gas must be noticeable at 20 % of its LEL)
   */
  readonly odourFractionOfLel?: number;
  /** Smallest evacuation radius around the source, m. @default 50 */
  readonly minEvacuationRadiusM?: number;
  /** Grid cells per side. @default 200 */
  readonly gridSize?: number;
}

/** One iso-concentration footprint. */
export interface GasContour {
  name: 'lel-100' | 'lel-10' | 'odour';
  thresholdGm3: number;
  /** Closed rings, WGS84 [lon, lat]; even-odd fill. */
  rings: LonLat[][];
  /** How far downwind the threshold reaches on the plume axis, m (0 when never reached). */
  reachM: number;
}

/** What a planner sees for a gas leak. */
export interface GasLeakFootprint {
  thresholds: { lelGm3: number; lel10Gm3: number; odourGm3: number };
  contours: GasContour[];
  /** Evacuation zone: hull of the 10 % LEL footprint and a minimum circle around the source; WGS84 ring. */
  evacuationZone: LonLat[];
  affectedBuildings: string[];
  population: number;
  /** The concentration grid (g/m^3) for a ground footprint layer, in the source's ENU frame. */
  grid: Omit<PlumeGrid, 'values'> & { values: number[] };
  maxConcentrationGm3: number;
}

/** Downwind distance (m) where the ground-level axis concentration falls below `level` for good. */
function reachOf(input: GasLeakInput, rateGs: number, level: number): number {
  let last = 0;
  for (let x = 1; x < 50_000; x *= 1.05) {
    const c = plumeConcentration(
      { heightM: input.heightM ?? 0, rateGs, windSpeedMs: input.windSpeedMs, stability: input.stability },
      x,
      0,
      0,
    );
    if (c >= level) last = x;
    else if (last > 0) break;
  }
  return last;
}

/**
 * Gas-leak footprint: a Gaussian plume on a grid around the source, contours at 100 % and 10 % of the LEL and at
 * the odour threshold, the evacuation zone, and the buildings (any footprint vertex or its centroid inside the zone)
 * and people in it.
 */
export function gasLeakFootprint(input: GasLeakInput, buildings: readonly Building[]): GasLeakFootprint {
  if (!(input.rateKgS > 0)) throw new RangeError(`rateKgS must be positive, got ${input.rateKgS}`);
  const rateGs = input.rateKgS * 1000;
  const lelGm3 = (input.lelVolumeFraction ?? 0.044) * (input.gasDensityKgM3 ?? 0.668) * 1000;
  const levels = {
    'lel-100': lelGm3,
    'lel-10': lelGm3 * 0.1,
    odour: lelGm3 * (input.odourFractionOfLel ?? 0.2),
  } as const;
  const minRadius = input.minEvacuationRadiusM ?? 50;
  const reaches = Object.fromEntries(Object.entries(levels).map(([k, v]) => [k, reachOf(input, rateGs, v)])) as Record<
    keyof typeof levels,
    number
  >;
  const half = Math.max(minRadius, ...Object.values(reaches)) * 1.1 + 10;
  const size = input.gridSize ?? 200;
  const frame = new EnuFrame(input.sourceLonLat[0], input.sourceLonLat[1]);
  const grid = plumeGrid(
    {
      east: 0,
      north: 0,
      heightM: input.heightM ?? 0,
      rateGs,
      windSpeedMs: input.windSpeedMs,
      windFromDeg: input.windFromDeg,
      stability: input.stability,
    },
    { originEast: -half, originNorth: -half, cellM: (2 * half) / size, cols: size, rows: size },
  );
  const toLonLat = (ring: EnuRing): LonLat[] =>
    ring.map(([e, n]) => {
      const p = frame.fromEnu(e, n, 0);
      return [p[0], p[1]] as LonLat;
    });
  const contours: GasContour[] = (Object.keys(levels) as (keyof typeof levels)[]).map((name) => ({
    name,
    thresholdGm3: levels[name],
    rings: contourRings(grid, levels[name]).map(toLonLat),
    reachM: Math.round(reaches[name] * 10) / 10,
  }));
  const hullPoints: [number, number][] = [];
  for (const ring of contourRings(grid, levels['lel-10'])) hullPoints.push(...ring);
  for (let k = 0; k < 32; k++)
    hullPoints.push([minRadius * Math.cos((k * Math.PI) / 16), minRadius * Math.sin((k * Math.PI) / 16)]);
  const zone = convexHull(hullPoints);
  const affectedBuildings: string[] = [];
  let population = 0;
  const scratch: [number, number, number] = [0, 0, 0];
  for (const b of buildings) {
    const outer = b.footprint[0]?.[0];
    if (!outer) continue;
    let inside = false,
      ce = 0,
      cn = 0;
    for (const p of outer) {
      const [e, n] = frame.toEnu(p[0], p[1], 0, scratch);
      ce += e;
      cn += n;
      if (!inside && Math.abs(e) <= half && Math.abs(n) <= half && insideRing(e, n, zone)) inside = true;
    }
    if (!inside && insideRing(ce / outer.length, cn / outer.length, zone)) inside = true;
    if (inside) {
      affectedBuildings.push(b.id);
      population += b.population;
    }
  }
  return {
    thresholds: { lelGm3, lel10Gm3: levels['lel-10'], odourGm3: levels.odour },
    contours,
    evacuationZone: toLonLat(zone),
    affectedBuildings,
    population,
    grid: { ...grid, values: Array.from(grid.values, (v) => Math.round(v * 1e4) / 1e4) },
    maxConcentrationGm3: grid.max,
  };
}
