import { z } from 'zod';
import {
  CrewSchema,
  RoleSchema,
  UtilitySchema,
  type Crew,
  type Event,
  type Grid,
  type User,
} from '../../core/model/index.js';

/** Someone an event may be sent to as its grid worker: the cell's worker of record, or an account serving the cell. */
export const WorkerCandidateSchema = z.object({
  /** What `worker` of an assign/reassign transition takes (events store the worker by name). */
  name: z.string(),
  source: z
    .enum(['cell', 'user', 'current'])
    .describe(
      "cell: the grid record's worker; user: an account serving the cell; " +
        'current: the present assignee, listed by no other source',
    ),
  userId: z.string().nullable(),
  role: RoleSchema.nullable(),
  phone: z.string().nullable(),
  current: z.boolean().describe('Whether the event is assigned to this worker now'),
});
export type WorkerCandidate = z.infer<typeof WorkerCandidateSchema>;

/** A crew an event may be sent to, with why it ranks where it does. */
export const CrewCandidateSchema = CrewSchema.extend({
  matchesUtility: z.boolean().describe('The crew serves the utility the event concerns'),
  servesCell: z.boolean().describe("The event's grid cell names this crew"),
  current: z.boolean().describe('Whether the event is assigned to this crew now'),
});
export type CrewCandidate = z.infer<typeof CrewCandidateSchema>;

/** Who an event may be assigned to (GET /api/events/:id/assignees). */
export const EventAssigneesSchema = z.object({
  eventId: z.string(),
  gridId: z.string().nullable(),
  utility: UtilitySchema.nullable(),
  workers: z
    .array(WorkerCandidateSchema)
    .describe("The cell's worker first, then accounts (crew, manager) serving the cell"),
  crews: z
    .array(CrewCandidateSchema)
    .describe("Crews of the event's utility first (those serving its cell ahead), then the others"),
});
export type EventAssignees = z.infer<typeof EventAssigneesSchema>;

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
