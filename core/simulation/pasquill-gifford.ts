/** Pasquill-Gifford stability classes: A very unstable ... D neutral ... F very stable. */
export type StabilityClass = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
export const STABILITY_CLASSES: readonly StabilityClass[] = ['A', 'B', 'C', 'D', 'E', 'F'];

/**
 * Rural Pasquill-Gifford dispersion coefficients as EPA's ISC3 model computes them (User's Guide for the Industrial
 * Source Complex (ISC3) Dispersion Models, Vol. II, EPA-454/B-95-003b, 1995, eqs. 1-33/1-34 and Tables 1-1, 1-2):
 * fits of Turner's (1970) curves. sigma_y = 465.11628 x tan(TH), TH = 0.017453293 (c - d ln x);
 * sigma_z = a x^b (capped at 5000 m), x in km.
 */
const SIGMA_Y: Record<StabilityClass, [number, number]> = {
  A: [24.167, 2.5334],
  B: [18.333, 1.8096],
  C: [12.5, 1.0857],
  D: [8.3333, 0.72382],
  E: [6.25, 0.54287],
  F: [4.1667, 0.36191],
};
/** Rows of [upper bound of x in km, a, b]. */
const SIGMA_Z: Record<StabilityClass, [number, number, number][]> = {
  A: [
    [0.1, 122.8, 0.9447],
    [0.15, 158.08, 1.0542],
    [0.2, 170.22, 1.0932],
    [0.25, 179.52, 1.1262],
    [0.3, 217.41, 1.2644],
    [0.4, 258.89, 1.4094],
    [0.5, 346.75, 1.7283],
    [Infinity, 453.85, 2.1166],
  ],
  B: [
    [0.2, 90.673, 0.93198],
    [0.4, 98.483, 0.98332],
    [Infinity, 109.3, 1.0971],
  ],
  C: [[Infinity, 61.141, 0.91465]],
  D: [
    [0.3, 34.459, 0.86974],
    [1, 32.093, 0.81066],
    [3, 32.093, 0.64403],
    [10, 33.504, 0.60486],
    [30, 36.65, 0.56589],
    [Infinity, 44.053, 0.51179],
  ],
  E: [
    [0.1, 24.26, 0.8366],
    [0.3, 23.331, 0.81956],
    [1, 21.628, 0.7566],
    [2, 21.628, 0.63077],
    [4, 22.534, 0.57154],
    [10, 24.703, 0.50527],
    [20, 26.97, 0.46713],
    [40, 35.42, 0.37615],
    [Infinity, 47.618, 0.29592],
  ],
  F: [
    [0.2, 15.209, 0.81558],
    [0.7, 14.457, 0.78407],
    [1, 13.953, 0.68465],
    [2, 13.953, 0.63227],
    [3, 14.823, 0.54503],
    [7, 16.187, 0.4649],
    [15, 17.836, 0.41507],
    [30, 22.651, 0.32681],
    [60, 27.074, 0.27436],
    [Infinity, 34.219, 0.21716],
  ],
};

/**
 * Horizontal and vertical dispersion coefficients (m) at `downwindM` metres from the source.
 * @throws RangeError for a non-positive distance or an unknown class.
 */
export function pasquillGiffordSigmas(
  downwindM: number,
  stability: StabilityClass,
): { sigmaYM: number; sigmaZM: number } {
  if (!(downwindM > 0)) throw new RangeError(`downwindM must be positive, got ${downwindM}`);
  const y = SIGMA_Y[stability];
  if (!y) throw new RangeError(`stability: unknown class ${stability}`);
  const xKm = downwindM / 1000;
  const th = 0.017453293 * (y[0] - y[1] * Math.log(xKm));
  const sigmaYM = 465.11628 * xKm * Math.tan(th);
  const row = SIGMA_Z[stability].find((r) => xKm <= r[0])!;
  const sigmaZM = Math.min(5000, row[1] * Math.pow(xKm, row[2]));
  return { sigmaYM, sigmaZM };
}

/**
 * Pasquill's stability class from the 10 m wind speed and insolation (day) or cloud cover (night), as tabulated by
 * Turner (1970, Table 1). Day: `insolation` strong/moderate/slight; night: `cloudCover` fraction (>= 0.5 is
 * "thinly overcast or >= 4/8 low cloud"). Overcast day or night is D.
 */
export function stabilityFromWeather(
  windSpeedMs: number,
  when: { day: true; insolation: 'strong' | 'moderate' | 'slight' | 'overcast' } | { day: false; cloudCover: number },
): StabilityClass {
  const u = windSpeedMs;
  if (when.day) {
    if (when.insolation === 'overcast') return 'D';
    const table: Record<'strong' | 'moderate' | 'slight', StabilityClass[]> = {
      strong: ['A', 'A', 'B', 'C', 'C'],
      moderate: ['A', 'B', 'B', 'C', 'D'],
      slight: ['B', 'C', 'C', 'D', 'D'],
    };
    return table[when.insolation][u < 2 ? 0 : u < 3 ? 1 : u < 5 ? 2 : u < 6 ? 3 : 4]!;
  }
  if (when.cloudCover >= 0.875) return 'D';
  const cloudy = when.cloudCover >= 0.5;
  if (u < 2) return cloudy ? 'E' : 'F'; // Turner leaves < 2 m/s at night blank; the stable end is the safe side.
  if (u < 3) return cloudy ? 'E' : 'F';
  if (u < 5) return cloudy ? 'D' : 'E';
  return 'D';
}
