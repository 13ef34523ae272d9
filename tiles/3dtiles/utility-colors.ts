import type { Rgb } from '../../core/geometry/index.js';
import type { Utility } from '../../core/model/index.js';

/**
 * Pipe colours by utility after CJJ 61 (Chinese urban underground pipeline survey standard): water supply sky blue,
 * drainage brown (storm a lighter brown than sewer, so both read apart), gas pink, heat orange, power red, telecom
 * green. sRGB hex, as a legend would show them.
 */
export const CJJ61_COLORS: Readonly<Record<Utility, string>> = {
  water: '#29abe2',
  sewer: '#8b5a2b',
  storm: '#b07840',
  gas: '#ff69b4',
  heat: '#ff8c00',
  power: '#e02020',
  telecom: '#22a03c',
};

/** sRGB hex (`#rrggbb`) -> sRGB bytes. */
export function hexToRgb(hex: string): Rgb {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  if (!/^#?[0-9a-f]{6}$/i.test(hex)) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** sRGB bytes -> linear bytes: glTF vertex colours (COLOR_0) are linear, so a legend's sRGB must be converted. */
export function srgbToLinearBytes(rgb: Rgb): Rgb {
  const f = (c: number) => {
    const s = c / 255;
    return Math.round(255 * (s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4));
  };
  return [f(rgb[0]), f(rgb[1]), f(rgb[2])];
}
