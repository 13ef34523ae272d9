import { localDistanceM, pointInMultiPolygon } from '../../../core/geo/index.js';
import type { Grid, LonLat, Utility } from '../../../core/model/index.js';
import type { CrewAnswer as Crew } from '../../../core/contracts/index.js';

/** Where something happened and which utility it concerns: a selected event, or a shown simulation result. */
export interface Incident {
  /** The event or simulation run id. */
  id: string;
  location: LonLat;
  /** The utility concerned, or null when unknown (then the crews of every utility of the cell are drawn). */
  utility: Utility | null;
  /** The incident's grid cell, when known (else the cell under `location` is used). */
  gridId?: string | null;
  /** The crew the event is assigned to, if any. */
  assignedCrewId?: string | null;
}

/**
 * Why a crew gets an arc: `assigned` (the event's crew), `responsible` (a crew of the incident's cell for the
 * utility), `nearest` (the closest other base of that utility, a possible reinforcement).
 */
export type CrewArcRole = 'assigned' | 'responsible' | 'nearest';

/** One arc from a crew base to the incident. */
export interface CrewArc {
  crewId: string;
  crewName: string;
  utility: Utility;
  role: CrewArcRole;
  /** The crew base (WGS84 degrees). */
  from: LonLat;
  /** The incident (WGS84 degrees). */
  to: LonLat;
  /** Straight-line distance, m. */
  distanceM: number;
}

/** Options of {@link crewArcsFor}. */
export interface CrewArcsOptions {
  /** How many nearest other bases of the utility to add. @default 1 */
  nearest?: number;
}

/** The grid cell whose polygon holds a point, or undefined. */
export function cellAt(cells: readonly Grid[], location: LonLat): Grid | undefined {
  return cells.find((c) => c.level === 'cell' && pointInMultiPolygon(location[0], location[1], c.polygon));
}

/**
 * The arcs to draw for an incident: from the assigned crew, the crews responsible for its cell (of its utility, or
 * of all utilities when it has none), and the `nearest` closest other bases of its utility. Crews without a base
 * are left out. Ordered assigned, responsible, nearest; each crew once.
 */
export function crewArcsFor(
  incident: Incident,
  crews: readonly Crew[],
  cells: readonly Grid[],
  options: CrewArcsOptions = {},
): CrewArc[] {
  const byId = new Map(crews.map((c) => [c.id, c]));
  const cell =
    (incident.gridId ? cells.find((c) => c.id === incident.gridId) : undefined) ?? cellAt(cells, incident.location);
  const concerned = (c: Crew) => incident.utility === null || c.utility === incident.utility;
  const arcs: CrewArc[] = [];
  const seen = new Set<string>();
  const add = (crew: Crew | undefined, role: CrewArcRole) => {
    if (!crew?.base || seen.has(crew.id)) return;
    seen.add(crew.id);
    arcs.push({
      crewId: crew.id,
      crewName: crew.name,
      utility: crew.utility,
      role,
      from: crew.base,
      to: incident.location,
      distanceM: localDistanceM(crew.base[0], crew.base[1], incident.location[0], incident.location[1]),
    });
  };
  if (incident.assignedCrewId) add(byId.get(incident.assignedCrewId), 'assigned');
  for (const id of cell?.crewIds ?? []) {
    const crew = byId.get(id);
    if (crew && concerned(crew)) add(crew, 'responsible');
  }
  const nearest = options.nearest ?? 1;
  if (incident.utility !== null && nearest > 0) {
    const others = crews
      .filter((c) => c.base && c.utility === incident.utility && !seen.has(c.id))
      .map((c) => ({ c, d: localDistanceM(c.base![0], c.base![1], incident.location[0], incident.location[1]) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, nearest);
    for (const { c } of others) add(c, 'nearest');
  }
  return arcs;
}
