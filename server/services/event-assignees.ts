import type { EventAssignees, WorkerCandidate } from '../../core/contracts/events.js';
import { type Crew, type Event, type Grid, type User } from '../../core/model/index.js';

export type { CrewCandidate, EventAssignees, WorkerCandidate } from '../../core/contracts/events.js';

/** Roles whose accounts can be sent to a cell as its worker. */
const WORKER_ROLES = new Set<User['role']>(['crew', 'manager']);

/**
 * The assignment candidates of an event (pure): the cell's worker of record and the crew and manager accounts that
 * serve its cell, then every crew of the city ranked for the event: its utility's crews first, among them and among
 * the rest those the cell names first, then by name. The current worker and crew are flagged (and the worker kept
 * even when no source lists it any more, so a picker can show it).
 *
 * @param cell the event's grid cell, or null when it lies outside the grids
 * @param crews every crew of the event's city
 * @param users every account (only crew and manager accounts serving the cell are taken)
 */
export function rankAssignees(
  event: Pick<Event, 'id' | 'gridId' | 'utility' | 'assignedWorker' | 'assignedCrewId'>,
  cell: Pick<Grid, 'id' | 'worker' | 'crewIds'> | null,
  crews: readonly Crew[],
  users: readonly User[],
): EventAssignees {
  const workers: WorkerCandidate[] = [];
  const seen = new Set<string>();
  const add = (w: Omit<WorkerCandidate, 'current'>) => {
    if (seen.has(w.name)) return;
    seen.add(w.name);
    workers.push({ ...w, current: w.name === event.assignedWorker });
  };
  if (cell?.worker) add({ name: cell.worker.name, source: 'cell', userId: null, role: null, phone: cell.worker.phone });
  const serving =
    event.gridId === null ? [] : users.filter((u) => WORKER_ROLES.has(u.role) && u.gridIds.includes(event.gridId!));
  for (const u of [...serving].sort((a, b) => a.displayName.localeCompare(b.displayName))) {
    add({ name: u.displayName, source: 'user', userId: u.id, role: u.role, phone: null });
  }
  if (event.assignedWorker !== null)
    add({ name: event.assignedWorker, source: 'current', userId: null, role: null, phone: null });

  const cellCrews = new Set(cell?.crewIds ?? []);
  const ranked = crews.map((c) => ({
    ...c,
    matchesUtility: event.utility !== null && c.utility === event.utility,
    servesCell: cellCrews.has(c.id),
    current: c.id === event.assignedCrewId,
  }));
  ranked.sort(
    (a, b) =>
      Number(b.matchesUtility) - Number(a.matchesUtility) ||
      Number(b.servesCell) - Number(a.servesCell) ||
      a.name.localeCompare(b.name) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { eventId: event.id, gridId: event.gridId, utility: event.utility, workers, crews: ranked };
}
