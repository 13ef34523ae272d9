import type { Alert, AlertRule, Severity } from '../model/index.js';

/**
 * One incident, one event: how sensor alerts become events.
 * - Every alert of a sensor (hi, hihi, lo, lolo, rate, flatline, stale, offline) belongs to the one open event of that
 *   sensor: a pressure above both `hi` and `hihi` is one problem, so one work order, counted once by the KPIs.
 * - A rising level escalates that event (its severity and SLA), never opens another.
 * - A dropout (stale, offline) is first only an alert: it becomes an event after `dropoutEventAfterMs` without
 *   recovery (a sensor that comes back within that time made no work for a crew). While the sensor already has an
 *   open event, the dropout attaches to it at once.
 * - When the last open alert of the sensor clears, the event is `recovered`: a crew confirms it.
 */

/** Rules that say a sensor went silent, not that the network misbehaves. */
export const DROPOUT_RULES: readonly AlertRule[] = ['stale', 'offline'];

/** Default time a dropout must last before it becomes an event: 15 minutes (five 3-minute stale windows). */
export const DEFAULT_DROPOUT_EVENT_AFTER_S = 900;

export const SEVERITY_ORDER: readonly Severity[] = ['info', 'minor', 'major', 'critical'];

export function isDropout(rule: AlertRule): boolean {
  return DROPOUT_RULES.includes(rule);
}

/** The higher of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b;
}

/** The key of the one open event an alert belongs to: its sensor's (or, without a sensor, its simulation's). */
export function alertEventKey(alert: Pick<Alert, 'id' | 'sensorId' | 'simulationId'>): string {
  return alert.sensorId !== null ? `alert:${alert.sensorId}` : `alert:simulation:${alert.simulationId ?? alert.id}`;
}

/**
 * Whether a raised or updated alert may open a new event at `nowMs` (it may always attach to an open one): limit,
 * rate and flatline alerts at once, dropouts once they have lasted `dropoutEventAfterMs`.
 */
export function mayOpenEvent(alert: Pick<Alert, 'rule' | 'raisedAt'>, nowMs: number, dropoutEventAfterMs: number) {
  return !isDropout(alert.rule) || nowMs - alert.raisedAt >= dropoutEventAfterMs;
}
