import { describe, expect, it } from 'vitest';
import { escalationLevelAt, pendingEscalation, SLA_SECONDS, slaDueAt } from '../../../core/incident/index.js';
import { H, makeEvent } from './event-factory.js';

describe('core/incident/sla', () => {
  it('sets the deadline from the severity', () => {
    expect(slaDueAt('critical', 1000)).toBe(1000 + 4 * H);
    expect(slaDueAt('info', 0)).toBe(SLA_SECONDS.info * 1000);
  });

  it('escalates to the street at the deadline and to the district half an SLA later', () => {
    const e = makeEvent({ id: 'e', createdAt: 0, severity: 'critical', steps: [['assigned', 0]] }); // due 4 h
    expect(escalationLevelAt(e, 4 * H - 1)).toBe('none');
    expect(escalationLevelAt(e, 4 * H)).toBe('street');
    expect(escalationLevelAt(e, 6 * H - 1)).toBe('street');
    expect(escalationLevelAt(e, 6 * H)).toBe('district');
    expect(pendingEscalation(e, 5 * H)).toBe('street');
    expect(pendingEscalation({ ...e, escalationLevel: 'street' }, 5 * H)).toBeNull();
    expect(pendingEscalation({ ...e, escalationLevel: 'street' }, 7 * H)).toBe('district');
    expect(pendingEscalation({ ...e, escalationLevel: 'district' }, 7 * H)).toBeNull();
  });

  it('never escalates resolved or closed events', () => {
    const e = makeEvent({
      id: 'e',
      createdAt: 0,
      severity: 'critical',
      steps: [
        ['assigned', 0],
        ['handling', 1],
        ['resolved', 2],
      ],
    });
    expect(escalationLevelAt(e, 100 * H)).toBe('none');
    expect(pendingEscalation(e, 100 * H)).toBeNull();
  });
});
