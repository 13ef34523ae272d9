import type { CityBundle, Sensor } from '../model/index.js';
import { pickFields, type FieldMap } from './field-map.js';
import { SENSOR_RECORD_FIELDS, SensorRecordSchema } from './sensor-record.schema.js';
import {
  DEFAULT_REPORTING_INTERVAL_S as DEFAULT_INTERVAL_S,
  isRecordProblem,
  sensorFromRecord,
} from './sensor-from-record.js';
import { addCount, createReport, fail, finish, type ImportResult, type SourceLocation } from './import-report.js';
import { readRecordFile } from './record-file.js';

export interface SensorFileOptions {
  source: string;
  map?: FieldMap;
  delimiter?: string;
}

/**
 * Reads a city's own sensors from CSV (`id,kind,unit,lon,lat` and optional `name,node,link,lolo,lo,hi,hihi,
 * deadband,reportingIntervalS`), a JSON array or GeoJSON points. A sensor bound to a node or link takes its position
 * (when lon/lat are empty) and utility from it; values, thresholds and deadband are converted to the kind's unit.
 * Any bad row is an error naming its line and field, and nothing is returned. `sources` says where each sensor was
 * read (same order), so a preview can name the line of each change.
 */
export function importSensorFile(
  text: string,
  city: Pick<CityBundle, 'nodes' | 'links'>,
  options: SensorFileOptions,
): ImportResult<{ sensors: Sensor[]; sources: SourceLocation[] }> {
  const report = createReport(options.source, 'sensors');
  const records = readRecordFile(text, { source: options.source, delimiter: options.delimiter, listKey: 'sensors' });
  if (typeof records === 'string') {
    fail(report, records);
    return finish(report, { sensors: [], sources: [] });
  }
  const nodes = new Map(city.nodes.map((n) => [n.id, n]));
  const links = new Map(city.links.map((l) => [l.id, l]));
  const seen = new Map<string, SourceLocation>();
  const sensors: Sensor[] = [];
  const sources: SourceLocation[] = [];
  for (const { raw, where } of records) {
    const picked = pickFields(raw, SENSOR_RECORD_FIELDS, options.map);
    const parsed = SensorRecordSchema.safeParse(picked);
    const id = typeof picked.id === 'string' ? picked.id : undefined;
    const at = id ? { ...where, featureId: id } : where;
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'row';
      const value = picked[field];
      fail(report, `${field}${value !== undefined && value !== '' ? ` "${String(value)}"` : ''}: ${issue.message}`, at);
      continue;
    }
    const r = parsed.data;
    if (seen.has(r.id)) {
      fail(report, `duplicate sensor id ${r.id}`, at);
      continue;
    }
    seen.set(r.id, at);
    const sensor = sensorFromRecord(r, { node: (id) => nodes.get(id), link: (id) => links.get(id) });
    if (isRecordProblem(sensor)) {
      fail(report, sensor.message, at);
      continue;
    }
    if (r.unit !== sensor.unit) addCount(report, `converted from ${r.unit}`);
    sensors.push(sensor);
    sources.push(at);
    addCount(report, r.kind);
  }
  if (records.some(({ raw }) => pickFields(raw, ['reportingIntervalS'], options.map).reportingIntervalS === undefined))
    report.assumptions.push(`reporting interval ${DEFAULT_INTERVAL_S} s where the file gives none`);
  return finish(report, { sensors, sources });
}
