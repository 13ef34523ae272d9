import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { followLiveEvents, type LiveEvents } from '../../../app/startup/live-events.js';
import {
  move,
  openIncidentTestApp,
  reportLeak,
  EAST,
  type IncidentTestApp,
} from '../../server/events/incident-test-app.js';

describe('server/startup/live-events', () => {
  let t: IncidentTestApp;
  let live: LiveEvents;
  const pushed: Array<{ id: string; state: string }> = [];
  beforeAll(async () => {
    t = await openIncidentTestApp(() => openPgliteClient());
  });
  afterAll(async () => {
    live?.stop();
    await t?.close();
  });

  it('starts with the open events already stored and pushes every later change, dropping closed ones', async () => {
    const before = await reportLeak(t, 'manager');
    live = await followLiveEvents(t.services.eventStore, 'fixture-city');
    expect(live.openEvents().map((e) => e.id)).toEqual([before.id]);
    live.attach({ event: (s) => pushed.push(s as { id: string; state: string }) });

    const after = await reportLeak(t, 'manager', EAST);
    expect(pushed.map((p) => p.id)).toEqual([after.id]);
    expect(live.openEvents().map((e) => e.id)).toEqual([after.id, before.id]);
    expect(pushed[0]).not.toHaveProperty('transitions');

    await move(t, 'crew.water', before.id, { action: 'start' }).expect(200);
    await move(t, 'crew.water', before.id, { action: 'resolve', note: 'valve re-packed' }).expect(200);
    expect(pushed.slice(-2).map((p) => [p.id, p.state])).toEqual([
      [before.id, 'handling'],
      [before.id, 'resolved'],
    ]);
    expect(live.openEvents().map((e) => e.id)).toEqual([after.id]);
  });

  it('does not announce a transition the state machine refused', async () => {
    const n = pushed.length;
    const open = live.openEvents()[0]!;
    const res = await move(t, 'manager', open.id, { action: 'close' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(pushed.length).toBe(n);
    expect(live.openEvents().map((e) => e.id)).toContain(open.id);
  });
});
