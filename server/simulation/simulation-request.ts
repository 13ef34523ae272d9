import { z } from 'zod';
import { STABILITY_CLASSES, type StabilityClass } from '../../core/simulation/index.js';

const city = z.string().min(1).optional();
const iso = z.iso.datetime({ offset: true });
const startTime = iso.optional().describe("Simulation start (ISO 8601); default: now minus the run's duration");
const stability = z.enum(STABILITY_CLASSES as [StabilityClass, ...StabilityClass[]]);

/** One wind period of a gas leak: when it starts (`at` ISO, or `minute` after the start) and the wind. */
export const WindPeriodRequestSchema = z.strictObject({
  at: iso.optional(),
  minute: z
    .number()
    .min(0)
    .max(7 * 1440)
    .optional(),
  speedMs: z.number().positive().max(40),
  directionDeg: z.number().min(0).max(360).describe('where the wind comes from, degrees from north'),
  stability: stability.optional(),
});

/** `POST /api/simulations` bodies. */
export const SimulationRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('burst'),
    city,
    startTime,
    linkId: z.string().min(1),
    closedValves: z.array(z.string()).optional(),
    brokenValves: z.array(z.string()).optional(),
    serviceThresholdM: z.number().finite().min(0).max(200).optional(),
    withEmitter: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal('storm'),
    city,
    startTime,
    utility: z.enum(['storm', 'sewer']).optional(),
    networkId: z.string().optional(),
    returnPeriodYears: z.number().min(1).max(1000).optional(),
    durationMin: z.number().min(5).max(1440).optional(),
    stepMin: z.number().min(0.5).max(10).optional(),
    afterMin: z.number().min(0).max(720).optional(),
    inflowShare: z.number().min(0).max(1).optional(),
    engine: z
      .enum(['swmm', 'simplified'])
      .optional()
      .describe('swmm (default): EPA SWMM 5.2 dynamic wave; simplified: GridTwin steady-flow router (ADR 0004)'),
    formula: z
      .strictObject({
        name: z.string().optional(),
        a1: z.number().positive(),
        c: z.number().min(0),
        b: z.number().min(0),
        n: z.number().positive(),
        peakRatio: z.number().gt(0).lt(1),
      })
      .optional(),
    rain: z
      .strictObject({ source: z.literal('gauges'), from: iso.optional(), to: iso.optional() })
      .optional()
      .describe(
        "Live rain: the city's rain gauges over [from, to) (default: the last durationMin minutes, or from startTime)",
      ),
  }),
  z.strictObject({
    kind: z.literal('gas-leak'),
    city,
    startTime,
    linkId: z.string().optional(),
    nodeId: z.string().optional(),
    rateKgS: z.number().positive().max(1000),
    windSpeedMs: z.number().positive().max(40).optional(),
    windFromDeg: z.number().min(0).max(360).optional(),
    stability: stability.optional(),
    heightM: z.number().min(0).max(500).optional(),
    wind: z
      .array(WindPeriodRequestSchema)
      .min(1)
      .max(48)
      .optional()
      .describe('A changing wind: one footprint per period plus their envelope'),
    durationMin: z
      .number()
      .positive()
      .max(7 * 1440)
      .optional()
      .describe('Horizon of the last wind period; default its start + 30 min (at least 60 min)'),
    odourFractionOfLel: z.number().positive().max(1).optional(),
    minEvacuationRadiusM: z.number().min(0).max(5000).optional(),
  }),
]);
export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;
export type GasLeakRequest = Extract<SimulationRequest, { kind: 'gas-leak' }>;

/** Wind periods of a gas-leak request in minutes after `startMs`; a single steady wind when no series is given. */
export function windPeriodsOf(
  r: GasLeakRequest,
  startMs: number,
): { startMin: number; speedMs: number; directionDeg: number; stability?: StabilityClass }[] {
  if (!r.wind) {
    if (r.windSpeedMs === undefined || r.windFromDeg === undefined)
      throw new RangeError('gas-leak needs windSpeedMs and windFromDeg, or a wind series');
    return [{ startMin: 0, speedMs: r.windSpeedMs, directionDeg: r.windFromDeg }];
  }
  return r.wind
    .map((w, k) => {
      const startMin = w.at !== undefined ? (Date.parse(w.at) - startMs) / 60_000 : (w.minute ?? (k === 0 ? 0 : NaN));
      if (!Number.isFinite(startMin) || startMin < 0)
        throw new RangeError(`wind[${k}]: give "at" (not before the start) or "minute"`);
      return {
        startMin,
        speedMs: w.speedMs,
        directionDeg: w.directionDeg,
        ...(w.stability ? { stability: w.stability } : {}),
      };
    })
    .sort((a, b) => a.startMin - b.startMin);
}
