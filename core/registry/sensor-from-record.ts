import { polylineMidpoint } from '../grid/point-on-surface.js';
import type { NetworkLink, NetworkNode, Sensor } from '../model/index.js';
import type { SensorRecord } from './sensor-record.schema.js';
import { KIND_UNITS, convertsDifferences, unitConverter } from './units.js';

/** Default expected reporting interval when a record gives none (s). */
export const DEFAULT_REPORTING_INTERVAL_S = 60;

/** A record that cannot become a sensor: the field at fault and why. */
export interface RecordProblem {
  field: string;
  message: string;
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * A registry record as a sensor: bound to its node or link (position and utility from it when lon/lat are empty),
 * unit, thresholds and deadband converted to the kind's unit (the source unit kept in `attributes.sourceUnit`).
 * The importers and the admin API both go through here. `gridId` is left null for the caller to assign.
 */
export function sensorFromRecord(
  r: SensorRecord,
  elements: { node: (id: string) => NetworkNode | undefined; link: (id: string) => NetworkLink | undefined },
): Sensor | RecordProblem {
  const toKind = unitConverter(r.kind, r.unit);
  const diff = convertsDifferences(r.kind, r.unit);
  if (!toKind || !diff)
    return {
      field: 'unit',
      message: `unit "${r.unit}" is not one GridTwin converts to ${KIND_UNITS[r.kind]} for a ${r.kind} sensor`,
    };
  let position: [number, number] | undefined = r.lon !== undefined && r.lat !== undefined ? [r.lon, r.lat] : undefined;
  let mount: Sensor['mount'] = null;
  let utility: Sensor['utility'];
  if (r.node) {
    const n = elements.node(r.node);
    if (!n) return { field: 'node', message: `node "${r.node}" is not in the city's networks` };
    mount = { type: 'node', id: n.id };
    utility = n.utility;
    position ??= [n.position[0], n.position[1]];
  } else if (r.link) {
    const l = elements.link(r.link);
    if (!l) return { field: 'link', message: `link "${r.link}" is not in the city's networks` };
    mount = { type: 'link', id: l.id };
    utility = l.utility;
    position ??= polylineMidpoint(l.path);
  }
  const thresholds: Sensor['thresholds'] = {};
  for (const k of ['lolo', 'lo', 'hi', 'hihi'] as const) if (r[k] !== undefined) thresholds[k] = round(toKind(r[k]));
  if (r.deadband !== undefined) thresholds.deadband = round(Math.abs(diff(r.deadband)));
  const unit = KIND_UNITS[r.kind];
  return {
    id: r.id,
    kind: r.kind,
    unit,
    ...(r.name ? { name: r.name } : {}),
    ...(utility ? { utility } : {}),
    mount,
    position: position!,
    heightM: 0,
    thresholds,
    reportingIntervalS: r.reportingIntervalS ?? DEFAULT_REPORTING_INTERVAL_S,
    gridId: null,
    attributes: r.unit !== unit ? { sourceUnit: r.unit } : {},
  };
}

/** Whether a conversion answered a problem rather than its record (records have an id, problems do not). */
export function isRecordProblem<T extends object>(v: T | RecordProblem): v is RecordProblem {
  return 'field' in v && 'message' in v && !('id' in v);
}
