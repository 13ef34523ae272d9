import type { Utility } from '../../core/model/index.js';

/** Utilities whose runs are laid to a fall between manholes. */
export const GRAVITY_UTILITIES: ReadonlySet<Utility> = new Set(['sewer', 'storm']);

/** Gravity pipe sizes used by the demo sewer and storm networks, mm. */
export const GRAVITY_SIZES = [
  300, 400, 500, 600, 800, 1000, 1200, 1350, 1500, 1650, 1800, 2000, 2200, 2400, 2600, 2800, 3000,
];

/**
 * Minimum (self-cleansing) slopes by diameter, after GB 50014 practice: DN300 0.3 %, falling with size so a full
 * pipe keeps about 0.6-0.75 m/s. The large storm trunks (DN1650-DN3000, rational-method sizing) go on down to
 * 0.03 %, which still gives a full DN3000 about 1.1 m/s.
 */
export const MIN_SLOPE: Record<number, number> = {
  300: 0.003,
  400: 0.002,
  500: 0.0015,
  600: 0.0012,
  800: 0.001,
  1000: 0.0008,
  1200: 0.0007,
  1350: 0.0006,
  1500: 0.0006,
  1650: 0.0005,
  1800: 0.0005,
  2000: 0.0005,
  2200: 0.0004,
  2400: 0.0004,
  2600: 0.0004,
  2800: 0.0003,
  3000: 0.0003,
};

/**
 * Storm sewer design by the rational method (GB 50014 §4.2): Q = q(P, t) · Σ(ψ·F), q from Shanghai's storm intensity
 * formula at the design return period, t = inlet time + pipe travel time at full-bore velocity.
 */
export const STORM_DESIGN = {
  returnPeriodYears: 3,
  inletTimeMin: 10,
  roofCoefficient: 0.9,
  stripWidthM: 40,
  stripCoefficient: 0.7,
} as const;

/** Design rainfall intensity q (L/s per ha) of the Shanghai formula DB31/T 1043-2017 for duration `tMin`. */
export function shanghaiDesignIntensityLpsHa(returnPeriodYears: number, tMin: number): number {
  return (1600 * (1 + 0.846 * Math.log10(returnPeriodYears))) / Math.pow(tMin + 7, 0.656);
}

/** Full-bore velocity of a circular pipe by Manning (n = 0.013), m/s. */
export function fullBoreVelocity(diameterMm: number, slope: number): number {
  return fullBoreCapacity(diameterMm, slope) / ((Math.PI * (diameterMm / 1000) ** 2) / 4);
}

/** Design slopes run from the minimum up to this factor above it. */
export const SLOPE_SPREAD = 1.3;

/**
 * Cover limits of the gravity networks: invert depth below ground, m. They run under the five bands of pressure pipes
 * and cable banks (depth-bands.ts) wherever they cross them, so the deepest is that of Shanghai's deep sewers, not
 * the 6 m of a street that holds no other utility.
 */
export const MIN_INVERT_DEPTH_M = 1.5;
export const MAX_INVERT_DEPTH_M = 9;

/** Manhole spacing along a run, m (pieces are at most this long; runs shorter than the minimum stay one piece). */
export const MAX_MANHOLE_SPACING_M = 75;

/** Full-bore capacity of a circular pipe by Manning (n = 0.013), m³/s. */
export function fullBoreCapacity(diameterMm: number, slope: number): number {
  const d = diameterMm / 1000;
  const area = (Math.PI * d * d) / 4;
  return (area * Math.pow(d / 4, 2 / 3) * Math.sqrt(slope)) / 0.013;
}

/** Smallest standard size carrying `flowM3s` full at its minimum slope, and never smaller than `atLeastMm`. */
export function gravityDiameterMm(flowM3s: number, atLeastMm: number): number {
  const size = GRAVITY_SIZES.find((s) => s >= atLeastMm && fullBoreCapacity(s, MIN_SLOPE[s]!) >= flowM3s);
  return size ?? Math.max(atLeastMm, GRAVITY_SIZES[GRAVITY_SIZES.length - 1]!);
}

/** Minimum invert depth at a manhole whose outgoing pipe has this diameter: 1.5 m, or 0.8 m cover over the pipe. */
export function minDepthFor(diameterMm: number): number {
  return Math.max(MIN_INVERT_DEPTH_M, diameterMm / 1000 + 0.8);
}
