import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSchema, type Alert } from '../../../core/model/index.js';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { move, openIncidentTestApp, type IncidentTestApp } from './incident-test-app.js';

const alertOf = (
  id: string,
  rule: Alert['rule'],
  severity: Alert['severity'],
  at: number,
  sensorId = 'sen-p-j2',
): Alert =>
  AlertSchema.parse({
    id,
    sensorId,
    rule,
    severity,
    state: 'active',
    value: 700,
    message: `pressure ${rule} at 世纪大道`,
    gridId: null,
    raisedAt: at,
    updatedAt: at,
  });

describe('server/services/event-intake.service', () => {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(() => openPgliteClient());
  });
  afterAll(async () => {
    await t?.close();
  });

  it("turns an alert into one warned-then-assigned event in the sensor's cell, and repeats into the same event", async () => {
    const first = (await t.services.intake.eventFromAlert(alertOf('al-1', 'hi', 'minor', t.clock.now)))!;
    expect(first.created).toBe(true);
    expect(first.event).toMatchObject({
      state: 'assigned',
      gridId: 'g-cell-w',
      assignedCrewId: 'crew-water',
      assignedWorker: '王芳',
      utility: 'water',
      category: 'pressure-alarm',
      source: { kind: 'alert', alertId: 'al-1', sensorId: 'sen-p-j2', rule: 'hi' },
    });
    expect(first.event.transitions.map((x) => x.to)).toEqual(['discovered', 'warned', 'assigned']);

    t.clock.now += 60_000;
    const again = (await t.services.intake.eventFromAlert(alertOf('al-2', 'hi', 'critical', t.clock.now)))!;
    expect(again.created).toBe(false);
    expect(again.event.id).toBe(first.event.id);
    expect(again.event).toMatchObject({
      occurrences: 2,
      severity: 'critical',
      source: { alertId: 'al-2' },
      version: first.event.version + 1,
    });
    expect(again.event.slaDueAt).toBe(first.event.createdAt + 4 * 3600_000);
    expect(again.event.transitions.at(-1)).toMatchObject({
      action: 'escalate-severity',
      from: 'assigned',
      to: 'assigned',
    });

    // Another rule of the same sensor is the same incident: it attaches, it does not open a second event.
    const otherRule = (await t.services.intake.eventFromAlert(alertOf('al-3', 'lo', 'minor', t.clock.now)))!;
    expect(otherRule.created).toBe(false);
    expect(otherRule.event.id).toBe(first.event.id);
    expect(otherRule.event.alertIds).toEqual(['al-1', 'al-2', 'al-3']);
    expect(otherRule.event.severity).toBe('critical');
  });

  it('opens a new event once the previous one of that sensor is resolved', async () => {
    const a = (await t.services.intake.eventFromAlert(alertOf('al-10', 'hihi', 'major', t.clock.now)))!;
    await move(t, 'crew.water', a.event.id, { action: 'start' }).expect(200);
    await move(t, 'crew.water', a.event.id, { action: 'resolve', note: 'pressure regulator reset' }).expect(200);
    const b = (await t.services.intake.eventFromAlert(alertOf('al-11', 'hihi', 'major', t.clock.now)))!;
    expect(b.created).toBe(true);
    expect(b.event.id).not.toBe(a.event.id);
  });

  it('deduplicates concurrent alerts of one sensor into one event', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.services.intake.eventFromAlert(alertOf(`al-c${i}`, 'rate', 'minor', t.clock.now, 'sen-l-m1')),
      ),
    );
    expect(new Set(results.map((r) => r!.event.id)).size).toBe(1);
    expect(results.filter((r) => r!.created)).toHaveLength(1);
    const stored = await t.services.eventStore.get(results[0]!.event.id);
    expect(stored!.event.occurrences).toBe(6);
    expect(stored!.event).toMatchObject({ gridId: 'g-cell-e', assignedCrewId: 'crew-sewer', assignedWorker: '李强' });
  });

  it('makes events from simulations', async () => {
    const e = await t.services.intake.eventFromSimulation({
      simulationId: 'sim-1',
      kind: 'burst',
      title: 'Burst on w-p4',
      severity: 'critical',
      utility: 'water',
      location: [121.5085, 31.2397],
    });
    expect(e).toMatchObject({
      source: { kind: 'simulation', simulationId: 'sim-1' },
      category: 'simulation-burst',
      gridId: 'g-cell-e',
      assignedCrewId: 'crew-water',
    });
  });

  it('escalates overdue events to the street, then the district, once each, and says so in the trail', async () => {
    const e = await t.services.intake.eventFromSimulation({
      simulationId: 'sim-2',
      kind: 'gas-leak',
      title: 'Gas smell',
      severity: 'critical',
      utility: 'gas',
      location: [121.5025, 31.2397],
    });
    const start = e.createdAt;
    expect(await t.services.escalation.escalateOverdue(start + 3 * 3600_000)).toEqual([]);
    const street = await t.services.escalation.escalateOverdue(start + 5 * 3600_000);
    expect(street).toContainEqual({ eventId: e.id, level: 'street', gridId: 'g-street' });
    expect(await t.services.escalation.escalateOverdue(start + 5.5 * 3600_000)).not.toContainEqual(
      expect.objectContaining({ eventId: e.id }),
    );
    const district = await t.services.escalation.escalateOverdue(start + 7 * 3600_000);
    expect(district).toContainEqual({ eventId: e.id, level: 'district', gridId: 'g-district' });
    const stored = (await t.services.eventStore.get(e.id))!.event;
    expect(stored.escalationLevel).toBe('district');
    const lines = stored.transitions.filter((x) => x.action === 'escalate');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.note).toContain('陆家嘴街道');
    expect(lines[1]!.note).toContain('浦东新区');
  });
});
