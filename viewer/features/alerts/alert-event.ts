import type { Alert } from '../../../core/model/index.js';
import { OPEN_EVENT_STATES } from '../../../core/incident/index.js';
import type { EventSummary } from '../events/events-api.js';

/**
 * The event an alert stands in (pure): the one whose source is this alert or that lists it among the alerts it stands
 * for, else the open one of the same sensor and rule (repeats fold into one event, which keeps the latest alert id),
 * else the open one of the same sensor whatever its first rule (one incident, one event: a high alert joins the event
 * a dropout of the same sensor opened), else the newest of the same sensor and rule.
 */
export function findEventOfAlert(
  alert: Pick<Alert, 'id' | 'sensorId' | 'rule'>,
  events: readonly EventSummary[],
): EventSummary | null {
  const fromAlert = events.filter((e) => e.source.kind === 'alert');
  const exact = fromAlert.find(
    (e) => (e.source.kind === 'alert' && e.source.alertId === alert.id) || (e.alertIds ?? []).includes(alert.id),
  );
  if (exact) return exact;
  const ofSensor = fromAlert
    .filter((e) => e.source.kind === 'alert' && alert.sensorId !== null && e.source.sensorId === alert.sensorId)
    .sort((a, b) => b.createdAt - a.createdAt);
  const open = ofSensor.filter((e) => OPEN_EVENT_STATES.includes(e.state));
  const sameRule = (e: EventSummary) => e.source.kind === 'alert' && e.source.rule === alert.rule;
  return open.find(sameRule) ?? open[0] ?? ofSensor.find(sameRule) ?? null;
}
