import type { Event, Severity } from '../model/index.js';
import { OPEN_EVENT_STATES, SLA_SECONDS } from './event-workflow.js';

/** How far up the grid hierarchy an overdue event has been reported. */
export type EscalationLevel = Event['escalationLevel'];

/** Escalation levels in order; an event only ever moves up this list (until it is resolved). */
export const ESCALATION_LEVELS: readonly EscalationLevel[] = ['none', 'street', 'district'];

/**
 * Share of the SLA an event may overrun before the district hears of it: at the deadline the street (街道) is told,
 * half an SLA later the district. Half keeps critical events (4 h SLA) to a 2 h step and week-long ones to days.
 */
export const DISTRICT_ESCALATION_FRACTION = 0.5;

/** The SLA deadline (epoch ms) of an event of `severity` discovered at `discoveredAtMs`. */
export function slaDueAt(severity: Severity, discoveredAtMs: number): number {
  return discoveredAtMs + SLA_SECONDS[severity] * 1000;
}

/**
 * The escalation level an event should have at `nowMs`: `none` before its deadline or once it is no longer open
 * (resolved, closed), `street` from the deadline, `district` from the deadline plus half its SLA.
 */
export function escalationLevelAt(
  event: Pick<Event, 'severity' | 'slaDueAt' | 'state'>,
  nowMs: number,
): EscalationLevel {
  if (!OPEN_EVENT_STATES.includes(event.state)) return 'none';
  if (nowMs < event.slaDueAt) return 'none';
  const districtAt = event.slaDueAt + SLA_SECONDS[event.severity] * 1000 * DISTRICT_ESCALATION_FRACTION;
  return nowMs >= districtAt ? 'district' : 'street';
}

/**
 * The level an open event must be raised to at `nowMs`, or null when it is where it should be. Levels never go down
 * here (an event that was escalated stays escalated in its record; its audit trail shows when).
 */
export function pendingEscalation(
  event: Pick<Event, 'severity' | 'slaDueAt' | 'state' | 'escalationLevel'>,
  nowMs: number,
): EscalationLevel | null {
  const target = escalationLevelAt(event, nowMs);
  return ESCALATION_LEVELS.indexOf(target) > ESCALATION_LEVELS.indexOf(event.escalationLevel) ? target : null;
}
