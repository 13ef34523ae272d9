import { useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { formatValue, timeTick } from '../charts/chart-series.js';
import { AXIS, UPlotChart } from '../charts/uplot-chart.js';
import { api, type Reading } from '../../api/api-client.js';
import type { CityData } from '../../data/city-data.js';
import { useT } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { sensorName } from '../inspector/element-name.js';
import { compareSensors, noChartReason, stepLabel, type CompareSeries, type RunTime } from './simulation-playback.js';
import { simulationStore } from './simulation.state.js';
import { useCityTime, useCityTimeZone } from '../../data/city-time.js';

/** Playback speed: one step per this many ms. */
const STEP_MS = 700;

/**
 * The run's playback: play/pause and a slider over its time steps (storm frames, hydraulic periods, wind periods) and
 * the clock time of the current step. Above the run's result, as the control it is.
 */
export function SimulationPlayback({ time, frame, playing }: { time: RunTime; frame: number; playing: boolean }) {
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
    </div>
  );
}

/**
 * For a few sensors of the affected area, the simulated series beside the measured one (`/api/sensors/:id/readings`
 * over the same period), with a cursor at the current step; or why there is none. Below the result's lists: on a
 * laptop, charts above them pushed the valves to close and the buildings cut off out of sight.
 */
export function SimulationCharts({
  data,
  kind,
  result,
  time,
  frame,
}: {
  data: CityData;
  kind: string;
  result: Record<string, unknown>;
  time: RunTime;
  frame: number;
}) {
  const t = useT();
  const series = useMemo(() => compareSensors(data, kind, result, time), [data, kind, result, time]);
  const measured = useMeasured(series, time);
  return (
    <div className="sim-charts">
      {series.map((s) => (
        <CompareChart key={s.sensor.id} series={s} measured={measured.get(s.sensor.id)} time={time} frame={frame} />
      ))}
      {series.length === 0 && noChartReason(data, kind, result) && (
        <div className="chart-empty" data-testid="sim-chart-none">
          {t(noChartReason(data, kind, result)!)}
        </div>
      )}
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

const CHART_HEIGHT = 110;

/**
 * One sensor (uPlot): simulated line (blue) and measured line (orange) on one value axis in the sensor's unit, the
 * time axis in the city's zone, a cursor line at the current step, values under the pointer in the legend; a line
 * says so when the sensor has no readings over the run.
 */
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
  const t = useT();
  const language = useViewerState((st) => st.language);
  const zone = useCityTimeZone();
  const when = useCityTime();
  const sim = series.simulated
    .map((v, k) => (v === null ? null : { ms: time.startMs + time.stepsMin[k]! * 60_000, v }))
    .filter((p) => p !== null);
  const meas = (measured ?? []).map((r) => ({ ms: r.ts, v: r.value }));
  const data = useMemo(() => alignSeries(sim, meas), [series, measured]);
  const cursorMs = time.startMs + (time.stepsMin[frame] ?? 0) * 60_000;
  const cursorRef = useRef(cursorMs);
  cursorRef.current = cursorMs;
  const simNow = series.simulated[frame];
  const unit = series.sensor.unit;
  const span = Math.max(60_000, time.durationMin * 60_000);
  const options = (width: number): uPlot.Options => ({
    width,
    height: CHART_HEIGHT,
    ms: 1,
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true, range: () => [time.startMs, time.startMs + span] } },
    axes: [
      { ...AXIS, values: (_u, splits) => splits.map((ms) => timeTick(ms, zone, span)), space: 55 },
      { ...AXIS, size: 50, values: (_u, splits) => splits.map((v) => formatValue(v)) },
    ],
    series: [
      { label: t('chart.time'), value: (_u, ms) => (ms == null ? '–' : when(ms)) },
      {
        label: t('sim.simulated'),
        stroke: '#4fb3ff',
        width: 1.5,
        spanGaps: true,
        value: (_u, v) => `${formatValue(v)} ${unit}`,
      },
      {
        label: t('sim.measured'),
        stroke: '#f59e42',
        width: 1.5,
        spanGaps: true,
        points: { show: meas.length < 40 },
        value: (_u, v) => `${formatValue(v)} ${unit}`,
      },
    ],
    hooks: {
      draw: [
        (plot) => {
          const x = plot.valToPos(cursorRef.current, 'x', true);
          const { ctx, bbox } = plot;
          ctx.save();
          ctx.strokeStyle = '#e5e7eb';
          ctx.lineWidth = devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.restore();
        },
      ],
    },
  });
  return (
    <div className="sim-chart" data-testid="sim-chart" data-sensor={series.sensor.id}>
      <div className="sim-chart-title">
        {sensorName(language, series.sensor)}{' '}
        <span className="muted">
          ({unit}
          {simNow != null ? ` · ${t('sim.simulated')} ${formatValue(simNow)}` : ''}
          {sim.length === 0 ? ` · ${t('sim.chart.noSimulated')}` : ''}
          {measured === null || (measured !== undefined && meas.length === 0) ? ` · ${t('sim.chart.noMeasured')}` : ''})
        </span>
      </div>
      <UPlotChart
        testId="sim-uplot"
        options={options}
        optionsKey={`${series.sensor.id}|${time.startMs}|${zone}|${t('sim.simulated')}|${meas.length < 40}`}
        data={redrawOn(data, frame)}
        height={CHART_HEIGHT}
        attrs={{ measured: meas.length, simulated: sim.length }}
      />
    </div>
  );
}

/** A new array identity per frame so the chart redraws its cursor (uPlot keeps the data itself). */
function redrawOn(data: uPlot.AlignedData, _frame: number): uPlot.AlignedData {
  return [...data] as uPlot.AlignedData;
}

/** Two series on one x: the union of their times, each null where it has no point. */
function alignSeries(a: { ms: number; v: number }[], b: { ms: number; v: number }[]): uPlot.AlignedData {
  const xs = [...new Set([...a.map((p) => p.ms), ...b.map((p) => p.ms)])].sort((p, q) => p - q);
  const am = new Map(a.map((p) => [p.ms, p.v]));
  const bm = new Map(b.map((p) => [p.ms, p.v]));
  return [xs, xs.map((x) => am.get(x) ?? null), xs.map((x) => bm.get(x) ?? null)];
}
