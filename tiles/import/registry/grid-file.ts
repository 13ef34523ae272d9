import { multiPolygonAreaM2 } from '../../../core/geo/index.js';
import { pointOnSurface } from '../../../core/grid/index.js';
import type { Bbox, Grid, GridLevel, MultiPolygonCoords } from '../../../core/model/index.js';
import {
  GRID_RECORD_FIELDS,
  GridRecordSchema,
  checkGrids,
  pickFields,
  type FieldMap,
  type GridQaFinding,
} from '../../../core/registry/index.js';
import { GRID_LEVELS } from '../../../core/model/index.js';
import { addCount, createReport, fail, finish, warn, type ImportResult } from '../../report/import-report.js';
import { convertPolygon } from '../geojson-buildings.js';
import { converterFor, type GeoJsonFeature } from '../geojson-source.js';

export interface GridFileOptions {
  source: string;
  /** CRS of the coordinates (wins over the file's own `crs`). */
  crs?: string;
  crsName?: string;
  map?: FieldMap;
  /** The city's bbox, to find cells outside it (null for a new city). */
  cityBbox: Bbox | null;
}

/** What a grid file gives: the grids (parents before children) and the QA findings. */
export interface GridFileParts {
  grids: Grid[];
  qa: GridQaFinding[];
}

const fmtArea = (m2: number): string => (m2 >= 10_000 ? `${(m2 / 10_000).toFixed(2)} ha` : `${m2} m²`);

/** A QA finding as a report line. */
export function describeFinding(f: GridQaFinding): string {
  const at = `at ${f.at[0]}, ${f.at[1]}`;
  if (f.kind === 'overlap') return `cells ${f.codes[0]} and ${f.codes[1]} overlap by ${fmtArea(f.areaM2)} ${at}`;
  if (f.kind === 'gap') return `gap of ${fmtArea(f.areaM2)} ${at} (between ${f.codes.join(', ')})`;
  return `grid ${f.codes[0]} lies outside the city (${fmtArea(f.areaM2)} ${at})`;
}

/**
 * Reads a city's own grids from polygon features: properties `code`, `name`, `nameEn`, `level`, `parent` (a code),
 * `worker`, `phone`, `crews`, or the source names `--map` gives. Grid ids are the codes. Errors (nothing saved):
 * a feature without a polygon or a code, duplicate codes, a parent code that is not in the file, a parent that is
 * not one level up. QA warnings: overlaps and gaps between grids of a level, grids outside the city.
 */
export function importGridFeatures(
  features: readonly GeoJsonFeature[],
  options: GridFileOptions,
): ImportResult<GridFileParts> {
  const report = createReport(options.source, 'grids');
  const conv = converterFor(options.crs, options.crsName, report);
  if (!conv) return finish(report, { grids: [], qa: [] });
  if (conv.crs !== 'EPSG:4326') report.assumptions.push(`coordinates read in ${conv.crs} and converted to WGS84`);
  const grids: (Grid & { parentCode?: string; featureIndex: number })[] = [];
  const byCode = new Map<string, number>();
  let levelGiven = false;
  features.forEach((f, featureIndex) => {
    const raw = pickFields(f.properties ?? {}, GRID_RECORD_FIELDS, options.map);
    if (raw.level !== undefined && raw.level !== '') levelGiven = true;
    const parsed = GridRecordSchema.safeParse(raw);
    const code = typeof raw.code === 'string' || typeof raw.code === 'number' ? String(raw.code) : undefined;
    const where = code ? { featureIndex, featureId: code } : { featureIndex };
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'properties';
      const source = options.map?.[field] ? ` (column ${options.map[field]})` : '';
      fail(report, `${field}${source}: ${issue.message}`, where);
      return;
    }
    const r = parsed.data;
    const type = f.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      fail(report, `grid ${r.code} has no polygon (geometry ${type ?? 'null'})`, where);
      return;
    }
    const polys = type === 'Polygon' ? [f.geometry!.coordinates] : (f.geometry!.coordinates as unknown[]);
    const polygon: MultiPolygonCoords = [];
    for (const p of Array.isArray(polys) ? polys : []) {
      const c = convertPolygon(p, conv.convert, report, where);
      if (c) polygon.push(c);
    }
    if (polygon.length === 0) {
      fail(report, `grid ${r.code} has no usable polygon`, where);
      return;
    }
    if (byCode.has(r.code)) {
      fail(report, `duplicate code ${r.code} (also feature ${grids[byCode.get(r.code)!]!.featureIndex})`, where);
      return;
    }
    let worker: Grid['worker'];
    if (r.worker) {
      if (!r.phone) warn(report, `worker ${r.worker} of grid ${r.code} has no phone`, where);
      worker = { name: r.worker, phone: r.phone ?? '-' };
    }
    byCode.set(r.code, grids.length);
    grids.push({
      id: r.code,
      level: r.level,
      code: r.code,
      name: r.name ?? r.code,
      ...(r.nameEn ? { nameEn: r.nameEn } : {}),
      parentId: null,
      polygon,
      labelPosition: pointOnSurface(polygon),
      areaM2: Math.round(multiPolygonAreaM2(polygon)),
      ...(worker ? { worker } : {}),
      crewIds: r.crews,
      ...(r.parent ? { parentCode: r.parent } : {}),
      featureIndex,
    });
    addCount(report, r.level);
  });
  if (!levelGiven && grids.length > 0) report.assumptions.push('no level given: every grid is a cell');
  for (const g of grids) {
    if (!g.parentCode) continue;
    const where = { featureIndex: g.featureIndex, featureId: g.code };
    const parent = byCode.has(g.parentCode) ? grids[byCode.get(g.parentCode)!]! : undefined;
    if (!parent) fail(report, `grid ${g.code}: parent ${g.parentCode} is not in the file`, where);
    else if (GRID_LEVELS.indexOf(parent.level) >= GRID_LEVELS.indexOf(g.level))
      fail(
        report,
        `grid ${g.code} (${g.level}): parent ${parent.code} is a ${parent.level}, not a coarser level`,
        where,
      );
    else g.parentId = parent.id;
  }
  const clean: Grid[] = grids
    .map(({ parentCode: _p, featureIndex: _f, ...g }) => g)
    .sort((a, b) => GRID_LEVELS.indexOf(a.level as GridLevel) - GRID_LEVELS.indexOf(b.level as GridLevel));
  const qa = report.errors.length > 0 ? [] : checkGrids(clean, options.cityBbox);
  for (const f of qa) {
    warn(report, `QA: ${describeFinding(f)}`, { featureId: f.codes[0] });
    addCount(report, `qa ${f.kind}`);
  }
  return finish(report, { grids: clean, qa });
}
