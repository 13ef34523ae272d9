import { describe, expect, it } from 'vitest';
import { UserSchema, type Role } from '../../../core/model/index.js';
import { canActOnEvent, canSeeEvent, EVENT_ACTIONS } from '../../../core/incident/index.js';
import { makeEvent } from './event-factory.js';

const user = (role: Role, extra: object = {}) =>
  UserSchema.parse({ id: `u-${role}`, username: role, displayName: role, role, ...extra });
const action = (name: string) => EVENT_ACTIONS.find((a) => a.action === name)!;

describe('core/incident/event-permissions', () => {
  const event = makeEvent({
    id: 'e',
    createdAt: 0,
    gridId: 'cell-a',
    steps: [['assigned', 0]],
    assignedCrewId: 'crew-water',
  });
  const ownCrew = user('crew', { crewId: 'crew-water', gridIds: ['cell-z'] });
  const gridCrew = user('crew', { crewId: 'crew-gas', gridIds: ['cell-a'] });
  const otherCrew = user('crew', { crewId: 'crew-sewer', gridIds: ['cell-b'] });

  it('lets every non-crew role see every event, crew only theirs', () => {
    for (const role of ['admin', 'manager', 'planner', 'viewer'] as const)
      expect(canSeeEvent(user(role), event).ok).toBe(true);
    expect(canSeeEvent(ownCrew, event).ok).toBe(true);
    expect(canSeeEvent(gridCrew, event).ok).toBe(true);
    const denied = canSeeEvent(otherCrew, event);
    expect(denied.ok).toBe(false);
    expect(!denied.ok && denied.reason).toContain('crew-sewer');
  });

  it('lets a crew member see their own report anywhere', () => {
    const report = makeEvent({
      id: 'r',
      createdAt: 0,
      gridId: 'cell-q',
      source: { kind: 'report', reporter: otherCrew.id },
    });
    expect(canSeeEvent(otherCrew, report).ok).toBe(true);
  });

  it('lets crews handle only events of their crew (or unassigned ones in their grids)', () => {
    expect(canActOnEvent(ownCrew, event, action('start')).ok).toBe(true);
    expect(canActOnEvent(gridCrew, event, action('start')).ok).toBe(false);
    expect(canActOnEvent(otherCrew, event, action('start')).ok).toBe(false);
    const unassigned = { ...event, assignedCrewId: null };
    expect(canActOnEvent(gridCrew, unassigned, action('start')).ok).toBe(true);
    expect(canActOnEvent(ownCrew, event, action('close')).ok).toBe(false);
    expect(canActOnEvent(user('manager'), event, action('close')).ok).toBe(true);
    expect(canActOnEvent(user('planner'), event, action('start')).ok).toBe(false);
  });
});
