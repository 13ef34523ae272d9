import type { Sensor } from '../../core/model/index.js';
import { localDistanceM } from '../../core/geo/index.js';
import type { SeededRandom } from '../../core/random/index.js';

/** A scripted incident: what happens, where (a sensor it centres on), when (epoch ms) and for how long. */
export interface Incident {
  kind: 'burst' | 'overflow' | 'gas-leak' | 'storm';
  centreSensorId: string;
  startMs: number;
  durationMs: number;
}

/** Per-sensor model state (faults in progress, last value for flatlines). */
export interface ModelState {
  flatUntil: number;
  dropUntil: number;
  last: number;
}

/** How often faults strike, per reading. */
export const FAULT_RATES = { dropout: 0.002, flatline: 0.001, spike: 0.002 } as const;

/** Local hour of day in Shanghai (UTC+8), fractional. */
const hourOf = (tMs: number) => (((tMs / 3_600_000 + 8) % 24) + 24) % 24;

/** Water demand relative to the daily mean: morning and evening peaks, a night trough (about 0.5 to 1.45). */
export function demandFactor(tMs: number): number {
  const h = hourOf(tMs);
  const bump = (centre: number, width: number) => Math.exp(-(((h - centre) / width) ** 2));
  return 0.55 + 0.8 * bump(7.5, 1.8) + 0.6 * bump(19.5, 2.2) + 0.3 * bump(13, 3);
}

/** Background rain, mm/h: dry most of the time, showers in a few seeded windows of the day. */
export function backgroundRain(tMs: number): number {
  const h = hourOf(tMs);
  const shower = Math.max(0, Math.sin(((h - 15) / 3) * Math.PI)) * (h > 15 && h < 18 ? 12 : 0);
  return shower;
}

/** How strongly an incident acts on a sensor (0..1): ramps in over a fifth of its duration, fades with distance. */
export function incidentWeight(
  incident: Incident,
  sensor: Sensor,
  centre: Sensor,
  tMs: number,
  radiusM: number,
): number {
  const into = tMs - incident.startMs;
  if (into < 0 || into > incident.durationMs) return 0;
  const ramp = Math.min(1, into / (incident.durationMs / 5));
  const d = localDistanceM(sensor.position[0], sensor.position[1], centre.position[0], centre.position[1]);
  return d > radiusM ? 0 : ramp * (1 - (d / radiusM) * 0.6);
}

/** Which sensor kinds an incident drives, and how far it reaches (m). */
const REACH: Record<Incident['kind'], { radiusM: number }> = {
  burst: { radiusM: 600 },
  overflow: { radiusM: 250 },
  'gas-leak': { radiusM: 120 },
  storm: { radiusM: 100_000 },
};

/**
 * A realistic value for a sensor at time `tMs` (pure: randomness from `rng`, history in `state`): diurnal water
 * pressure (falling as demand rises) and flow, sewer and storm levels driven by rain, gas background noise, and the
 * effect of active incidents. Answers null for a drop-out (nothing is sent).
 */
export function simulateValue(
  sensor: Sensor,
  tMs: number,
  rng: SeededRandom,
  state: ModelState,
  incidents: readonly Incident[],
  byId: ReadonlyMap<string, Sensor>,
): number | null {
  if (tMs < state.dropUntil) return null;
  if (tMs < state.flatUntil) return state.last;
  const w = (kind: Incident['kind']) =>
    incidents
      .filter((i) => i.kind === kind)
      .reduce((max, i) => {
        const centre = byId.get(i.centreSensorId);
        return centre ? Math.max(max, incidentWeight(i, sensor, centre, tMs, REACH[kind].radiusM)) : max;
      }, 0);
  const t = sensor.thresholds;
  const demand = demandFactor(tMs);
  const rain = backgroundRain(tMs) + 60 * w('storm');
  let v: number;
  switch (sensor.kind) {
    case 'pressure':
      v = 38 - 9 * (demand - 1) + rng.normal(0, 0.3) - 30 * w('burst');
      break;
    case 'flow': {
      const hi = t.hi ?? 100;
      v = Math.max(0, 0.5 * hi * demand * (1 + 0.9 * w('burst')) + rng.normal(0, hi * 0.01));
      break;
    }
    case 'level': {
      const depth = Number(sensor.attributes['manholeDepthM'] ?? (t.hihi ?? 3) / 0.85);
      const storm = sensor.id.startsWith('l-r-');
      const base = storm ? 0.03 * depth : 0.12 * depth * demand;
      v = Math.min(
        depth,
        base +
          depth * Math.min(0.5, rain / (storm ? 80 : 200)) +
          0.92 * depth * w('overflow') +
          rng.normal(0, 0.005 * depth),
      );
      v = Math.max(0, v);
      break;
    }
    case 'gas':
      v = Math.max(0, rng.normal(0.4, 0.15) + 32 * w('gas-leak'));
      break;
    case 'rain':
      v = Math.max(0, rain + (rain > 0 ? rng.normal(0, 1) : 0));
      break;
    default:
      v = (t.hi ?? 10) * 0.5 + rng.normal(0, 0.1);
  }
  // Faults of real field devices.
  if (rng.chance(FAULT_RATES.dropout)) {
    state.dropUntil = tMs + sensor.reportingIntervalS * 1000 * rng.int(2, 5);
    return null;
  }
  if (rng.chance(FAULT_RATES.flatline)) state.flatUntil = tMs + sensor.reportingIntervalS * 1000 * rng.int(3, 10);
  if (rng.chance(FAULT_RATES.spike)) v *= rng.pick([3, -1, 0.2]);
  v = Math.round(v * 1000) / 1000;
  state.last = v;
  return v;
}

/**
 * The default scripted incidents, repeating every `cycleMs` from `startMs`: a main burst (pressure drop, flow rise),
 * a sewer overflow and a gas leak, each centred on the first sensor of its kind, each lasting 2.5 minutes.
 */
export function scriptedIncidents(
  sensors: readonly Sensor[],
  startMs: number,
  cycles = 8,
  cycleMs = 15 * 60_000,
): Incident[] {
  const first = (prefix: string, kind: string) =>
    sensors.find((s) => s.id.startsWith(prefix)) ?? sensors.find((s) => s.kind === kind);
  const plan: [Incident['kind'], Sensor | undefined, number][] = [
    ['burst', first('p-w-', 'pressure'), 2 * 60_000],
    ['overflow', first('l-s-', 'level'), 6 * 60_000],
    ['gas-leak', first('g-g-', 'gas'), 10 * 60_000],
  ];
  const out: Incident[] = [];
  for (let c = 0; c < cycles; c++) {
    for (const [kind, centre, at] of plan) {
      if (centre)
        out.push({ kind, centreSensorId: centre.id, startMs: startMs + c * cycleMs + at, durationMs: 150_000 });
    }
  }
  return out;
}
