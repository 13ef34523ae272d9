import { useEffect, useMemo, useState } from 'react';
import { api, type Reading } from '../../api/api-client.js';
import type { CityData } from '../../data/city-data.js';
import { useT } from '../../state/i18n.js';
import { compareSensors, stepLabel, type CompareSeries, type RunTime } from './simulation-playback.js';
import { simulationStore } from './simulation.state.js';
import { useCityTime, useCityTimeZone } from '../../data/city-time.js';

/** Playback speed: one step per this many ms. */
const STEP_MS = 700;

/**
 * The run's timeline: play/pause and a slider over its time steps (storm frames, hydraulic periods, wind periods),
 * the clock time of the current step, and for a few sensors of the affected area the simulated series beside the
 * measured one (`/api/sensors/:id/readings` over the same period), with a cursor at the current step.
 */
export function SimulationTimeline({
  data,
  kind,
  result,
  time,
  frame,
  playing,
}: {
  data: CityData;
  kind: string;
  result: Record<string, unknown>;
  time: RunTime;
  frame: number;
  playing: boolean;
}) {
  const t = useT();
  const when = useCityTime();
  const zone = useCityTimeZone();
  const last = time.stepsMin.length - 1;
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const { frame: f } = simulationStore.get();
      if (f >= last) simulationStore.set({ playing: false });
      else simulationStore.set({ frame: f + 1 });
    }, STEP_MS);
    return () => clearInterval(timer);
  }, [playing, last]);
  const series = useMemo(() => compareSensors(data, kind, result, time), [data, kind, result, time]);
  const measured = useMeasured(series, time);
  return (
    <div className="sim-timeline" data-testid="sim-timeline">
      <div className="sim-timeline-row">
        <button
          data-testid="sim-play"
          aria-label={playing ? t('sim.pause') : t('sim.play')}
          disabled={last < 1}
          onClick={() =>
            simulationStore.set(playing ? { playing: false } : { playing: true, frame: frame >= last ? 0 : frame })
          }
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <input
          data-testid="sim-slider"
          type="range"
          min={0}
          max={Math.max(0, last)}
          value={frame}
          aria-label={t('sim.timeline')}
          onChange={(e) => simulationStore.set({ frame: Number(e.target.value), playing: false })}
        />
        <span data-testid="sim-clock">{stepLabel(time, frame, zone)}</span>
      </div>
      <div className="muted sim-start">{t('sim.start', { time: when(time.startMs) })}</div>
      {series.map((s) => (
        <CompareChart key={s.sensor.id} series={s} measured={measured.get(s.sensor.id)} time={time} frame={frame} />
      ))}
      {series.length > 0 && (
        <div className="sim-legend muted">
          <span className="sim-key sim-key-sim" />
          {t('sim.simulated')} <span className="sim-key sim-key-meas" />
          {t('sim.measured')}
        </div>
      )}
    </div>
  );
}

/** Measured readings of the compared sensors over the run's period, one point per playback step's width. */
function useMeasured(series: readonly CompareSeries[], time: RunTime): Map<string, Reading[] | null> {
  const [byId, setById] = useState(new Map<string, Reading[] | null>());
  useEffect(() => {
    const controller = new AbortController();
    const to = time.startMs + time.durationMin * 60_000;
    const gaps = time.stepsMin.slice(1).map((m, k) => m - time.stepsMin[k]!);
    const stepMs = Math.max(60_000, (gaps.length > 0 ? Math.min(...gaps) : time.durationMin) * 60_000);
    void Promise.all(
      series.map(
        async (s) =>
          [
            s.sensor.id,
            await api.readings(s.sensor.id, time.startMs, to, controller.signal, stepMs).catch(() => null),
          ] as const,
      ),
    ).then((pairs) => {
      if (!controller.signal.aborted) setById(new Map(pairs));
    });
    return () => controller.abort();
  }, [series, time]);
  return byId;
}

const W = 260,
  H = 46;

/** One sensor: simulated line (blue), measured line (orange), cursor at the current step; both on one value axis. */
function CompareChart({
  series,
  measured,
  time,
  frame,
}: {
  series: CompareSeries;
  measured: Reading[] | null | undefined;
  time: RunTime;
  frame: number;
}) {
  const spanMs = Math.max(1, time.durationMin * 60_000);
  const x = (ms: number) => ((ms - time.startMs) / spanMs) * W;
  const sim = series.simulated
    .map((v, k) => (v === null ? null : { ms: time.startMs + time.stepsMin[k]! * 60_000, v }))
    .filter((p) => p !== null);
  const meas = (measured ?? []).map((r) => ({ ms: r.ts, v: r.value }));
  const values = [...sim.map((p) => p.v), ...meas.map((p) => p.v)];
  const lo = Math.min(0, ...values),
    hi = Math.max(lo + 1e-6, ...values);
  const y = (v: number) => H - 3 - ((v - lo) / (hi - lo)) * (H - 6);
  const path = (pts: { ms: number; v: number }[]) =>
    pts.map((p, k) => `${k ? 'L' : 'M'}${x(p.ms).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
  const cursor = x(time.startMs + (time.stepsMin[frame] ?? 0) * 60_000);
  const simNow = series.simulated[frame];
  return (
    <div
      className="sim-chart"
      data-testid="sim-chart"
      data-sensor={series.sensor.id}
      data-measured={meas.length}
      data-simulated={sim.length}
    >
      <div className="sim-chart-title">
        {series.sensor.name ?? series.sensor.id}{' '}
        <span className="muted">
          ({series.sensor.unit}
          {simNow != null ? ` · sim ${simNow.toFixed(2)}` : ''}
          {measured === null ? ' · no history' : ''})
        </span>
      </div>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img">
        <rect x={0} y={0} width={W} height={H} className="sim-chart-bg" />
        {sim.length > 0 && <path d={path(sim)} className="sim-line-sim" />}
        {meas.length > 0 && <path d={path(meas)} className="sim-line-meas" />}
        {meas.length < 40 &&
          meas.map((p) => <circle key={p.ms} cx={x(p.ms)} cy={y(p.v)} r={1.8} className="sim-dot-meas" />)}
        <line x1={cursor} x2={cursor} y1={0} y2={H} className="sim-cursor" />
        <text x={2} y={10} className="sim-axis">
          {hi.toPrecision(3)}
        </text>
        <text x={2} y={H - 2} className="sim-axis">
          {lo.toPrecision(3)}
        </text>
      </svg>
    </div>
  );
}
