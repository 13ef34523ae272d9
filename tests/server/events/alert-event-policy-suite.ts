import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Event } from '../../../core/model/index.js';
import type { SqlClient } from '../../../store/sql-client.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { AlertManager } from '../../../iot-bridge/alert-manager.js';
import { RuleEngine } from '../../../iot-bridge/rules/rule-engine.js';
import { sensorRules, type SensorRules } from '../../../iot-bridge/rules/rule-settings.js';
import { alertToEventHook } from '../../../server/services/event-intake.service.js';
import { move, openIncidentTestApp, type IncidentTestApp } from './incident-test-app.js';

const CITY = 'fixture-city';

/**
 * The alert -> event policy end to end, with the simulator off: readings go through the real rule engine and alert
 * manager (alerts stored in the real alerts table), whose hook is the one `npm start` wires, into the event store.
 */
export function alertEventPolicySuite(openClient: () => Promise<SqlClient>): void {
  let t: IncidentTestApp;
  let engine: RuleEngine;
  let manager: AlertManager;
  const rules = new Map<string, SensorRules>();

  beforeAll(async () => {
    t = await openIncidentTestApp(openClient);
    for (const s of (await t.store.listSensors(CITY, { limit: 100, offset: 0 })).items) rules.set(s.id, sensorRules(s));
    engine = new RuleEngine((id) => rules.get(id));
    manager = new AlertManager({
      cityId: CITY,
      store: liveDataStores(t.store).alerts,
      gridOf: () => null,
      now: () => t.clock.now,
      onAlert: alertToEventHook(t.services.intake, CITY),
      onError: (err) => {
        throw err;
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** One reading `stepS` seconds after the previous one; answers the rule transitions it caused. */
  async function read(sensorId: string, value: number, stepS = 60): Promise<string[]> {
    t.clock.now += stepS * 1000;
    const trs = engine.evaluate(sensorId, t.clock.now, value, t.clock.now);
    for (const tr of trs) manager.apply(tr);
    await manager.settled();
    return trs.map((x) => `${x.rule}:${x.change}`);
  }
  async function sensorEvents(sensorId: string): Promise<Event[]> {
    const { items } = await t.services.eventStore.list(CITY, { limit: 100, offset: 0 });
    const full = await Promise.all(items.map(async (e) => (await t.services.eventStore.get(e.id))!.event));
    return full.filter((e) => e.source.kind === 'alert' && e.source.sensorId === sensorId);
  }

  it('a level rising through hi then hihi is one event, escalated to critical with the critical SLA', async () => {
    expect(await read('sen-l-m1', 1.5)).toEqual([]);
    expect(await read('sen-l-m1', 2.1)).toEqual(['hi:raise']);
    const [first] = await sensorEvents('sen-l-m1');
    expect(first).toMatchObject({ severity: 'major', state: 'assigned', assignedCrewId: 'crew-sewer' });
    expect(first!.slaDueAt).toBe(first!.createdAt + 24 * 3600_000);
    expect(await read('sen-l-m1', 2.3)).toEqual(['hi:update']);
    expect(await read('sen-l-m1', 2.6)).toContain('hihi:raise');
    const events = await sensorEvents('sen-l-m1');
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.id).toBe(first!.id);
    expect(e.severity).toBe('critical');
    expect(e.slaDueAt).toBe(e.createdAt + 4 * 3600_000);
    expect(e.alertIds).toHaveLength(2);
    expect(e.occurrences).toBe(2);
    expect(e.transitions.some((x) => x.action === 'escalate-severity')).toBe(true);
    expect(e.titleTemplate?.key).toBe('alert.hihi');
    expect(e.title).toContain('2.6 m');
    expect(e.title).toContain('2.5 m');
    // The KPIs count one problem found.
    const kpis = await t.services.kpis.kpis({ city: CITY });
    expect(kpis.foundBySource.alert).toBe(1);
  });

  it('marks the event recovered only when the last alert of its sensor clears; the crew confirms it', async () => {
    expect(await read('sen-l-m1', 2.3)).toContain('hihi:clear');
    let [e] = await sensorEvents('sen-l-m1');
    expect(e!.state).toBe('assigned');
    expect(await read('sen-l-m1', 1.8)).toContain('hi:clear');
    [e] = await sensorEvents('sen-l-m1');
    expect(e!.state).toBe('recovered');
    expect(e!.transitions.at(-1)).toMatchObject({ action: 'recover', from: 'assigned', to: 'recovered' });
    // Only a crew (or manager) closes the loop, with a note.
    await move(t, 'crew.sewer', e!.id, { action: 'resolve' }).expect(400);
    const res = await move(t, 'crew.sewer', e!.id, { action: 'resolve', note: 'checked on site, level normal' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.state).toBe('resolved');
  });

  it('a recovered event whose sensor alarms again relapses to its crew instead of opening another', async () => {
    await read('sen-l-m1', 2.2);
    const events = await sensorEvents('sen-l-m1');
    const open = events.filter((e) => e.state !== 'resolved');
    expect(open).toHaveLength(1);
    await read('sen-l-m1', 1.7);
    let [now] = (await sensorEvents('sen-l-m1')).filter((e) => e.state !== 'resolved');
    expect(now!.state).toBe('recovered');
    await read('sen-l-m1', 2.2);
    const after = (await sensorEvents('sen-l-m1')).filter((e) => e.state !== 'resolved');
    expect(after).toHaveLength(1);
    now = after[0]!;
    expect(now.id).toBe(open[0]!.id);
    expect(now.state).toBe('assigned');
    expect(now.transitions.slice(-2).map((x) => x.action)).toEqual(['relapse', 'assign']);
  });

  it('rate, flatline and dropout alerts of a sensor with an open event attach to it', async () => {
    expect(await read('sen-p-j2', 400)).toEqual([]);
    expect(await read('sen-p-j2', 650)).toEqual(expect.arrayContaining(['hi:raise', 'rate:raise']));
    for (let i = 0; i < 31; i++) await read('sen-p-j2', 650);
    t.clock.now += 1000;
    const offline = engine.status('sen-p-j2', 'offline', t.clock.now);
    expect(offline.map((x) => x.rule)).toEqual(['offline']);
    for (const tr of offline) manager.apply(tr);
    await manager.settled();
    const events = await sensorEvents('sen-p-j2');
    expect(events).toHaveLength(1);
    const rulesSeen = new Set(
      (await liveDataStores(t.store).alerts.list(CITY, { sensorId: 'sen-p-j2', limit: 50, offset: 0 })).items
        .filter((a) => events[0]!.alertIds!.includes(a.id))
        .map((a) => a.rule),
    );
    expect([...rulesSeen].sort()).toEqual(['flatline', 'hi', 'offline', 'rate']);
    expect(events[0]!.transitions.filter((x) => x.action === 'attach').length).toBeGreaterThanOrEqual(3);
  });

  it('a dropout is an alert first, and an event only after DROPOUT_EVENT_AFTER_S without recovery', async () => {
    const alerts = liveDataStores(t.store).alerts;
    await read('sen-f-p1', 10);
    t.clock.now += 200_000;
    for (const tr of engine.checkStale(t.clock.now)) manager.apply(tr);
    await manager.settled();
    const stale = (await alerts.listOpen(CITY)).find((a) => a.sensorId === 'sen-f-p1');
    expect(stale?.rule).toBe('stale');
    expect(await sensorEvents('sen-f-p1')).toEqual([]);
    t.clock.now += 300_000;
    expect(await t.services.intake.promoteDropouts(CITY)).toEqual([]);
    // Readings come back before the delay: the alert clears and no event was ever made.
    expect(await read('sen-f-p1', 10, 1)).toContain('stale:clear');
    t.clock.now += 900_000;
    expect(await t.services.intake.promoteDropouts(CITY)).toEqual([]);
    expect(await sensorEvents('sen-f-p1')).toEqual([]);

    // A dropout that lasts: one event after the delay, and never a second one for the same alert.
    await read('sen-f-p1', 10);
    t.clock.now += 200_000;
    for (const tr of engine.checkStale(t.clock.now)) manager.apply(tr);
    await manager.settled();
    t.clock.now += 600_000;
    expect(await t.services.intake.promoteDropouts(CITY)).toEqual([]);
    t.clock.now += 300_000;
    const made = await t.services.intake.promoteDropouts(CITY);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ severity: 'minor', category: 'flow-alarm' });
    expect(made[0]!.titleTemplate?.key).toBe('alert.stale');
    expect(await t.services.intake.promoteDropouts(CITY)).toEqual([]);
    await move(t, 'crew.water', made[0]!.id, { action: 'start' }).expect(200);
    await move(t, 'crew.water', made[0]!.id, { action: 'resolve', note: 'logger battery replaced' }).expect(200);
    t.clock.now += 60_000;
    expect(await t.services.intake.promoteDropouts(CITY)).toEqual([]);
    expect(await sensorEvents('sen-f-p1')).toHaveLength(1);
  });
}
