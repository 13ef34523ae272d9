import { describe, expect, it } from 'vitest';
import { RuleEngine } from '../../../iot-bridge/rules/rule-engine.js';
import type { SensorRules } from '../../../iot-bridge/rules/rule-settings.js';

const rules: SensorRules = {
  lo: 15,
  hi: 50,
  deadband: 1,
  minDurationMs: 30_000,
  rateLimitPerS: 0.5,
  flatlineMs: 600_000,
  staleMs: 30_000,
};
const engine = () => new RuleEngine((id) => (id === 's' ? rules : undefined));
const names = (trs: { rule: string; change: string }[]) => trs.map((t) => `${t.rule}:${t.change}`);

describe('iot-bridge/rules/rule-engine', () => {
  it('raises lo only after the minimum duration, holds it within the deadband, clears past it', () => {
    const e = engine();
    const out: string[] = [];
    // Slow enough (0.2/s) not to trip the rate rule.
    for (const [t, v] of [
      [0, 16],
      [10, 14],
      [30, 14],
      [40, 14],
      [50, 15.5],
      [60, 16.5],
    ] as const)
      out.push(...names(e.evaluate('s', t * 1000, v, t * 1000)));
    expect(out).toEqual(['lo:raise', 'lo:clear']);
    // the raise came at t=40 (30 s after 14 first held), not before
    const e2 = engine();
    e2.evaluate('s', 0, 14, 0);
    expect(names(e2.evaluate('s', 29_000, 14, 29_000))).toEqual([]);
    expect(names(e2.evaluate('s', 30_000, 14, 30_000))).toEqual(['lo:raise']);
  });

  it('a dip shorter than the minimum duration raises nothing', () => {
    const e = engine();
    const out = [
      [0, 20],
      [10, 14.5],
      [20, 16],
      [30, 14.8],
      [40, 20],
    ].flatMap(([t, v]) => names(e.evaluate('s', t! * 1000, v!, t! * 1000)));
    expect(out.filter((x) => x.startsWith('lo'))).toEqual([]);
  });

  it('rate of change raises and clears', () => {
    const e = engine();
    e.evaluate('s', 0, 30, 0);
    expect(names(e.evaluate('s', 10_000, 20, 10_000))).toEqual(['rate:raise']);
    expect(names(e.evaluate('s', 20_000, 20.5, 20_000))).toEqual(['rate:clear']);
  });

  it('flatline after the value stays unchanged, cleared when it moves', () => {
    const e = engine();
    let out: string[] = [];
    for (let t = 0; t <= 600; t += 60) out = out.concat(names(e.evaluate('s', t * 1000, 30, t * 1000)));
    expect(out).toEqual(['flatline:raise']);
    expect(names(e.evaluate('s', 660_000, 30.2, 660_000))).toEqual(['flatline:clear']);
  });

  it('stale after 3 intervals of silence, offline from status; both clear; late readings are not evaluated', () => {
    const e = engine();
    e.evaluate('s', 0, 30, 0);
    expect(names(e.checkStale(20_000))).toEqual([]);
    expect(names(e.checkStale(31_000))).toEqual(['stale:raise']);
    expect(names(e.checkStale(40_000))).toEqual([]);
    expect(names(e.evaluate('s', 41_000, 30.1, 41_000))).toEqual(['stale:clear']);
    expect(names(e.status('s', 'offline', 42_000))).toEqual(['offline:raise']);
    expect(names(e.status('s', 'online', 43_000))).toEqual(['offline:clear']);
    expect(names(e.evaluate('s', 1_000, 5, 44_000))).toEqual([]); // late and far below lo: history, not an alarm
  });
});
