import type { Sensor } from '../model/index.js';
import type { SourceLocation } from './import-report.js';

/** What saving an imported sensor does to the registry. */
export type SensorImportStatus = 'created' | 'updated' | 'unchanged';

/** One row of an import preview: the sensor as it will be saved, what happens to it, and which fields change. */
export interface SensorImportRow {
  id: string;
  status: SensorImportStatus;
  /** The sensor fields that differ from the registered sensor (empty when created or unchanged). */
  changes: string[];
  where: SourceLocation;
  sensor: Sensor;
}

/** The fields compared between an imported sensor and the registered one, in the order a preview lists them. */
const COMPARED = [
  'name',
  'kind',
  'unit',
  'utility',
  'mount',
  'position',
  'heightM',
  'thresholds',
  'reportingIntervalS',
  'gridId',
  'attributes',
] as const satisfies readonly (keyof Sensor)[];

/** Rule settings a sensor file has no column for: an import keeps those set in the admin form. */
const KEPT_RULE_SETTINGS = ['minDurationS', 'rateLimitPerS', 'flatlineS'] as const;

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` compare equal. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

/**
 * Compares imported sensors with the registered ones: each becomes created, updated (with the fields that change)
 * or unchanged. The sensor answered is what a save stores: rule settings the file cannot carry (minimum duration,
 * rate limit, flatline) are kept from the registered sensor rather than silently dropped.
 */
export function planSensorImport(
  imported: readonly Sensor[],
  sources: readonly SourceLocation[],
  registered: (id: string) => Sensor | undefined,
): SensorImportRow[] {
  return imported.map((s, i) => {
    const where = sources[i] ?? {};
    const before = registered(s.id);
    if (!before) return { id: s.id, status: 'created', changes: [], where, sensor: s };
    const thresholds = { ...s.thresholds };
    for (const k of KEPT_RULE_SETTINGS) if (before.thresholds[k] !== undefined) thresholds[k] ??= before.thresholds[k];
    const sensor: Sensor = { ...s, thresholds };
    const changes = COMPARED.filter((f) => canonical(sensor[f]) !== canonical(before[f]));
    return { id: s.id, status: changes.length > 0 ? 'updated' : 'unchanged', changes, where, sensor };
  });
}
