import type { Crew, Grid, Utility } from '../model/index.js';

/**
 * Report categories GridTwin knows and the utility whose crew answers for each. A category not listed here (e.g.
 * `litter`) goes to the cell's grid worker alone.
 */
export const CATEGORY_UTILITY: Readonly<Record<string, Utility>> = {
  'water-leak': 'water',
  'pipe-burst': 'water',
  'low-pressure': 'water',
  'water-quality': 'water',
  'sewer-overflow': 'sewer',
  'manhole-cover': 'sewer',
  'sewer-odour': 'sewer',
  flooding: 'storm',
  'blocked-drain': 'storm',
  'gas-smell': 'gas',
  'gas-leak': 'gas',
  'power-outage': 'power',
  'cable-damage': 'power',
  'telecom-outage': 'telecom',
  'heating-failure': 'heat',
  'steam-leak': 'heat',
};

/** The utility a report category concerns, or null when none does. */
export function utilityOfCategory(category: string): Utility | null {
  return Object.hasOwn(CATEGORY_UTILITY, category) ? CATEGORY_UTILITY[category]! : null;
}

/** Who an event goes to: the cell's grid worker (by name) and the crew of the utility concerned. */
export interface Assignment {
  worker: string | null;
  crewId: string | null;
}

/**
 * The automatic assignment of an event in `cell` concerning `utility`: the cell's worker, and the first of the cell's
 * crews (in the cell's order) that serves that utility. No cell: nobody; no utility or no such crew: the worker only.
 *
 * @param crews crews of the city (only those named by the cell are considered)
 */
export function chooseAssignment(cell: Grid | null, crews: readonly Crew[], utility: Utility | null): Assignment {
  if (cell === null) return { worker: null, crewId: null };
  const worker = cell.worker?.name ?? null;
  if (utility === null) return { worker, crewId: null };
  const byId = new Map(crews.map((c) => [c.id, c]));
  const crewId = cell.crewIds.find((id) => byId.get(id)?.utility === utility) ?? null;
  return { worker, crewId };
}

/** Whether an assignment names anyone (an event with nobody to go to stays discovered for a manager to assign). */
export function hasAssignee(assignment: Assignment): boolean {
  return assignment.worker !== null || assignment.crewId !== null;
}
