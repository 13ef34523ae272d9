import type { Crew, Grid } from '../../../core/model/index.js';
import {
  CREW_RECORD_FIELDS,
  CrewRecordSchema,
  crewCells,
  crewFromRecord,
  pickFields,
  type FieldMap,
} from '../../../core/registry/index.js';
import { addCount, createReport, fail, finish, warn, type ImportResult } from '../../report/import-report.js';
import { describeIssue, readRecordFile } from '../../../core/registry/record-file.js';

export interface CrewFileOptions {
  source: string;
  map?: FieldMap;
  delimiter?: string;
}

/** What a crew file gives: the crews, and for those that say where they answer, the ids of their cells. */
export interface CrewFileParts {
  crews: Crew[];
  /** Crew id -> cell ids; absent for a crew that names neither cells nor a polygon (its cells stay as they are). */
  cells: Map<string, string[]>;
}

/**
 * Reads a city's utility crews from CSV (`id,name,utility,phone` and optional `nameEn,lon,lat,cells,polygon`), a JSON
 * array or GeoJSON (a Point is the base, a polygon the service area). Cells are grid codes or ids of the city; a
 * polygon serves every cell whose label point lies in it. Any bad row is an error naming its line and field, and
 * nothing is returned.
 */
export function importCrewFile(
  text: string,
  grids: readonly Grid[],
  options: CrewFileOptions,
): ImportResult<CrewFileParts> {
  const report = createReport(options.source, 'crews');
  const parts: CrewFileParts = { crews: [], cells: new Map() };
  const records = readRecordFile(text, { source: options.source, delimiter: options.delimiter, listKey: 'crews' });
  if (typeof records === 'string') {
    fail(report, records);
    return finish(report, parts);
  }
  const seen = new Set<string>();
  for (const { raw, where } of records) {
    const picked = pickFields(raw, CREW_RECORD_FIELDS, options.map);
    const id = typeof picked.id === 'string' || typeof picked.id === 'number' ? String(picked.id).trim() : undefined;
    const at = id ? { ...where, featureId: id } : where;
    const parsed = CrewRecordSchema.safeParse(picked);
    if (!parsed.success) {
      fail(report, describeIssue(parsed.error.issues[0]!, picked), at);
      continue;
    }
    const r = parsed.data;
    if (seen.has(r.id)) {
      fail(report, `duplicate crew id ${r.id}`, at);
      continue;
    }
    seen.add(r.id);
    if (r.cells.length > 0 || r.polygon) {
      const cells = crewCells(r, grids);
      if (!Array.isArray(cells)) {
        fail(report, `${cells.field}: ${cells.message}`, at);
        continue;
      }
      if (cells.length === 0) warn(report, `crew ${r.id}: its polygon holds no cell of the city`, at);
      parts.cells.set(r.id, cells);
      addCount(report, 'cell assignments', cells.length);
    }
    parts.crews.push(crewFromRecord(r));
    addCount(report, r.utility);
  }
  const without = parts.crews.filter((c) => !parts.cells.has(c.id)).length;
  if (without > 0)
    report.assumptions.push(`${without} crew(s) name neither cells nor a polygon: the cells they serve are kept`);
  return finish(report, parts);
}
