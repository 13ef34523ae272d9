import type { Building, BuildingUse, LonLat, MultiPolygonCoords, PolygonCoords } from '../../core/model/index.js';
import type { ToWgs84 } from '../../core/geo/index.js';
import { isValidLonLat } from './coordinate-placement.js';
import { mergeBuildingPieces } from './building-pieces.js';
import { parseFeatures, sourceIdOf, type GeoJsonFeature, type ParsedFeatures } from './geojson-source.js';
import { featureConverter, type SourcePlacement } from './source-placement.js';
import { LENGTH_UNITS, multiPolygonAreaM2, type LengthUnit } from '../../core/geo/index.js';
import { estimatePopulation } from '../demo/building-estimates.js';
import {
  addCount,
  createReport,
  fail,
  finish,
  warn,
  type ImportReport,
  type ImportResult,
} from '../report/import-report.js';

/** Options of the GeoJSON buildings importer. */
export interface BuildingsImportOptions {
  /** File name for the report and provenance. @default 'buildings.geojson' */
  source?: string;
  /** CRS of the coordinates; wins over the document's `crs` member. @default the member, else EPSG:4326 */
  crs?: string;
  /** Storey height used to derive heights from levels, m. @default 3.2 */
  storeyHeightM?: number;
  /** Storeys assumed when a building has neither height nor levels. @default 3 */
  defaultStoreys?: number;
  /** An anchor and scale for a local drawing, or the unit of the coordinates (see SourcePlacement). */
  placement?: Omit<SourcePlacement, 'crs'>;
  /** Unit of unitless height attributes (`height`, `min_height`, CityJSON z). @default m */
  heightUnit?: LengthUnit;
}

const HEIGHT_KEYS = ['height', 'building:height', 'Height', 'HEIGHT', 'roof_height'];
const BASE_KEYS = ['min_height', 'building:min_height'];
const LEVEL_KEYS = ['building:levels', 'levels', 'building_levels', 'floors'];

const USE_BY_TAG: Record<string, BuildingUse> = {
  residential: 'residential',
  apartments: 'residential',
  house: 'residential',
  dormitory: 'residential',
  detached: 'residential',
  commercial: 'commercial',
  office: 'office',
  retail: 'retail',
  supermarket: 'retail',
  mall: 'retail',
  shop: 'retail',
  industrial: 'industrial',
  warehouse: 'industrial',
  factory: 'industrial',
  school: 'education',
  university: 'education',
  college: 'education',
  kindergarten: 'education',
  hospital: 'health',
  clinic: 'health',
  church: 'religious',
  temple: 'religious',
  mosque: 'religious',
  cathedral: 'religious',
  place_of_worship: 'religious',
  train_station: 'transport',
  transportation: 'transport',
  station: 'transport',
  hotel: 'hotel',
  public: 'public',
  government: 'public',
  civic: 'public',
};

/**
 * Metres from `20`, `"20"` (times `unitless`, the metres per unit of unitless values), or `"20 m"`, `"65 ft"`,
 * `"65'"` (their own unit); undefined otherwise.
 */
function metres(value: unknown, unitless = 1): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * unitless : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(m|metres|meters|ft|feet|foot|')?\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = m[2]?.toLowerCase();
  return Number(m[1]) * (unit === undefined ? unitless : unit.startsWith('m') ? 1 : LENGTH_UNITS.ft);
}

function firstNumber(p: Record<string, unknown>, keys: string[], unitless = 1): number | undefined {
  for (const k of keys) {
    const v = metres(p[k], unitless);
    if (v !== undefined) return v;
  }
  return undefined;
}

function text(p: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = p[k];
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') return String(v).trim();
  }
  return undefined;
}

/** Converts and closes rings; null (with an error) when a position does not convert to WGS84. */
export function convertPolygon(
  rings: unknown,
  convert: ToWgs84,
  report: ImportReport,
  where: { featureIndex: number; featureId?: string },
): PolygonCoords | null {
  if (!Array.isArray(rings)) {
    fail(report, 'polygon coordinates are not an array', where);
    return null;
  }
  const out: PolygonCoords = [];
  for (const ring of rings) {
    if (!Array.isArray(ring)) {
      fail(report, 'ring is not an array of positions', where);
      return null;
    }
    const converted: LonLat[] = [];
    for (const pos of ring as unknown[]) {
      const [x, y] = Array.isArray(pos) ? (pos as number[]) : [];
      const p = typeof x === 'number' && typeof y === 'number' ? convert(x, y) : [NaN, NaN];
      if (!isValidLonLat(p)) {
        fail(report, `position ${JSON.stringify(pos)} gives no valid WGS84 position: wrong CRS or bad numbers`, where);
        return null;
      }
      converted.push([p[0]!, p[1]!]);
    }
    const first = converted[0],
      last = converted[converted.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) converted.push([first[0], first[1]]);
    if (converted.length < 4) {
      warn(report, 'ring with fewer than 3 distinct positions skipped', where);
      continue;
    }
    out.push(converted);
  }
  return out.length > 0 ? out : null;
}

interface Piece extends Building {
  sourceKey: string;
}

/**
 * Imports building footprints from GeoJSON (Polygon and MultiPolygon features) in any CRS GridTwin knows. Height
 * comes from `height`-like properties, else from levels x storey height (then `heightEstimated`); `min_height` is
 * the base. Pieces sharing a source id (tile-cut buildings) are merged into one building `b-<sourceId>`.
 * Point and line features are counted, warned and skipped. Any error returns no buildings.
 */
export function importGeojsonBuildings(
  text_: string | ParsedFeatures,
  options: BuildingsImportOptions = {},
): ImportResult<{ buildings: Building[] }> {
  const source = options.source ?? 'buildings.geojson';
  const storeyM = options.storeyHeightM ?? 3.2;
  const defaultStoreys = options.defaultStoreys ?? 3;
  const report = createReport(source, 'geojson-buildings');
  const parsed = parseFeatures(text_, report);
  if (!parsed) return finish(report, { buildings: [] });
  const conv = featureConverter(
    { ...options.placement, ...(options.crs ? { crs: options.crs } : {}) },
    parsed.crsName,
    parsed.features,
    report,
  );
  if (!conv) return finish(report, { buildings: [] });
  if (conv.crs !== 'EPSG:4326') report.assumptions.push(`coordinates read in ${conv.crs} and converted to WGS84`);
  const heightUnit = LENGTH_UNITS[options.heightUnit ?? 'm'];
  if (options.heightUnit && options.heightUnit !== 'm')
    report.assumptions.push(`heights without a unit read in ${options.heightUnit} (x ${heightUnit} m)`);

  const idsAreReal = sourceIdsLookReal(parsed.features);
  if (!idsAreReal) warn(report, 'feature ids repeat on most features (placeholders): pieces are not merged by id');
  const skipped = new Map<string, number[]>();
  const pieces: Piece[] = [];
  let estimated = 0,
    defaulted = 0;
  parsed.features.forEach((f, featureIndex) => {
    const type = f.geometry?.type ?? 'null';
    const sourceId = idsAreReal ? sourceIdOf(f) : undefined;
    const where = sourceId !== undefined ? { featureIndex, featureId: sourceId } : { featureIndex };
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      skipped.set(type, [...(skipped.get(type) ?? []), featureIndex]);
      return;
    }
    const polygons = type === 'Polygon' ? [f.geometry!.coordinates] : (f.geometry!.coordinates as unknown[]);
    if (!Array.isArray(polygons)) {
      fail(report, 'MultiPolygon coordinates are not an array', where);
      return;
    }
    const footprint: MultiPolygonCoords = [];
    for (const poly of polygons) {
      const converted = convertPolygon(poly, conv.convert, report, where);
      if (converted) footprint.push(converted);
    }
    if (footprint.length === 0) {
      warn(report, 'feature has no usable polygon: skipped', where);
      return;
    }
    const p = f.properties ?? {};
    const height = firstNumber(p, HEIGHT_KEYS, heightUnit);
    const base = Math.max(0, firstNumber(p, BASE_KEYS, heightUnit) ?? 0);
    const levels = firstNumber(p, LEVEL_KEYS);
    let roof: number,
      heightEstimated = false;
    if (height !== undefined && height > base) roof = height;
    else if (levels !== undefined && levels > 0) {
      roof = base + levels * storeyM;
      heightEstimated = true;
      estimated++;
    } else {
      roof = base + defaultStoreys * storeyM;
      heightEstimated = true;
      defaulted++;
    }
    if (height !== undefined && height > 0 && height <= base)
      warn(report, `height ${height} m is not above the base ${base} m: estimated instead`, where);
    pieces.push(
      toBuilding(f, { footprint, base, roof, heightEstimated, levels, storeyM, source, sourceId, featureIndex }),
    );
  });
  for (const [type, indexes] of skipped) {
    warn(
      report,
      `${indexes.length} ${type} feature(s) skipped (only polygons are buildings): features #${indexes.slice(0, 5).join(', #')}${indexes.length > 5 ? ', ...' : ''}`,
      { featureIndex: indexes[0]! },
      indexes.length,
    );
    addCount(report, 'skippedFeatures', indexes.length);
  }
  if (pieces.length === 0 && report.errors.length === 0)
    fail(report, 'no Polygon or MultiPolygon feature: nothing to import as buildings');
  let populated = 0;
  const buildings = mergeBuildingPieces(pieces, (b) => b.sourceKey, combinePieces).map(({ sourceKey: _key, ...b }) => {
    const given = b.attributes.population;
    if (typeof given === 'number' && given >= 0) b.population = Math.round(given);
    else {
      // Bursts and storms count the people a building holds: estimate it as the demo city does.
      b.population = estimatePopulation(b.use, multiPolygonAreaM2(b.footprint), b.floors ?? 1);
      b.attributes = { ...b.attributes, populationEstimated: true };
      populated++;
    }
    return b;
  });
  report.counts.features = parsed.features.length;
  report.counts.pieces = pieces.length;
  report.counts.buildings = buildings.length;
  report.counts.mergedPieces = pieces.length - buildings.length;
  if (estimated > 0)
    report.assumptions.push(`${estimated} height(s) derived from levels x ${storeyM} m (heightEstimated)`);
  if (defaulted > 0)
    report.assumptions.push(
      `${defaulted} building(s) without height or levels given ${defaultStoreys} storeys x ${storeyM} m (heightEstimated)`,
    );
  if (populated > 0)
    report.assumptions.push(
      `${populated} building(s) without a population attribute: occupants estimated from floor area and use (populationEstimated)`,
    );
  return finish(report, { buildings });
}

/** Merged pieces keep the tallest roof, the lowest base, and the first name/address found. */
function combinePieces(a: Piece, b: Piece): Piece {
  return {
    ...a,
    roofHeightM: Math.max(a.roofHeightM, b.roofHeightM),
    baseHeightM: Math.min(a.baseHeightM, b.baseHeightM),
    heightEstimated: a.heightEstimated && b.heightEstimated,
    name: a.name ?? b.name,
    nameEn: a.nameEn ?? b.nameEn,
    address: a.address ?? b.address,
  };
}

function sourceIdsLookReal(features: GeoJsonFeature[]): boolean {
  if (features.length < 10) return true;
  const counts = new Map<string, number>();
  for (const f of features) {
    const id = sourceIdOf(f);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values()) <= features.length / 2;
}

interface PieceInput {
  footprint: MultiPolygonCoords;
  base: number;
  roof: number;
  heightEstimated: boolean;
  levels: number | undefined;
  storeyM: number;
  source: string;
  sourceId: string | undefined;
  featureIndex: number;
}

function toBuilding(f: GeoJsonFeature, i: PieceInput): Piece {
  const p = f.properties ?? {};
  const attributes: Building['attributes'] = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))
      attributes[k] = v;
  }
  const floors =
    i.levels !== undefined && i.levels >= 1
      ? Math.round(i.levels)
      : Math.max(1, Math.round((i.roof - i.base) / i.storeyM));
  const street = text(p, 'addr:street', 'addr_street');
  const b: Piece = {
    id: i.sourceId !== undefined ? `b-${i.sourceId}` : `b-${i.featureIndex}`,
    sourceKey: i.sourceId ?? `#${i.featureIndex}`,
    footprint: i.footprint,
    baseHeightM: i.base,
    roofHeightM: i.roof,
    heightEstimated: i.heightEstimated,
    floors,
    use: USE_BY_TAG[text(p, 'building', 'kind_detail', 'landuse_kind') ?? ''] ?? 'unknown',
    population: 0,
    gridId: null,
    provenance: { source: i.source, ...(i.sourceId !== undefined ? { sourceId: i.sourceId } : {}), synthetic: false },
    attributes,
  };
  const name = text(p, 'name', 'name:zh');
  const nameEn = text(p, 'name:en');
  if (name) b.name = name;
  if (nameEn) b.nameEn = nameEn;
  if (street) {
    const number = text(p, 'addr:housenumber', 'addr_housenumber');
    const city = text(p, 'addr:city', 'addr_city');
    b.address = { street, ...(number ? { number } : {}), ...(city ? { city } : {}) };
  }
  if (i.levels === undefined) attributes.floorsEstimated = true;
  return b;
}
