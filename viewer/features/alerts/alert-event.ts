import type { Alert } from '../../../core/model/index.js';
import { OPEN_EVENT_STATES } from '../../../core/incident/index.js';
import type { EventSummary } from '../events/events-api.js';

/**
 * The event an alert stands in (pure): the one whose source is this alert, else the open one of the same sensor and
 * rule (repeats of a sensor's alert fold into one event, which keeps the latest alert id), else the newest of those.
 */
export function findEventOfAlert(
  alert: Pick<Alert, 'id' | 'sensorId' | 'rule'>,
  events: readonly EventSummary[],
): EventSummary | null {
  const fromAlert = events.filter((e) => e.source.kind === 'alert');
  const exact = fromAlert.find((e) => e.source.kind === 'alert' && e.source.alertId === alert.id);
  if (exact) return exact;
  const same = fromAlert.filter(
    (e) =>
      e.source.kind === 'alert' &&
      alert.sensorId !== null &&
      e.source.sensorId === alert.sensorId &&
      e.source.rule === alert.rule,
  );
  same.sort((a, b) => b.createdAt - a.createdAt);
  return same.find((e) => OPEN_EVENT_STATES.includes(e.state)) ?? same[0] ?? null;
}
