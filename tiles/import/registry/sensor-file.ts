import path from 'node:path';
import { polylineMidpoint } from '../../../core/grid/index.js';
import type { CityBundle, Sensor } from '../../../core/model/index.js';
import {
  KIND_UNITS,
  SENSOR_RECORD_FIELDS,
  SensorRecordSchema,
  convertsDifferences,
  pickFields,
  unitConverter,
  type FieldMap,
} from '../../../core/registry/index.js';
import {
  addCount,
  createReport,
  fail,
  finish,
  type ImportResult,
  type SourceLocation,
} from '../../report/import-report.js';
import { readCsvRows } from './csv-rows.js';

/** Default expected reporting interval when the file gives none (s). */
const DEFAULT_INTERVAL_S = 60;

export interface SensorFileOptions {
  source: string;
  map?: FieldMap;
  delimiter?: string;
}

/** Records of a sensor file with where each came from: CSV rows (line numbers), a JSON array, GeoJSON points. */
function recordsOf(
  text: string,
  options: SensorFileOptions,
): { raw: Record<string, unknown>; where: SourceLocation }[] | string {
  const ext = path.extname(options.source).toLowerCase();
  if (ext === '.json' || ext === '.geojson' || /^\s*[[{]/.test(text)) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return `invalid JSON: ${(e as Error).message}`;
    }
    const d = doc as { type?: string; features?: unknown[]; sensors?: unknown[] };
    if (d?.type === 'FeatureCollection' && Array.isArray(d.features))
      return d.features.map((f, featureIndex) => {
        const feature = f as {
          properties?: Record<string, unknown>;
          geometry?: { type?: string; coordinates?: unknown };
        };
        const raw: Record<string, unknown> = { ...(feature.properties ?? {}) };
        const c = feature.geometry?.type === 'Point' ? (feature.geometry.coordinates as number[]) : null;
        if (c) [raw.lon, raw.lat] = c;
        return { raw, where: { featureIndex } };
      });
    const list = Array.isArray(doc) ? doc : Array.isArray(d?.sensors) ? d.sensors : null;
    if (!list) return 'JSON sensors are an array of objects (or {"sensors": [...]}) or a GeoJSON FeatureCollection';
    return list.map((o, featureIndex) => ({ raw: (o ?? {}) as Record<string, unknown>, where: { featureIndex } }));
  }
  return readCsvRows(text, options.delimiter).rows.map((r) => ({ raw: r.values, where: { line: r.line } }));
}

/**
 * Reads a city's own sensors from CSV (`id,kind,unit,lon,lat` and optional `name,node,link,lolo,lo,hi,hihi,
 * deadband,reportingIntervalS`), a JSON array or GeoJSON points. A sensor bound to a node or link takes its position
 * (when lon/lat are empty) and utility from it; values, thresholds and deadband are converted to the kind's unit.
 * Any bad row is an error naming its line and field, and nothing is returned.
 */
export function importSensorFile(
  text: string,
  city: Pick<CityBundle, 'nodes' | 'links'>,
  options: SensorFileOptions,
): ImportResult<{ sensors: Sensor[] }> {
  const report = createReport(options.source, 'sensors');
  const records = recordsOf(text, options);
  if (typeof records === 'string') {
    fail(report, records);
    return finish(report, { sensors: [] });
  }
  const nodes = new Map(city.nodes.map((n) => [n.id, n]));
  const links = new Map(city.links.map((l) => [l.id, l]));
  const seen = new Map<string, SourceLocation>();
  const sensors: Sensor[] = [];
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
    const toKind = unitConverter(r.kind, r.unit);
    const diff = convertsDifferences(r.kind, r.unit);
    if (!toKind || !diff) {
      fail(report, `unit "${r.unit}" is not one GridTwin converts to ${KIND_UNITS[r.kind]} for a ${r.kind} sensor`, at);
      continue;
    }
    let position: [number, number] | undefined =
      r.lon !== undefined && r.lat !== undefined ? [r.lon, r.lat] : undefined;
    let mount: Sensor['mount'] = null;
    let utility: Sensor['utility'];
    if (r.node) {
      const n = nodes.get(r.node);
      if (!n) {
        fail(report, `node "${r.node}" is not in the city's networks`, at);
        continue;
      }
      mount = { type: 'node', id: n.id };
      utility = n.utility;
      position ??= [n.position[0], n.position[1]];
    } else if (r.link) {
      const l = links.get(r.link);
      if (!l) {
        fail(report, `link "${r.link}" is not in the city's networks`, at);
        continue;
      }
      mount = { type: 'link', id: l.id };
      utility = l.utility;
      position ??= polylineMidpoint(l.path);
    }
    if (r.unit !== KIND_UNITS[r.kind]) addCount(report, `converted from ${r.unit}`);
    const thresholds: Sensor['thresholds'] = {};
    for (const k of ['lolo', 'lo', 'hi', 'hihi'] as const) if (r[k] !== undefined) thresholds[k] = round(toKind(r[k]));
    if (r.deadband !== undefined) thresholds.deadband = round(Math.abs(diff(r.deadband)));
    sensors.push({
      id: r.id,
      kind: r.kind,
      unit: KIND_UNITS[r.kind],
      ...(r.name ? { name: r.name } : {}),
      ...(utility ? { utility } : {}),
      mount,
      position: position!,
      heightM: 0,
      thresholds,
      reportingIntervalS: r.reportingIntervalS ?? DEFAULT_INTERVAL_S,
      gridId: null,
      attributes: r.unit !== KIND_UNITS[r.kind] ? { sourceUnit: r.unit } : {},
    });
    addCount(report, r.kind);
  }
  if (records.some(({ raw }) => pickFields(raw, ['reportingIntervalS'], options.map).reportingIntervalS === undefined))
    report.assumptions.push(`reporting interval ${DEFAULT_INTERVAL_S} s where the file gives none`);
  return finish(report, { sensors });
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;
