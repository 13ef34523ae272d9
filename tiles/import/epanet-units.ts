/**
 * EPANET unit systems and the factors that take each quantity to GridTwin's SI (m, mm, L/s, m³) and back.
 * US units follow from the flow units (CFS, GPM, MGD, IMGD, AFD); the others are SI (EPANET manual, table "Units").
 */

/** Flow units EPANET 2.2/2.3 accept, with litres per second per unit. */
export const FLOW_UNIT_TO_LPS: Record<string, number> = {
  CFS: 28.316846592,
  GPM: 0.0630901964,
  MGD: 43.812636388889,
  IMGD: 52.616782407407,
  AFD: 14.27641015625,
  LPS: 1,
  LPM: 1 / 60,
  MLD: 1_000_000 / 86_400,
  CMH: 1000 / 3600,
  CMD: 1000 / 86_400,
  CMS: 1000,
};

const US_FLOW_UNITS = new Set(['CFS', 'GPM', 'MGD', 'IMGD', 'AFD']);

/** Factors from a file's units to SI. Multiply file values by them; divide model values to write a file. */
export interface UnitFactors {
  flowUnits: string;
  us: boolean;
  /** Flow -> L/s. */
  flow: number;
  /** Length, elevation, head, tank level and diameter -> m. */
  length: number;
  /** Pipe and valve diameter -> mm. */
  diameter: number;
  /** Pressure (PRV/PSV/PBV settings) -> m of head. EPANET uses 0.4333 psi per foot. */
  pressure: number;
  /** Tank volume -> m³. */
  volume: number;
  /** Darcy-Weisbach roughness (millifeet or mm) -> mm. */
  darcyRoughness: number;
}

/** The factors of a flow-units name (case-insensitive), or undefined if EPANET does not know it. */
export function unitFactors(flowUnits: string): UnitFactors | undefined {
  const name = flowUnits.toUpperCase();
  const flow = FLOW_UNIT_TO_LPS[name];
  if (flow === undefined) return undefined;
  const us = US_FLOW_UNITS.has(name);
  const ft = 0.3048;
  return {
    flowUnits: name,
    us,
    flow,
    length: us ? ft : 1,
    diameter: us ? 25.4 : 1,
    pressure: us ? ft / 0.4333 : 1,
    volume: us ? ft * ft * ft : 1,
    darcyRoughness: us ? ft : 1,
  };
}

/** Writes a number compactly and exactly enough for a round trip (12 significant digits, no trailing zeros). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write a non-finite number: ${value}`);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}
