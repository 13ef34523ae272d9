import type { z } from 'zod';
import { multiPolygonAreaM2 } from '../geo/polygon.js';
import { pointOnSurface } from '../grid/point-on-surface.js';
import { GRID_LEVELS, type Grid, type MultiPolygonCoords } from '../model/index.js';
import { AreaSchema } from './crew-record.schema.js';
import { GridRecordSchema, type GridRecord } from './grid-record.schema.js';
import type { RecordProblem } from './sensor-from-record.js';

/**
 * A grid as the admin API takes it: the grid file's properties (GridRecordSchema, the importer's schema) and its
 * `polygon` as GeoJSON (Polygon or MultiPolygon, WGS84).
 */
export const GridInputSchema = GridRecordSchema.extend({
  polygon: AreaSchema,
}).strict();
export type GridInput = z.infer<typeof GridInputSchema>;

/**
 * The grid a record describes (its id is its code), with its parent resolved among `grids` by code or id: the parent
 * must exist and be of a coarser level.
 */
export function gridFromRecord(
  r: GridRecord,
  polygon: MultiPolygonCoords,
  grids: readonly Grid[],
): Grid | RecordProblem {
  let parentId: string | null = null;
  if (r.parent) {
    const parent = grids.find((g) => g.id === r.parent) ?? grids.find((g) => g.code === r.parent);
    if (!parent) return { field: 'parent', message: `parent grid "${r.parent}" is not in the city` };
    if (GRID_LEVELS.indexOf(parent.level) >= GRID_LEVELS.indexOf(r.level))
      return { field: 'parent', message: `parent ${parent.code} is a ${parent.level}, not coarser than ${r.level}` };
    parentId = parent.id;
  }
  return {
    id: r.code,
    level: r.level,
    code: r.code,
    name: r.name ?? r.code,
    ...(r.nameEn ? { nameEn: r.nameEn } : {}),
    parentId,
    polygon,
    labelPosition: pointOnSurface(polygon),
    areaM2: Math.round(multiPolygonAreaM2(polygon)),
    ...(r.worker ? { worker: { name: r.worker, phone: r.phone ?? '-' } } : {}),
    crewIds: r.crews,
  };
}
