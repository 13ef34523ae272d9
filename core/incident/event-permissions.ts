import type { Event, User } from '../model/index.js';
import type { EventAction } from './event-workflow.js';

/** Yes, or no with a reason to show (the API answers it with 403). */
export type Permission = { ok: true } | { ok: false; reason: string };

const YES: Permission = { ok: true };

/** Whether the user reported the event (everyone sees their own reports). */
export function isReporter(user: Pick<User, 'id'>, event: Pick<Event, 'source'>): boolean {
  return event.source.kind === 'report' && event.source.reporter === user.id;
}

/** Whether a crew member's scope covers the event: assigned to their crew, or in one of their grids. */
export function inCrewScope(
  user: Pick<User, 'crewId' | 'gridIds'>,
  event: Pick<Event, 'assignedCrewId' | 'gridId'>,
): boolean {
  if (user.crewId !== null && event.assignedCrewId === user.crewId) return true;
  return event.gridId !== null && user.gridIds.includes(event.gridId);
}

/**
 * Who may see an event: admin, manager, planner and viewer see all; a crew member sees events assigned to their crew
 * or in their grids; everyone sees the events they reported.
 */
export function canSeeEvent(user: User, event: Event): Permission {
  if (user.role !== 'crew' || isReporter(user, event) || inCrewScope(user, event)) return YES;
  return {
    ok: false,
    reason:
      `event ${event.id} is in grid ${event.gridId ?? '(none)'} and assigned to crew ${event.assignedCrewId ?? '(none)'}; ` +
      `crew member ${user.username} serves crew ${user.crewId ?? '(none)'} and ${user.gridIds.length} grid(s)`,
  };
}

/**
 * Who may take an action on an event, beyond the workflow's role list (checked by applyTransition): a crew member
 * only on events of their crew, or unassigned events in their grids; an event assigned to another crew is not theirs
 * to handle even in their grid.
 */
export function canActOnEvent(user: User, event: Event, action: EventAction): Permission {
  if (!action.roles.includes(user.role)) {
    const allowed = action.roles.filter((r) => r !== 'system').join(', ');
    return { ok: false, reason: `role ${user.role} may not ${action.action} events (allowed: ${allowed})` };
  }
  if (user.role !== 'crew') return YES;
  if (user.crewId !== null && event.assignedCrewId === user.crewId) return YES;
  if (event.assignedCrewId === null && event.gridId !== null && user.gridIds.includes(event.gridId)) return YES;
  return {
    ok: false,
    reason: `event ${event.id} is assigned to crew ${event.assignedCrewId ?? '(none)'}, not to your crew ${user.crewId ?? '(none)'}`,
  };
}
