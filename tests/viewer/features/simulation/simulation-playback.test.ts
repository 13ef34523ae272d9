import { describe, expect, it } from 'vitest';
import { runTime, stepLabel, type RunTime } from '../../../../viewer/features/simulation/simulation-playback.js';

describe('viewer/features/simulation/simulation-playback: the run time axis', () => {
  it('uses the time axis the server gives', () => {
    const time: RunTime = {
      startMs: 1_000,
      startTime: new Date(1_000).toISOString(),
      durationMin: 30,
      stepsMin: [0, 15, 30],
    };
    expect(runTime('burst', { time }, 5_000_000)).toBe(time);
  });

  it('gives an older storm run its own frames, ending now and lasting at least an hour', () => {
    const now = Date.UTC(2026, 5, 1, 12, 0);
    const t = runTime('storm', { timeline: { timesMin: [0, 30, 90] } }, now);
    expect(t.stepsMin).toEqual([0, 30, 90]);
    expect(t.durationMin).toBe(90);
    expect(t.startMs).toBe(now - 90 * 60_000);
    expect(t.startTime).toBe(new Date(now - 90 * 60_000).toISOString());
    const short = runTime('storm', { timeline: { timesMin: [0, 10] } }, now);
    expect(short.durationMin).toBe(60);
    // A run without a time axis or a timeline plays one frame.
    expect(runTime('gas', {}, now).stepsMin).toEqual([0]);
    expect(runTime('burst', { time: { stepsMin: [] } }, now).stepsMin).toEqual([0]);
  });

  it('labels a step with the local clock time and its offset, clamping steps outside the run', () => {
    // 14:00 local time, whatever the machine's time zone.
    const startMs = new Date(2026, 0, 5, 14, 0).getTime();
    const time: RunTime = { startMs, startTime: '', durationMin: 75, stepsMin: [0, 35, 75] };
    expect(stepLabel(time, 0)).toBe('14:00 (+0 min)');
    expect(stepLabel(time, 1)).toBe('14:35 (+35 min)');
    expect(stepLabel(time, 2)).toBe('15:15 (+75 min)');
    expect(stepLabel(time, 9)).toBe('15:15 (+75 min)');
    expect(stepLabel(time, -3)).toBe('14:00 (+0 min)');
  });
});
