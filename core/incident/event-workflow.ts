import type { EventState, Role, Severity } from '../model/index.js';

/** A named action on an event, the states it may start from, where it leads, and who may take it. */
export interface EventAction {
  readonly action:
    'warn' | 'assign' | 'reassign' | 'start' | 'handBack' | 'resolve' | 'close' | 'reopen' | 'recover' | 'relapse';
  readonly from: readonly EventState[];
  readonly to: EventState;
  /** Roles allowed; `system` is GridTwin itself (alert rules, automatic assignment). */
  readonly roles: readonly (Role | 'system')[];
  /** Whether the transition must carry a note (resolving and reopening explain themselves). */
  readonly noteRequired: boolean;
}

/**
 * The closed loop as data: discovered -> warned -> assigned -> handling -> resolved -> closed, with reassignment
 * and reopening. A crew that cannot do the work (wrong trade, no access, needs another utility) hands the task back
 * with a reason: the event returns to `warned` without a crew, its grid worker kept, for a manager to reassign.
 * A sensor event whose alerts all cleared is `recovered` (by GridTwin): the crew confirms it (resolve,
 * with a note) or goes to look (start); should the sensor alarm again first, the event relapses to `warned` and is
 * assigned again. Anything not listed here is refused.
 */
export const EVENT_ACTIONS: readonly EventAction[] = [
  { action: 'warn', from: ['discovered'], to: 'warned', roles: ['system', 'manager', 'admin'], noteRequired: false },
  {
    action: 'assign',
    from: ['discovered', 'warned', 'reopened'],
    to: 'assigned',
    roles: ['system', 'manager', 'admin'],
    noteRequired: false,
  },
  {
    action: 'reassign',
    from: ['assigned', 'handling'],
    to: 'assigned',
    roles: ['manager', 'admin'],
    noteRequired: false,
  },
  {
    action: 'start',
    from: ['assigned', 'reopened', 'recovered'],
    to: 'handling',
    roles: ['crew', 'manager', 'admin'],
    noteRequired: false,
  },
  {
    action: 'handBack',
    from: ['assigned', 'handling'],
    to: 'warned',
    roles: ['crew', 'manager', 'admin'],
    noteRequired: true,
  },
  {
    action: 'resolve',
    from: ['handling', 'recovered'],
    to: 'resolved',
    roles: ['crew', 'manager', 'admin'],
    noteRequired: true,
  },
  {
    action: 'recover',
    from: ['discovered', 'warned', 'assigned', 'handling', 'reopened'],
    to: 'recovered',
    roles: ['system'],
    noteRequired: false,
  },
  { action: 'relapse', from: ['recovered'], to: 'warned', roles: ['system'], noteRequired: false },
  { action: 'close', from: ['resolved'], to: 'closed', roles: ['manager', 'admin'], noteRequired: false },
  { action: 'reopen', from: ['resolved', 'closed'], to: 'reopened', roles: ['manager', 'admin'], noteRequired: true },
];

/** The action that leads from `from` to `to`, or undefined when that step is not allowed. */
export function findEventAction(from: EventState, to: EventState): EventAction | undefined {
  return EVENT_ACTIONS.find((a) => a.to === to && a.from.includes(from));
}

/** States an event may move to from `from`. */
export function nextEventStates(from: EventState): EventState[] {
  return [...new Set(EVENT_ACTIONS.filter((a) => a.from.includes(from)).map((a) => a.to))];
}

/**
 * States in which an event is still open (counts against the SLA). `recovered` is open: nobody has confirmed yet
 * that the problem is gone, and a new alert of its sensor attaches to it.
 */
export const OPEN_EVENT_STATES: readonly EventState[] = [
  'discovered',
  'warned',
  'assigned',
  'handling',
  'recovered',
  'reopened',
];

/** Time allowed from discovery to resolution, by severity, in seconds. */
export const SLA_SECONDS: Readonly<Record<Severity, number>> = {
  critical: 4 * 3600,
  major: 24 * 3600,
  minor: 72 * 3600,
  info: 7 * 24 * 3600,
};
