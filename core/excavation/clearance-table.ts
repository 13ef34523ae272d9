import { z } from 'zod';
import { UTILITIES, type Utility } from '../model/network.schema.js';

/**
 * Minimum clearances between buried utilities, and from utilities to excavations and buildings.
 *
 * Source of the default table: GB 50289-2016 《城市工程管线综合规划规范》 (Code for urban engineering pipelines
 * comprehensive planning), table 4.1.9 (minimum horizontal clear distance between pipelines, and to buildings) and
 * table 4.1.14 (minimum vertical clear distance at crossings). The code distinguishes diameters and pressure classes;
 * this table keeps one value per pair of GridTwin utilities, taking the column that applies to the networks of a city
 * district: water supply d <= 200 mm, gas at low/medium pressure (<= 0.4 MPa), power and telecom in direct-buried
 * or conduit form (the larger of the two), heat direct-buried. Sewer and storm share the drainage column.
 *
 * The clearance of an excavation (how close a dig may come to a live utility before hand digging and the owner's
 * presence are required) is not set by GB 50289; the default follows common CJJ practice and local utility rules
 * (CJJ 51 for gas, the "hand-dig zone" of municipal excavation permits): 1.0 m horizontal for gas, power and heat,
 * 0.5 m for water, drainage and telecom, and 0.5 m vertical below the bottom of the dig for all.
 *
 * Every value is a setting: a city overrides any of them (`City.clearances`, see {@link resolveClearanceTable}).
 */

/** A horizontal and a vertical minimum clear distance, metres. */
export const ClearanceSchema = z.object({
  horizontalM: z.number().finite().min(0),
  verticalM: z.number().finite().min(0),
});
export type Clearance = z.infer<typeof ClearanceSchema>;

/** Key of an unordered utility pair: the two names sorted, joined by `/` (e.g. `gas/water`). */
export function pairKey(a: Utility, b: Utility): string {
  return a <= b ? `${a}/${b}` : `${b}/${a}`;
}

/** A city's full clearance table. */
export interface ClearanceTable {
  /** Where the values come from, for reports. */
  source: string;
  /** Between two utilities, by {@link pairKey}. */
  between: Record<string, Clearance>;
  /** From a utility to an excavation. */
  excavation: Record<Utility, Clearance>;
  /** Horizontal clear distance from a utility to a building's foundation, metres. */
  buildingM: Record<Utility, number>;
}

/** What a city may override (any subset); stored on the city record. */
export const ClearanceOverridesSchema = z.object({
  source: z.string().optional(),
  between: z.record(z.string().regex(/^[a-z]+\/[a-z]+$/), ClearanceSchema.partial()).optional(),
  excavation: z.partialRecord(z.enum(UTILITIES as [Utility, ...Utility[]]), ClearanceSchema.partial()).optional(),
  buildingM: z.partialRecord(z.enum(UTILITIES as [Utility, ...Utility[]]), z.number().finite().min(0)).optional(),
});
export type ClearanceOverrides = z.infer<typeof ClearanceOverridesSchema>;

const c = (horizontalM: number, verticalM: number): Clearance => ({ horizontalM, verticalM });

/** GB 50289-2016 tables 4.1.9 / 4.1.14, one value per pair (see the module comment for the columns taken). */
const GB50289_BETWEEN: Record<string, Clearance> = {
  'water/water': c(0.5, 0.15),
  'sewer/water': c(1.0, 0.4),
  'storm/water': c(1.0, 0.4),
  'gas/water': c(0.5, 0.15),
  'heat/water': c(1.5, 0.15),
  'power/water': c(0.5, 0.5),
  'telecom/water': c(1.0, 0.5),
  'sewer/sewer': c(0.5, 0.15),
  'sewer/storm': c(0.5, 0.15),
  'storm/storm': c(0.5, 0.15),
  'gas/sewer': c(1.0, 0.15),
  'gas/storm': c(1.0, 0.15),
  'heat/sewer': c(1.5, 0.15),
  'heat/storm': c(1.5, 0.15),
  'power/sewer': c(0.5, 0.5),
  'power/storm': c(0.5, 0.5),
  'sewer/telecom': c(1.0, 0.5),
  'storm/telecom': c(1.0, 0.5),
  'gas/gas': c(0.4, 0.15),
  'gas/heat': c(1.0, 0.15),
  'gas/power': c(0.5, 0.5),
  'gas/telecom': c(1.0, 0.5),
  'heat/heat': c(0.5, 0.15),
  'heat/power': c(2.0, 0.5),
  'heat/telecom': c(1.0, 0.25),
  'power/power': c(0.1, 0.5),
  'power/telecom': c(0.5, 0.5),
  'telecom/telecom': c(0.5, 0.25),
};

/** The default table (GB 50289-2016 and CJJ practice). */
export const DEFAULT_CLEARANCE_TABLE: ClearanceTable = {
  source: 'GB 50289-2016 tables 4.1.9 and 4.1.14; excavation clearances after CJJ practice',
  between: GB50289_BETWEEN,
  excavation: {
    water: c(0.5, 0.5),
    sewer: c(0.5, 0.5),
    storm: c(0.5, 0.5),
    gas: c(1.0, 0.5),
    power: c(1.0, 0.5),
    telecom: c(0.5, 0.5),
    heat: c(1.0, 0.5),
  },
  // Table 4.1.9, "建(构)筑物" column.
  buildingM: { water: 1.0, sewer: 2.5, storm: 2.5, gas: 0.7, power: 0.6, telecom: 1.0, heat: 3.0 },
};

/** The default table with a city's overrides applied. */
export function resolveClearanceTable(overrides?: ClearanceOverrides | null): ClearanceTable {
  if (!overrides) return DEFAULT_CLEARANCE_TABLE;
  const between = { ...DEFAULT_CLEARANCE_TABLE.between };
  for (const [key, value] of Object.entries(overrides.between ?? {})) {
    const [a, b] = key.split('/') as [Utility, Utility];
    const k = pairKey(a, b);
    between[k] = { ...(between[k] ?? c(0, 0)), ...value };
  }
  const excavation = { ...DEFAULT_CLEARANCE_TABLE.excavation };
  for (const [u, value] of Object.entries(overrides.excavation ?? {}) as [Utility, Partial<Clearance>][])
    excavation[u] = { ...excavation[u], ...value };
  return {
    source: overrides.source ?? `${DEFAULT_CLEARANCE_TABLE.source}, with city overrides`,
    between,
    excavation,
    buildingM: { ...DEFAULT_CLEARANCE_TABLE.buildingM, ...overrides.buildingM },
  };
}

/** The clearance between two utilities (every pair is in the default table). */
export function clearanceBetween(table: ClearanceTable, a: Utility, b: Utility): Clearance {
  return table.between[pairKey(a, b)] ?? c(0, 0);
}
