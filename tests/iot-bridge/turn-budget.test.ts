import { describe, expect, it } from 'vitest';
import { TurnBudget } from '../../iot-bridge/turn-budget.js';

/** Keeps this thread busy for `ms` (synchronous work, as parsing a backlog of packets is). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('iot-bridge/turn-budget', () => {
  it('runs callbacks at once while the turn is young', () => {
    const turns = new TurnBudget(50);
    let ran = 0;
    for (let i = 0; i < 100; i++) turns.next(() => ran++);
    expect(ran).toBe(100);
  });

  it('defers the callback to a later turn once the turn used its budget', async () => {
    const turns = new TurnBudget(5);
    let ran = 0;
    turns.next(() => ran++);
    busy(10);
    turns.next(() => ran++);
    expect(ran).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(ran).toBe(2);
  });

  it('lets a timer run in the middle of a long chain of synchronous work', async () => {
    const turns = new TurnBudget(5);
    // A chain like mqtt.js's: each item's callback hands over the next item; 2000 items of 0.05 ms is 100 ms of work.
    let done = 0;
    let doneWhenTimerFired = -1;
    setTimeout(() => (doneWhenTimerFired = done), 0);
    await new Promise<void>((resolve) => {
      const step = (): void => {
        busy(0.05);
        done++;
        if (done === 2000) resolve();
        else turns.next(step);
      };
      step();
    });
    expect(doneWhenTimerFired).toBeGreaterThan(0);
    expect(doneWhenTimerFired).toBeLessThan(2000);
  });
});
