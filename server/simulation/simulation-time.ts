/**
 * The time axis of a simulation run. Every result carries it, so the viewer can play the run back against the sensor
 * history of the same period: `startMs` is the request's `startTime` (ISO 8601), by default the run's "now" minus its
 * duration (the run then replays the period that just ended), and `stepsMin` are the playback steps in minutes after
 * the start (hydraulic periods, storm frames, wind periods).
 */
export interface SimulationTime {
  startMs: number;
  /** `startMs` as ISO 8601 (UTC). */
  startTime: string;
  durationMin: number;
  stepsMin: number[];
}

/** Builds a run's time axis; `startTime` (ISO) wins over the default `nowMs - durationMin`. */
export function simulationTime(options: {
  startTime?: string;
  nowMs: number;
  durationMin: number;
  stepsMin: readonly number[];
}): SimulationTime {
  const startMs =
    options.startTime !== undefined ? Date.parse(options.startTime) : options.nowMs - options.durationMin * 60_000;
  return {
    startMs,
    startTime: new Date(startMs).toISOString(),
    durationMin: options.durationMin,
    stepsMin: [...options.stepsMin],
  };
}
