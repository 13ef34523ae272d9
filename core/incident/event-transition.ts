import type { Event, EventState, EventTransition, Role } from '../model/index.js';
import { EVENT_ACTIONS, type EventAction } from './event-workflow.js';

/** Who takes an action: a user (by id, with their role) or GridTwin itself. */
export interface EventActor {
  id: string;
  role: Role | 'system';
}

/** A request to move an event on: by action name or by target state, with its note and assignment. */
export interface TransitionRequest {
  action?: EventAction['action'];
  to?: EventState;
  note?: string;
  photoId?: string;
  /** assign / reassign: the crew to send (undefined keeps the current one, null clears it). */
  crewId?: string | null;
  /** assign / reassign: the worker (name) to send (undefined keeps the current one). */
  worker?: string | null;
}

/** Why a transition was refused; `code` says which HTTP status fits (409 state, 403 role, 400 input). */
export type TransitionRefusal =
  | { code: 'bad-request'; message: string }
  | { code: 'not-allowed'; message: string }
  | { code: 'forbidden'; message: string };

export type TransitionOutcome =
  | { ok: true; event: Event; transition: EventTransition; action: EventAction }
  | { ok: false; refusal: TransitionRefusal };

/** Finds the action a request names, from the event's current state. */
export function resolveAction(
  state: EventState,
  request: Pick<TransitionRequest, 'action' | 'to'>,
): EventAction | TransitionRefusal {
  if (request.action === undefined && request.to === undefined)
    return { code: 'bad-request', message: 'give an action or a target state ("to")' };
  const candidates = EVENT_ACTIONS.filter(
    (a) =>
      (request.action === undefined || a.action === request.action) &&
      (request.to === undefined || a.to === request.to),
  );
  if (candidates.length === 0) {
    return {
      code: 'bad-request',
      message: `no action ${request.action ?? ''} leads to ${request.to ?? 'any state'}`.replace('  ', ' '),
    };
  }
  const found = candidates.find((a) => a.from.includes(state));
  if (found) return found;
  const what = request.action ?? `moving to ${request.to}`;
  const from = [...new Set(candidates.flatMap((a) => a.from))].join(', ');
  return { code: 'not-allowed', message: `${what} is not allowed from state ${state} (only from ${from})` };
}

/**
 * Applies a workflow action to an event (pure): checks the state machine, the actor's role and the note rule, and
 * answers the updated event (state, assignment, version + 1, the transition appended) or why it was refused. Scope
 * rules (which crew may touch which event) live in event-permissions.ts.
 */
export function applyTransition(
  event: Event,
  request: TransitionRequest,
  actor: EventActor,
  nowMs: number,
): TransitionOutcome {
  const action = resolveAction(event.state, request);
  if ('code' in action) return { ok: false, refusal: action };
  if (!action.roles.includes(actor.role)) {
    const allowed = action.roles.filter((r) => r !== 'system').join(', ');
    return {
      ok: false,
      refusal: {
        code: 'forbidden',
        message: `role ${actor.role} may not ${action.action} events (allowed: ${allowed})`,
      },
    };
  }
  const note = (request.note ?? '').trim();
  if (action.noteRequired && note === '') {
    return {
      ok: false,
      refusal: { code: 'bad-request', message: `${action.action} needs a note saying what was done or why` },
    };
  }
  const assigning = action.action === 'assign' || action.action === 'reassign';
  if (!assigning && (request.crewId !== undefined || request.worker !== undefined)) {
    return {
      ok: false,
      refusal: { code: 'bad-request', message: `crewId and worker go with assign or reassign, not ${action.action}` },
    };
  }
  const transition: EventTransition = {
    from: event.state,
    to: action.to,
    actor: actor.id,
    at: nowMs,
    note,
    action: action.action,
    ...(request.photoId === undefined ? {} : { photoId: request.photoId }),
  };
  const next: Event = {
    ...event,
    state: action.to,
    updatedAt: nowMs,
    version: event.version + 1,
    transitions: [...event.transitions, transition],
  };
  // Handed back: no crew holds it any more (the cell's worker stays responsible) until a manager assigns one.
  if (action.action === 'handBack') next.assignedCrewId = null;
  if (assigning) {
    if (request.crewId !== undefined) next.assignedCrewId = request.crewId;
    if (request.worker !== undefined) next.assignedWorker = request.worker;
    if (next.assignedCrewId === null && next.assignedWorker === null) {
      return { ok: false, refusal: { code: 'bad-request', message: `${action.action} needs a crewId or a worker` } };
    }
  }
  return { ok: true, event: next, transition, action };
}
