import type { SensorKind } from '../model/index.js';

/** The unit GridTwin keeps each kind of sensor in (rules, charts and the demo's sensors use it). */
export const KIND_UNITS: Readonly<Record<SensorKind, string>> = {
  pressure: 'm',
  flow: 'L/s',
  level: 'm',
  gas: '%LEL',
  rain: 'mm/h',
  temperature: '°C',
  quality: 'mg/L',
  vibration: 'mm/s',
};

type Convert = (v: number) => number;
const scale =
  (k: number): Convert =>
  (v) =>
    v * k;

/** Conversions into the kind's unit, by the source unit as written (lower-case, spaces removed). */
const TO_KIND_UNIT: Readonly<Partial<Record<SensorKind, Readonly<Record<string, Convert>>>>> = {
  // Pressure as metres of water head (1 m H2O = 9.80665 kPa).
  pressure: {
    m: scale(1),
    mh2o: scale(1),
    mwc: scale(1),
    kpa: scale(1 / 9.80665),
    mpa: scale(1000 / 9.80665),
    bar: scale(100 / 9.80665),
    psi: scale(6.894757 / 9.80665),
  },
  flow: {
    'l/s': scale(1),
    'm3/h': scale(1 / 3.6),
    'm³/h': scale(1 / 3.6),
    'm3/s': scale(1000),
    'l/min': scale(1 / 60),
    gpm: scale(3.785411784 / 60),
    mgd: scale(3785.411784 / 86.4),
  },
  level: { m: scale(1), cm: scale(0.01), mm: scale(0.001), ft: scale(0.3048) },
  temperature: {
    '°c': scale(1),
    c: scale(1),
    degc: scale(1),
    '°f': (v) => ((v - 32) * 5) / 9,
    f: (v) => ((v - 32) * 5) / 9,
    k: (v) => v - 273.15,
  },
  rain: { 'mm/h': scale(1), 'in/h': scale(25.4) },
};

/**
 * The converter from `unit` to the kind's unit, or null when GridTwin does not know the unit for that kind. The
 * same unit (in any case or spacing) converts by identity.
 */
export function unitConverter(kind: SensorKind, unit: string): Convert | null {
  const u = unit.toLowerCase().replace(/\s+/g, '');
  if (u === KIND_UNITS[kind].toLowerCase()) return (v) => v;
  return TO_KIND_UNIT[kind]?.[u] ?? null;
}

/** Whether a converter is a pure scale (so a deadband, a difference, converts with it too). */
export function convertsDifferences(kind: SensorKind, unit: string): Convert | null {
  const c = unitConverter(kind, unit);
  if (!c) return null;
  const zero = c(0);
  return (v) => c(v) - zero;
}
