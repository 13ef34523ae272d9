import type { AlertRule, Sensor, SensorKind, Severity } from '../model/index.js';

/** The rules that apply to one sensor, resolved from its kind's defaults and its own thresholds. */
export interface SensorRules {
  lolo?: number;
  lo?: number;
  hi?: number;
  hihi?: number;
  /** Hysteresis for clearing a threshold alert, in the sensor's unit. */
  deadband: number;
  /** A limit must hold this long before an alert is raised, ms. */
  minDurationMs: number;
  /** Absolute rate-of-change limit, unit per second. */
  rateLimitPerS?: number;
  /** Unchanged this long raises `flatline`, ms. */
  flatlineMs?: number;
  /** No reading for this long raises `stale`, ms (3 reporting intervals). */
  staleMs: number;
}

/** Defaults per sensor kind for the rules a sensor's thresholds do not set (units as the demo sensors use them). */
export const KIND_DEFAULTS: Partial<Record<SensorKind, { rateLimitPerS?: number; flatlineS?: number }>> = {
  // Pressure head in m: a main burst drops tens of metres within a minute; healthy diurnal swings are far slower.
  pressure: { rateLimitPerS: 0.5, flatlineS: 1800 },
  flow: { flatlineS: 1800 },
  level: { rateLimitPerS: 0.05 },
};

/** Reporting intervals without a reading before a sensor counts as stale. */
export const STALE_INTERVALS = 3;

/** Severity of each rule's alert. */
export const RULE_SEVERITY: Record<AlertRule, Severity> = {
  hihi: 'critical',
  lolo: 'critical',
  hi: 'major',
  lo: 'major',
  rate: 'major',
  flatline: 'minor',
  stale: 'minor',
  offline: 'major',
  simulation: 'major',
};

/** Resolves a sensor's rules: its thresholds first, then its kind's defaults. */
export function sensorRules(sensor: Sensor): SensorRules {
  const t = sensor.thresholds;
  const kind = KIND_DEFAULTS[sensor.kind] ?? {};
  const rules: SensorRules = {
    deadband: t.deadband ?? 0,
    minDurationMs: (t.minDurationS ?? 0) * 1000,
    staleMs: STALE_INTERVALS * sensor.reportingIntervalS * 1000,
  };
  if (t.lolo !== undefined) rules.lolo = t.lolo;
  if (t.lo !== undefined) rules.lo = t.lo;
  if (t.hi !== undefined) rules.hi = t.hi;
  if (t.hihi !== undefined) rules.hihi = t.hihi;
  const rate = t.rateLimitPerS ?? kind.rateLimitPerS;
  if (rate !== undefined) rules.rateLimitPerS = rate;
  const flat = t.flatlineS ?? kind.flatlineS;
  if (flat !== undefined) rules.flatlineMs = flat * 1000;
  return rules;
}
