/** Source length units GridTwin reads (`--length-unit`, `--height-unit`), in metres per unit. */
export const LENGTH_UNITS = {
  m: 1,
  mm: 0.001,
  ft: 0.3048,
  /** The US survey foot (1200/3937 m), of US state plane coordinates. */
  'us-ft': 1200 / 3937,
} as const;
export type LengthUnit = keyof typeof LENGTH_UNITS;

/** Whether a text names a length unit of {@link LENGTH_UNITS}. */
export function isLengthUnit(text: string): text is LengthUnit {
  return Object.prototype.hasOwnProperty.call(LENGTH_UNITS, text);
}
