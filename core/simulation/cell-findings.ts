import type { LonLat, Severity } from '../model/index.js';

/** Something a simulation found at a place: a flooded manhole, a building cut off, the leak itself. */
export interface FindingPoint {
  readonly location: LonLat;
  readonly severity: Severity;
  /** Model id of the element (building, node, link). */
  readonly elementId: string;
  /** Ranks points of equal severity (flood volume, population): the largest becomes the cell's event location. */
  readonly weight?: number;
}

/** The findings of one grid cell (null: outside every cell), headed by its worst point. */
export interface CellFindings {
  gridId: string | null;
  /** Location of the worst point: where the cell's event is placed. */
  location: LonLat;
  severity: Severity;
  elementIds: string[];
  /** Sum of the points' weights. */
  weight: number;
}

const RANK: Record<Severity, number> = { info: 0, minor: 1, major: 2, critical: 3 };

/**
 * Groups a simulation's findings by the grid cell they fall in, so each responsible grid gets one event: the cell's
 * severity is its worst point's and its location that point's (worst severity, then largest weight, then first).
 * Cells come out worst first, then by id. Element ids are deduplicated, in input order.
 */
export function groupFindingsByCell(
  points: readonly FindingPoint[],
  locateCell: (lonDeg: number, latDeg: number) => string | null,
): CellFindings[] {
  const cells = new Map<string | null, CellFindings & { best: number; seen: Set<string> }>();
  for (const p of points) {
    const gridId = locateCell(p.location[0], p.location[1]);
    const w = p.weight ?? 0;
    const score = RANK[p.severity] * 1e12 + w;
    let c = cells.get(gridId);
    if (!c) {
      c = {
        gridId,
        location: p.location,
        severity: p.severity,
        elementIds: [],
        weight: 0,
        best: score,
        seen: new Set(),
      };
      cells.set(gridId, c);
    } else if (score > c.best) {
      c.best = score;
      c.location = p.location;
      c.severity = p.severity;
    }
    c.weight += w;
    if (!c.seen.has(p.elementId)) {
      c.seen.add(p.elementId);
      c.elementIds.push(p.elementId);
    }
  }
  return [...cells.values()]
    .sort((a, b) => RANK[b.severity] - RANK[a.severity] || String(a.gridId).localeCompare(String(b.gridId)))
    .map(({ gridId, location, severity, elementIds, weight }) => ({
      gridId,
      location: [location[0], location[1]] as LonLat,
      severity,
      elementIds,
      weight,
    }));
}
