/** A sequential ramp (dark teal to yellow to red) for analytic measures; colours as RGBA 0-255. */
const RAMP: readonly [number, number, number][] = [
  [33, 102, 172],
  [67, 162, 202],
  [123, 204, 196],
  [254, 224, 139],
  [253, 174, 97],
  [244, 109, 67],
  [215, 48, 39],
];

/** The ramp colour of `t` in [0, 1] (clamped), with alpha `alpha` (0-255). */
export function rampColor(t: number, alpha = 170): [number, number, number, number] {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!,
    b = RAMP[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f, alpha];
}

/** CSS gradient of the ramp, for the legend. */
export const RAMP_CSS = `linear-gradient(90deg, ${RAMP.map(([r, g, b]) => `rgb(${r},${g},${b})`).join(', ')})`;
