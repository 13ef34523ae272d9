import type { GeoJsonFeature } from '../geojson-source.js';
import { epsgFromName, FeatureReadError, type CrsInfo } from './feature-types.js';

/** CityJSON 1.x document members GridTwin reads (https://www.cityjson.org/specs/). */
interface CityJsonDoc {
  type?: string;
  version?: string;
  transform?: { scale?: number[]; translate?: number[] };
  metadata?: { referenceSystem?: string };
  CityObjects?: Record<string, CityObject>;
  vertices?: number[][];
}
interface CityGeometry {
  type: string;
  lod?: string | number;
  boundaries: unknown;
  semantics?: { surfaces?: { type?: string; [k: string]: unknown }[]; values?: unknown };
}
interface CityObject {
  type?: string;
  attributes?: Record<string, unknown>;
  geometry?: CityGeometry[];
  parents?: string[];
  children?: string[];
}

/** Property names a CityJSON feature carries besides the object's own attributes. */
export const CITYJSON_PROPS = {
  /** The CityObject type (`Building`, `BuildingPart`, `Bridge`...). */
  type: 'cityjson:type',
  /** The LoD of the geometry kept (the highest the object has), as written (`1`, `2.2`). */
  lod: 'cityjson:lod',
  /** The semantic surface type of each polygon of the MultiPolygon (`RoofSurface`, `WallSurface`, null). */
  surfaces: 'cityjson:surfaces',
  /** Parent object ids (a BuildingPart's Building). */
  parents: 'cityjson:parents',
} as const;

/** Flattens CityJSON boundaries into polygons (arrays of rings of vertex indices), with the semantic value of each. */
function surfacesOf(g: CityGeometry): { polygons: number[][][]; semanticIndex: (number | null)[] } {
  const polygons: number[][][] = [];
  const semanticIndex: (number | null)[] = [];
  const values = g.semantics?.values;
  const pushSurface = (surface: unknown, value: unknown): void => {
    polygons.push(surface as number[][]);
    semanticIndex.push(typeof value === 'number' ? value : null);
  };
  const b = g.boundaries as unknown[];
  const at = (v: unknown, i: number): unknown => (Array.isArray(v) ? v[i] : undefined);
  switch (g.type) {
    case 'MultiSurface':
    case 'CompositeSurface':
      b.forEach((s, i) => pushSurface(s, at(values, i)));
      break;
    case 'Solid':
      b.forEach((shell, si) => (shell as unknown[]).forEach((s, i) => pushSurface(s, at(at(values, si), i))));
      break;
    case 'MultiSolid':
    case 'CompositeSolid':
      b.forEach((solid, di) =>
        (solid as unknown[]).forEach((shell, si) =>
          (shell as unknown[]).forEach((s, i) => pushSurface(s, at(at(at(values, di), si), i))),
        ),
      );
      break;
    default:
      break;
  }
  return { polygons, semanticIndex };
}

const lodNumber = (g: CityGeometry): number => Number(g.lod ?? 0) || 0;

/**
 * Reads a CityJSON 1.x document (or a CityJSON Text Sequence: a CityJSON header line then CityJSONFeature lines)
 * into one feature per CityObject that has surface geometry. Each feature's geometry is a 3D MultiPolygon of the
 * object's highest-LoD geometry, vertices de-quantised with `transform` (real coordinates in the document's CRS);
 * every polygon keeps its semantic surface type in `properties["cityjson:surfaces"]`, attributes are kept as they
 * are. Objects with only template (GeometryInstance) or point/line geometry are counted in the warnings.
 */
export function readCityJson(text: string): { features: GeoJsonFeature[]; crs: CrsInfo; warnings: string[] } {
  let docs: CityJsonDoc[];
  try {
    const trimmed = text.trim();
    docs =
      trimmed.includes('\n') && !trimmed.startsWith('{\n') && /}\s*\n\s*{/.test(trimmed)
        ? trimmed
            .split(/\r?\n/)
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as CityJsonDoc)
        : [JSON.parse(trimmed) as CityJsonDoc];
  } catch (e) {
    throw new FeatureReadError(`CityJSON: invalid JSON: ${(e as Error).message}`, 'a CityJSON file', 'broken JSON');
  }
  const head = docs[0]!;
  if (head.type !== 'CityJSON') {
    throw new FeatureReadError(
      `expected a CityJSON file ("type": "CityJSON") but found "type": ${JSON.stringify(head.type)}`,
      'a CityJSON file',
    );
  }
  if (!/^1\./.test(String(head.version ?? ''))) {
    throw new FeatureReadError(`CityJSON version ${JSON.stringify(head.version)} is not 1.x`, 'CityJSON 1.x');
  }
  const scale = head.transform?.scale ?? [1, 1, 1];
  const translate = head.transform?.translate ?? [0, 0, 0];
  const features: GeoJsonFeature[] = [];
  const skipped: Record<string, number> = {};
  for (const doc of docs) {
    if (doc.type !== 'CityJSON' && doc.type !== 'CityJSONFeature') continue;
    const vertices = doc.vertices ?? [];
    if (!doc.CityObjects || typeof doc.CityObjects !== 'object') {
      throw new FeatureReadError('CityJSON without a "CityObjects" object', 'a CityJSON file');
    }
    const toXyz = (i: number): number[] => {
      const v = vertices[i];
      if (!v) throw new FeatureReadError(`CityJSON: vertex index ${i} out of range (${vertices.length} vertices)`);
      return [
        v[0]! * scale[0]! + translate[0]!,
        v[1]! * scale[1]! + translate[1]!,
        (v[2] ?? 0) * scale[2]! + translate[2]!,
      ];
    };
    for (const [id, obj] of Object.entries(doc.CityObjects)) {
      const geoms = (obj.geometry ?? []).filter((g) =>
        ['MultiSurface', 'CompositeSurface', 'Solid', 'MultiSolid', 'CompositeSolid'].includes(g.type),
      );
      if (geoms.length === 0) {
        if ((obj.geometry ?? []).length > 0) {
          const kinds = (obj.geometry ?? []).map((g) => g.type).join('/');
          skipped[kinds] = (skipped[kinds] ?? 0) + 1;
        }
        continue;
      }
      const best = geoms.reduce((a, g) => (lodNumber(g) > lodNumber(a) ? g : a));
      const { polygons, semanticIndex } = surfacesOf(best);
      const surfaces = best.semantics?.surfaces ?? [];
      features.push({
        type: 'Feature',
        id,
        geometry: { type: 'MultiPolygon', coordinates: polygons.map((rings) => rings.map((r) => r.map(toXyz))) },
        properties: {
          ...(obj.attributes ?? {}),
          id,
          [CITYJSON_PROPS.type]: obj.type ?? 'CityObject',
          [CITYJSON_PROPS.lod]: String(best.lod ?? ''),
          [CITYJSON_PROPS.surfaces]: semanticIndex.map((s) => (s === null ? null : (surfaces[s]?.type ?? null))),
          ...(obj.parents?.length ? { [CITYJSON_PROPS.parents]: obj.parents } : {}),
        },
      });
    }
  }
  const warnings = Object.entries(skipped).map(
    ([k, n]) => `${n} CityObject(s) with only ${k} geometry skipped (no surfaces to place)`,
  );
  const ref = head.metadata?.referenceSystem;
  const crs: CrsInfo = ref ? { from: 'cityjson-metadata', raw: ref } : { from: 'none' };
  const epsg = ref ? epsgFromName(ref) : undefined;
  if (epsg) crs.crs = epsg;
  return { features, crs, warnings };
}
