import type { BasemapFeature, BasemapLayer, RoadClass } from '../../core/contracts/basemap.js';

/** A GeoJSON feature as read from a file (geometry and properties checked here, not trusted). */
export interface GeoJsonFeatureIn {
  readonly type?: string;
  readonly properties?: Record<string, unknown> | null;
  readonly geometry?: { readonly type?: string; readonly coordinates?: unknown } | null;
}

/** What turning a file's features into basemap features came to. */
export interface BasemapConversion {
  features: BasemapFeature[];
  /** Features left out, by reason (a point, no geometry, a kind that is not drawn). */
  skipped: Map<string, number>;
}

/** OSM `highway` values (and Tilezen `kind_detail`) onto the drawn road classes. */
const HIGHWAY_CLASS: Record<string, RoadClass> = {
  motorway: 'motorway',
  motorway_link: 'motorway',
  trunk: 'trunk',
  trunk_link: 'trunk',
  primary: 'primary',
  primary_link: 'primary',
  secondary: 'secondary',
  secondary_link: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  residential: 'minor',
  unclassified: 'minor',
  living_street: 'minor',
  road: 'minor',
  service: 'service',
  footway: 'path',
  pedestrian: 'path',
  cycleway: 'path',
  path: 'path',
  steps: 'path',
  pier: 'path',
  track: 'path',
  bridleway: 'path',
};

/** Area kinds drawn as water and as green; any other area kind is landuse. */
const WATER_KINDS = new Set(['water', 'river', 'riverbank', 'canal', 'lake', 'reservoir', 'basin', 'swimming_pool']);
const GREEN_KINDS = new Set([
  'park',
  'grass',
  'garden',
  'forest',
  'wood',
  'natural_wood',
  'meadow',
  'recreation_ground',
  'golf_course',
  'cemetery',
  'nature_reserve',
  'protected_area',
  'village_green',
  'scrub',
  'pitch',
]);
/** Landuse lines (walls, fences, tree rows) and the like are not drawn. */

function str(p: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = p[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

function truthy(v: unknown): boolean {
  return v === true || v === 'yes' || v === 'true' || v === 1 || v === '1';
}

/** The road class of a line's properties (OSM tags, Tilezen kinds, or a `class` field), or null when not a road. */
export function roadClassOf(p: Record<string, unknown>): RoadClass | null {
  const explicit = str(p, 'class', 'roadClass');
  if (explicit && (Object.values(HIGHWAY_CLASS) as string[]).concat(['rail', 'ferry']).includes(explicit))
    return explicit as RoadClass;
  const highway = str(p, 'highway', 'kind_detail', 'fclass', 'type');
  if (highway && HIGHWAY_CLASS[highway]) return HIGHWAY_CLASS[highway];
  const kind = str(p, 'kind');
  if (p.railway !== undefined || kind === 'rail') return 'rail';
  if (kind === 'ferry' || p.route === 'ferry') return 'ferry';
  if (kind === 'major_road') return 'secondary';
  if (kind === 'minor_road') return 'minor';
  if (kind === 'path') return 'path';
  if (kind === 'highway') return 'primary';
  return highway || kind ? null : 'minor';
}

/** water, green or landuse for an area's properties. */
export function areaLayerOf(p: Record<string, unknown>): Exclude<BasemapLayer, 'road'> {
  const kind = str(p, 'kind', 'natural', 'water', 'waterway', 'leisure', 'landuse', 'fclass') ?? '';
  if (WATER_KINDS.has(kind) || p.natural === 'water' || p.waterway !== undefined) return 'water';
  if (GREEN_KINDS.has(kind) || GREEN_KINDS.has(String(p.leisure ?? '')) || GREEN_KINDS.has(String(p.landuse ?? '')))
    return 'green';
  return 'landuse';
}

function isPosition(c: unknown): c is [number, number] {
  return Array.isArray(c) && c.length >= 2 && Number.isFinite(c[0]) && Number.isFinite(c[1]);
}

/** 1e-6 degree (about 0.1 m): finer than any basemap needs, and the file stays small. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;

function line(coords: unknown): [number, number][] | null {
  if (!Array.isArray(coords)) return null;
  const out: [number, number][] = [];
  for (const c of coords) {
    if (!isPosition(c)) return null;
    const p: [number, number] = [round(c[0]), round(c[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out.length >= 2 ? out : null;
}

function polygon(rings: unknown): [number, number][][] | null {
  if (!Array.isArray(rings)) return null;
  const out: [number, number][][] = [];
  for (const r of rings) {
    const ring = line(r);
    if (ring && ring.length >= 4) out.push(ring);
    else if (out.length === 0) return null;
  }
  return out.length > 0 ? out : null;
}

/**
 * Turns GeoJSON features into basemap features. `layer` forces the layer (a file that is all roads, all water...);
 * without it lines are roads and areas are sorted into water, green or landuse by their tags. Names come from
 * `name`/`name:zh` and `name:en`.
 */
export function toBasemapFeatures(
  features: readonly GeoJsonFeatureIn[],
  layer?: BasemapLayer | undefined,
): BasemapConversion {
  const out: BasemapFeature[] = [];
  const skipped = new Map<string, number>();
  const skip = (why: string) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
  for (const f of features) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const type = f.geometry?.type;
    const coords = f.geometry?.coordinates;
    const names = {
      ...(str(p, 'name:zh', 'name') ? { name: str(p, 'name:zh', 'name')! } : {}),
      ...(str(p, 'name:en', 'name_en') ? { nameEn: str(p, 'name:en', 'name_en')! } : {}),
    };
    if (type === 'LineString' || type === 'MultiLineString') {
      if (layer !== undefined && layer !== 'road') {
        skip(`a line in the ${layer} layer`);
        continue;
      }
      const cls = roadClassOf(p);
      if (!cls) {
        skip('a line that is not a road (wall, fence, outline)');
        continue;
      }
      const lines = (type === 'LineString' ? [line(coords)] : Array.isArray(coords) ? coords.map(line) : []).filter(
        (l): l is [number, number][] => l !== null,
      );
      if (lines.length === 0) {
        skip('no usable coordinates');
        continue;
      }
      out.push({
        layer: 'road',
        kind: cls,
        ...names,
        ...(truthy(p.is_tunnel) || truthy(p.tunnel) ? { tunnel: true } : {}),
        ...(truthy(p.is_bridge) || truthy(p.bridge) ? { bridge: true } : {}),
        lines,
      });
    } else if (type === 'Polygon' || type === 'MultiPolygon') {
      if (layer === 'road') {
        skip('an area in the road layer');
        continue;
      }
      const polygons = (
        type === 'Polygon' ? [polygon(coords)] : Array.isArray(coords) ? coords.map(polygon) : []
      ).filter((x): x is [number, number][][] => x !== null);
      if (polygons.length === 0) {
        skip('no usable coordinates');
        continue;
      }
      const target = layer ?? areaLayerOf(p);
      const kind = str(p, 'kind', 'natural', 'leisure', 'landuse', 'fclass') ?? target;
      out.push({ layer: target, kind, ...names, polygons });
    } else skip(type ? `a ${type} (only lines and areas are drawn)` : 'no geometry');
  }
  return { features: out, skipped };
}

/** `[west, south, east, north]` of basemap features, or null for none. */
export function basemapBbox(features: readonly BasemapFeature[]): [number, number, number, number] | null {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const f of features)
    for (const part of [...(f.lines ?? []), ...(f.polygons ?? []).flatMap((p) => p.slice(0, 1))])
      for (const [x, y] of part) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
