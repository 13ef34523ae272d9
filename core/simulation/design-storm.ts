/**
 * A storm intensity formula (暴雨强度公式) of the Chinese form i = A1 (1 + C lg P) / (t + b)^n, i in mm/min,
 * t the duration in minutes, P the return period in years.
 */
export interface StormIntensityFormula {
  readonly name: string;
  readonly source: string;
  /** mm/min. */
  readonly a1: number;
  readonly c: number;
  /** min. */
  readonly b: number;
  readonly n: number;
  /** Peak position of the Chicago design storm the same source prescribes (0..1). */
  readonly peakRatio: number;
}

/**
 * Shanghai, DB31/T 1043-2017 《暴雨强度公式与设计雨型标准》: q = 1600 (1 + 0.846 lg P) / (t + 7.0)^0.656 L/(s*hm2),
 * i.e. A1 = 1600 / 166.67 = 9.6 mm/min; Chicago design storm with peak ratio r = 0.405. (Values as quoted in the
 * standard's summaries; check them against the standard before design use.)
 */
export const SHANGHAI_STORM_FORMULA: StormIntensityFormula = {
  name: 'Shanghai DB31/T 1043-2017',
  source: 'DB31/T 1043-2017, q = 1600(1+0.846 lgP)/(t+7.0)^0.656 L/(s·hm²)',
  a1: 1600 / ((1000 * 10000) / 60 / 1000),
  c: 0.846,
  b: 7.0,
  n: 0.656,
  peakRatio: 0.405,
};

/** Average intensity (mm/min) of the storm of duration `durationMin` and return period `returnPeriodYears`. */
export function stormIntensity(f: StormIntensityFormula, returnPeriodYears: number, durationMin: number): number {
  if (!(returnPeriodYears >= 1)) throw new RangeError(`returnPeriodYears must be >= 1, got ${returnPeriodYears}`);
  if (!(durationMin > 0)) throw new RangeError(`durationMin must be positive, got ${durationMin}`);
  return (f.a1 * (1 + f.c * Math.log10(returnPeriodYears))) / Math.pow(durationMin + f.b, f.n);
}

/** A design storm as blocks of equal length. */
export interface Hyetograph {
  readonly stepMin: number;
  /** Mean intensity of each block, mm/h. */
  readonly intensityMmH: number[];
  /** Depth of each block, mm. */
  readonly depthMm: number[];
  readonly totalMm: number;
  readonly peakIntensityMmH: number;
}

/**
 * Chicago design storm (Keifer & Chu 1957) from an intensity formula: every window around the peak holds the depth
 * the formula gives for its duration, with `peakRatio` of it before the peak. Built from the cumulative mass curve
 * H(t) = i(t) t, so blocks sum exactly to the formula's depth for the whole duration.
 */
export function chicagoHyetograph(
  f: StormIntensityFormula,
  options: { returnPeriodYears: number; durationMin: number; stepMin: number; peakRatio?: number },
): Hyetograph {
  const { returnPeriodYears: p, durationMin: T, stepMin: dt } = options;
  const r = options.peakRatio ?? f.peakRatio;
  if (!(r > 0 && r < 1)) throw new RangeError(`peakRatio must be in (0, 1), got ${r}`);
  if (!(dt > 0) || !(T >= dt)) throw new RangeError('stepMin must be positive and at most durationMin');
  const H = (t: number): number => (t <= 0 ? 0 : stormIntensity(f, p, t) * t);
  const tp = r * T;
  const mass = (t: number): number =>
    t <= tp ? r * (H(T) - H((tp - t) / r)) : r * H(T) + (1 - r) * H((t - tp) / (1 - r));
  const blocks = Math.round(T / dt);
  const depthMm: number[] = [];
  for (let k = 0; k < blocks; k++) depthMm.push(mass(Math.min(T, (k + 1) * dt)) - mass(k * dt));
  const intensityMmH = depthMm.map((d) => (d / dt) * 60);
  return {
    stepMin: dt,
    intensityMmH,
    depthMm,
    totalMm: depthMm.reduce((s, d) => s + d, 0),
    peakIntensityMmH: Math.max(...intensityMmH),
  };
}
