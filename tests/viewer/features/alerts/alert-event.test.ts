import { describe, expect, it } from 'vitest';
import { EventSummarySchema, type EventSummary } from '../../../../core/contracts/index.js';
import { findEventOfAlert } from '../../../../viewer/features/alerts/alert-event.js';

function event(id: string, rule: string, alertId: string, state: EventSummary['state'], createdAt: number, more = {}) {
  return EventSummarySchema.parse({
    id,
    cityId: 'demo',
    title: id,
    category: 'pressure',
    severity: 'major',
    source: { kind: 'alert', alertId, sensorId: 's1', rule },
    location: [121.5, 31.2],
    gridId: 'g1',
    state,
    createdAt,
    updatedAt: createdAt,
    slaDueAt: createdAt + 1000,
    ...more,
  });
}

describe('viewer/features/alerts: the event an alert stands in', () => {
  const hi = { id: 'a-hi', sensorId: 's1', rule: 'hi' as const };
  it('finds the event opened by the alert, or one that lists it among its alerts', () => {
    const own = event('e1', 'hi', 'a-hi', 'assigned', 10);
    expect(findEventOfAlert(hi, [own])?.id).toBe('e1');
    const listing = event('e2', 'stale', 'a-stale', 'assigned', 5, { alertIds: ['a-stale', 'a-hi'] });
    expect(findEventOfAlert(hi, [listing])?.id).toBe('e2');
  });
  it("falls back to the sensor's open event whatever its first rule (a dropout opened it, the high alert joined)", () => {
    const closedHi = event('old', 'hi', 'a-old', 'closed', 1);
    const openStale = event('now', 'stale', 'a-stale', 'assigned', 20);
    expect(findEventOfAlert(hi, [closedHi, openStale])?.id).toBe('now');
    // Without an open one, the newest of the same rule; another sensor's event never.
    expect(findEventOfAlert(hi, [closedHi])?.id).toBe('old');
    expect(findEventOfAlert({ ...hi, sensorId: 's2' }, [closedHi, openStale])).toBeNull();
  });
});
