import { clearanceBetween, DEFAULT_CLEARANCE_TABLE } from '../../core/excavation/index.js';
import type { Utility } from '../../core/model/index.js';

/** The pressure and cable utilities of the demo, top to bottom: the crossing order of GB 50289-2016 (通信, 电力, 燃气, 热力, 给水). */
export const PRESSURE_ORDER = ['telecom', 'power', 'gas', 'heat', 'water'] as const;
export type PressureUtility = (typeof PRESSURE_ORDER)[number];

/** The largest pipe or duct bank the demo lays for each of them, mm (the band must hold it). */
const LARGEST_MM: Record<PressureUtility, number> = { telecom: 600, power: 800, gas: 300, heat: 500, water: 1200 };

/** Cover over the shallowest band (telecom duct banks), m. */
const TOP_COVER_M = 0.7;

/**
 * Depth below ground of the top of every pipe of each pressure or cable utility, m. Every utility of the demo runs on
 * every road, so each one crosses every other at each junction (a run has to cross the other road's corridor): they
 * lie in bands, in the standard's crossing order, each band starting below the largest pipe of every band above it by
 * the vertical clearance of the pair (GB 50289-2016 table 4.1.14). The gravity networks go under them, crossing by
 * crossing (see gravity-network.ts).
 */
export const TOP_DEPTH_M: Record<PressureUtility, number> = (() => {
  const top = {} as Record<PressureUtility, number>;
  PRESSURE_ORDER.forEach((u, i) => {
    let t = TOP_COVER_M;
    for (const above of PRESSURE_ORDER.slice(0, i)) {
      const gap = clearanceBetween(DEFAULT_CLEARANCE_TABLE, above, u as Utility).verticalM;
      t = Math.max(t, top[above] + LARGEST_MM[above] / 1000 + gap);
    }
    // Rounded up, with a centimetre over: the audit must find the clearance held, not equalled to the last bit.
    top[u] = Math.ceil(t * 100) / 100 + 0.01;
  });
  return top;
})();

/** Invert (bottom of pipe, m above datum) of a pipe of `diameterMm` in its utility's band under ground `groundM`. */
export function bandInvertM(utility: PressureUtility, groundM: number, diameterMm: number): number {
  return groundM - TOP_DEPTH_M[utility] - diameterMm / 1000;
}
