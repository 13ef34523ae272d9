import type { CityBundle } from '../model/index.js';
import type { GridLocator } from './grid-locator.js';
import { pointOnSurface, polylineMidpoint } from './point-on-surface.js';

/** The id of the cell under a point (degrees), or null outside every cell. */
export function cellIdFor(locator: GridLocator, lonDeg: number, latDeg: number): string | null {
  return locator.locateCell(lonDeg, latDeg)?.id ?? null;
}

/** How many features of each kind got a grid id, and how many lie outside every cell. */
export interface GridAssignmentCounts {
  assigned: { buildings: number; nodes: number; links: number; sensors: number };
  unassigned: { buildings: number; nodes: number; links: number; sensors: number };
}

/**
 * Sets `gridId` on every building, network node, link and sensor of a bundle, **in place**, from the cell under a
 * representative point: a point on the surface of a building's footprint (inside it even for L- or U-shapes), a
 * node's or sensor's position, the point halfway along a link's path. Features outside every cell get `null`.
 *
 * @param locator a locator over the grids to assign (usually `new GridLocator(bundle.grids)`).
 * @returns counts of assigned and unassigned features per kind.
 */
export function assignGridIds(
  bundle: Pick<CityBundle, 'buildings' | 'nodes' | 'links' | 'sensors'>,
  locator: GridLocator,
): GridAssignmentCounts {
  const counts: GridAssignmentCounts = {
    assigned: { buildings: 0, nodes: 0, links: 0, sensors: 0 },
    unassigned: { buildings: 0, nodes: 0, links: 0, sensors: 0 },
  };
  const tally = (kind: keyof GridAssignmentCounts['assigned'], id: string | null): string | null => {
    if (id === null) counts.unassigned[kind]++;
    else counts.assigned[kind]++;
    return id;
  };
  for (const b of bundle.buildings) {
    const [lon, lat] = pointOnSurface(b.footprint);
    b.gridId = tally('buildings', cellIdFor(locator, lon, lat));
  }
  for (const n of bundle.nodes) n.gridId = tally('nodes', cellIdFor(locator, n.position[0], n.position[1]));
  for (const l of bundle.links) {
    const [lon, lat] = polylineMidpoint(l.path);
    l.gridId = tally('links', cellIdFor(locator, lon, lat));
  }
  for (const s of bundle.sensors) s.gridId = tally('sensors', cellIdFor(locator, s.position[0], s.position[1]));
  return counts;
}
