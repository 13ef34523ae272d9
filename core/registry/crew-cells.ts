import { pointInMultiPolygon } from '../geo/polygon.js';
import type { Grid, MultiPolygonCoords } from '../model/index.js';
import type { RecordProblem } from './sensor-from-record.js';

/**
 * The ids of the cells a crew serves: the grids named in `cells` (by code or id), or every cell whose label point lies
 * in the service-area polygon. A name that is no grid of the city is a problem naming it.
 */
export function crewCells(
  served: { cells: readonly string[]; polygon?: MultiPolygonCoords | undefined },
  grids: readonly Grid[],
): string[] | RecordProblem {
  if (served.polygon) {
    const area = served.polygon;
    return grids
      .filter((g) => g.level === 'cell' && pointInMultiPolygon(g.labelPosition[0], g.labelPosition[1], area))
      .map((g) => g.id);
  }
  const byName = new Map<string, string>();
  for (const g of grids) byName.set(g.code, g.id);
  for (const g of grids) byName.set(g.id, g.id); // ids win over another grid's equal code
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const c of served.cells) {
    const id = byName.get(c);
    if (id === undefined) unknown.push(c);
    else if (!ids.includes(id)) ids.push(id);
  }
  if (unknown.length > 0)
    return { field: 'cells', message: `no grid ${unknown.map((u) => `"${u}"`).join(', ')} in the city` };
  return ids;
}

/**
 * The grids whose crew list changes when `crewId` serves exactly `cellIds`: it leaves the grids not named and joins
 * those named (at the end of their list, so a cell's first crew of a utility stays its first). Unchanged grids are
 * not returned.
 */
export function regridCrew(grids: readonly Grid[], crewId: string, cellIds: readonly string[]): Grid[] {
  const wanted = new Set(cellIds);
  const changed: Grid[] = [];
  for (const g of grids) {
    const has = g.crewIds.includes(crewId);
    const should = wanted.has(g.id);
    if (has === should) continue;
    changed.push({ ...g, crewIds: should ? [...g.crewIds, crewId] : g.crewIds.filter((c) => c !== crewId) });
  }
  return changed;
}
