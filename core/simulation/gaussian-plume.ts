import { pasquillGiffordSigmas, type StabilityClass } from './pasquill-gifford.js';

/** A continuous point release in a steady wind. */
export interface PlumeSource {
  /** Source position in a local east-north frame, m. */
  readonly east: number;
  readonly north: number;
  /** Effective release height above ground, m (0 for a buried main venting at the surface). */
  readonly heightM: number;
  /** Release rate, g/s. */
  readonly rateGs: number;
  /** Mean wind speed at release height, m/s (> 0; the model does not hold in calm air). */
  readonly windSpeedMs: number;
  /** Meteorological wind direction: where the wind comes FROM, degrees clockwise from north. */
  readonly windFromDeg: number;
  readonly stability: StabilityClass;
}

/**
 * Gaussian plume concentration (g/m^3) with total reflection at the ground (Turner 1970, eq. 3.1):
 * C = Q / (2 pi u sy sz) exp(-y^2 / 2 sy^2) [exp(-(z-H)^2 / 2 sz^2) + exp(-(z+H)^2 / 2 sz^2)].
 * `downwindM` <= 0 gives 0 (upwind of the source).
 */
export function plumeConcentration(
  source: Pick<PlumeSource, 'heightM' | 'rateGs' | 'windSpeedMs' | 'stability'>,
  downwindM: number,
  crosswindM: number,
  heightM = 0,
): number {
  if (!(source.windSpeedMs > 0)) throw new RangeError(`windSpeedMs must be positive, got ${source.windSpeedMs}`);
  if (!(downwindM > 0)) return 0;
  const { sigmaYM: sy, sigmaZM: sz } = pasquillGiffordSigmas(downwindM, source.stability);
  const h = source.heightM;
  const vertical = Math.exp(-((heightM - h) ** 2) / (2 * sz * sz)) + Math.exp(-((heightM + h) ** 2) / (2 * sz * sz));
  return (
    (source.rateGs / (2 * Math.PI * source.windSpeedMs * sy * sz)) *
    Math.exp(-(crosswindM * crosswindM) / (2 * sy * sy)) *
    vertical
  );
}

/** A regular grid in the local east-north frame: cell centres at origin + (i + 0.5, j + 0.5) * cellM. */
export interface PlumeGridSpec {
  readonly originEast: number;
  readonly originNorth: number;
  readonly cellM: number;
  readonly cols: number;
  readonly rows: number;
}

/** Ground-level concentrations on a grid, g/m^3, row-major from the south-west cell (index j * cols + i). */
export interface PlumeGrid extends PlumeGridSpec {
  readonly values: Float32Array;
  readonly max: number;
}

/**
 * Ground-level concentration on a grid. Sigmas come from a table along the downwind axis (step = cellM / 4, at most
 * 1 m), so a 1000 x 1000 grid costs one exp per cell; cells more than ~7.7 sigma_y off the axis are left at 0.
 * @param result optional array of cols * rows to fill (reused between calls).
 */
export function plumeGrid(source: PlumeSource, grid: PlumeGridSpec, result?: Float32Array): PlumeGrid {
  if (!(grid.cellM > 0) || grid.cols < 1 || grid.rows < 1)
    throw new RangeError('grid: cellM must be positive and cols, rows at least 1');
  if (!(source.windSpeedMs > 0)) throw new RangeError(`windSpeedMs must be positive, got ${source.windSpeedMs}`);
  const n = grid.cols * grid.rows;
  const values = result && result.length === n ? result : new Float32Array(n);
  values.fill(0);
  const theta = (source.windFromDeg * Math.PI) / 180;
  const de = -Math.sin(theta),
    dn = -Math.cos(theta); // unit vector toward where the wind blows
  const e0 = grid.originEast + grid.cellM / 2 - source.east;
  const n0 = grid.originNorth + grid.cellM / 2 - source.north;
  const corners = [
    [e0, n0],
    [e0 + grid.cols * grid.cellM, n0],
    [e0, n0 + grid.rows * grid.cellM],
    [e0 + grid.cols * grid.cellM, n0 + grid.rows * grid.cellM],
  ];
  const maxX = Math.max(...corners.map(([e, nn]) => e! * de + nn! * dn));
  if (maxX <= 0) return { ...grid, values, max: 0 };
  const step = Math.min(1, grid.cellM / 4);
  const bins = Math.ceil(maxX / step) + 2;
  const amp = new Float64Array(bins),
    inv2sy2 = new Float64Array(bins),
    reach2 = new Float64Array(bins);
  const h2 = source.heightM * source.heightM;
  for (let k = 0; k < bins; k++) {
    const x = Math.max(k, 0.5) * step;
    const { sigmaYM: sy, sigmaZM: sz } = pasquillGiffordSigmas(x, source.stability);
    amp[k] = (source.rateGs / (Math.PI * source.windSpeedMs * sy * sz)) * Math.exp(-h2 / (2 * sz * sz));
    inv2sy2[k] = 1 / (2 * sy * sy);
    reach2[k] = 60 * sy * sy; // exp(-30): below any threshold of interest
  }
  let max = 0;
  const invStep = 1 / step;
  for (let j = 0; j < grid.rows; j++) {
    const dnj = n0 + j * grid.cellM;
    const rowBase = j * grid.cols;
    for (let i = 0; i < grid.cols; i++) {
      const dei = e0 + i * grid.cellM;
      const x = dei * de + dnj * dn;
      if (x <= 0) continue;
      const k = (x * invStep + 0.5) | 0;
      const y = dnj * de - dei * dn;
      const y2 = y * y;
      if (y2 > reach2[k]!) continue;
      const c = amp[k]! * Math.exp(-y2 * inv2sy2[k]!);
      values[rowBase + i] = c;
      if (c > max) max = c;
    }
  }
  return { ...grid, values, max };
}
