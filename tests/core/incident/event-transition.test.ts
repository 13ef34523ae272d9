import { describe, expect, it } from 'vitest';
import { applyTransition, resolveAction } from '../../../core/incident/index.js';
import { makeEvent } from './event-factory.js';

describe('core/incident/event-transition', () => {
  const assigned = makeEvent({ id: 'e', createdAt: 0, steps: [['assigned', 0]], assignedCrewId: 'crew-water' });

  it('finds actions by name or by target state, from the current state', () => {
    expect(resolveAction('assigned', { to: 'handling' })).toMatchObject({ action: 'start' });
    expect(resolveAction('handling', { to: 'assigned' })).toMatchObject({ action: 'reassign' });
    expect(resolveAction('discovered', { action: 'assign' })).toMatchObject({ action: 'assign', to: 'assigned' });
    expect(resolveAction('discovered', { action: 'close' })).toMatchObject({ code: 'not-allowed' });
    expect(resolveAction('discovered', {})).toMatchObject({ code: 'bad-request' });
  });

  it('applies a step: state, version, audit line with actor, time, note', () => {
    const out = applyTransition(assigned, { action: 'start', note: 'on site' }, { id: 'u-li', role: 'crew' }, 500);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.event.state).toBe('handling');
    expect(out.event.version).toBe(assigned.version + 1);
    expect(out.event.updatedAt).toBe(500);
    expect(out.event.transitions.at(-1)).toEqual({
      from: 'assigned',
      to: 'handling',
      actor: 'u-li',
      at: 500,
      note: 'on site',
      action: 'start',
    });
    expect(assigned.transitions.length).toBe(2); // the input is not changed
  });

  it('refuses wrong states, wrong roles and missing notes', () => {
    const handling = makeEvent({
      id: 'e',
      createdAt: 0,
      steps: [
        ['assigned', 0],
        ['handling', 1],
      ],
    });
    expect(applyTransition(assigned, { action: 'close' }, { id: 'm', role: 'manager' }, 1)).toMatchObject({
      ok: false,
      refusal: { code: 'not-allowed' },
    });
    expect(applyTransition(handling, { action: 'resolve', note: 'x' }, { id: 'v', role: 'viewer' }, 1)).toMatchObject({
      ok: false,
      refusal: { code: 'forbidden' },
    });
    expect(applyTransition(handling, { action: 'resolve', note: '  ' }, { id: 'c', role: 'crew' }, 1)).toMatchObject({
      ok: false,
      refusal: { code: 'bad-request' },
    });
    expect(
      applyTransition(handling, { action: 'resolve', note: 'fixed', crewId: 'x' }, { id: 'c', role: 'crew' }, 1),
    ).toMatchObject({ ok: false, refusal: { code: 'bad-request' } });
  });

  it('reassigns to another crew and keeps the worker unless told', () => {
    const withWorker = { ...assigned, assignedWorker: '李强' };
    const out = applyTransition(
      withWorker,
      { action: 'reassign', crewId: 'crew-sewer' },
      { id: 'm', role: 'manager' },
      9,
    );
    expect(out.ok && [out.event.state, out.event.assignedCrewId, out.event.assignedWorker]).toEqual([
      'assigned',
      'crew-sewer',
      '李强',
    ]);
    const cleared = applyTransition(
      { ...assigned, assignedWorker: null },
      { action: 'reassign', crewId: null },
      { id: 'm', role: 'manager' },
      9,
    );
    expect(cleared).toMatchObject({ ok: false, refusal: { code: 'bad-request' } });
  });
});
