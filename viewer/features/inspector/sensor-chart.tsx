import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { formatCityTime } from '../../../core/time/city-time.js';
import { api } from '../../api/api-client.js';
import { useCityTimeZone } from '../../data/city-time.js';
import { useT } from '../../state/i18n.js';
import {
  bandColumns,
  formatValue,
  thresholdLines,
  timeTick,
  valueRange,
  type BandPoint,
  type Thresholds,
} from '../charts/chart-series.js';
import { AXIS, UPlotChart } from '../charts/uplot-chart.js';

const DAY_MS = 24 * 3600 * 1000;
/** History is fetched as 5 min buckets (288 a day), each with its min, max and mean. */
const HISTORY_STEP_MS = 5 * 60 * 1000;
/** Live points kept on top of the history (a day at one value every 10 s). */
const MAX_LIVE_POINTS = 8640;
const HEIGHT = 150;

/**
 * The last 24 h of a sensor (uPlot): the 5-minute means as a line in a band of each bucket's min and max, the
 * sensor's limits as lines (lo/hi amber, lolo/hihi red, labelled), the time axis in the city's zone, a cursor whose
 * values show in the legend, drag to zoom and double-click to reset. Live values extend the line as they arrive.
 */
export function SensorChart({
  sensorId,
  unit,
  liveValue,
  liveTs,
  thresholds,
}: {
  sensorId: string;
  unit?: string;
  liveValue?: number | undefined;
  liveTs?: number | undefined;
  thresholds: Thresholds;
}) {
  const t = useT();
  const zone = useCityTimeZone();
  const [history, setHistory] = useState<BandPoint[] | null | 'loading'>('loading');
  const [livePoints, setLivePoints] = useState<{ ts: number; value: number }[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    const now = Date.now();
    setLivePoints([]);
    setHistory('loading');
    api
      .readingBands(sensorId, now - DAY_MS, now, HISTORY_STEP_MS, abort.signal)
      .then(setHistory)
      .catch(() => {
        if (!abort.signal.aborted) setHistory(null);
      });
    return () => abort.abort();
  }, [sensorId]);
  useEffect(() => {
    if (liveValue === undefined || liveTs === undefined) return;
    setLivePoints((prev) =>
      prev.length > 0 && prev[prev.length - 1]!.ts >= liveTs
        ? prev
        : [...prev.slice(-MAX_LIVE_POINTS + 1), { ts: liveTs, value: liveValue }],
    );
  }, [liveValue, liveTs]);

  const hist = history === 'loading' || history === null ? [] : history;
  const columns = useMemo(() => bandColumns(hist, livePoints, HISTORY_STEP_MS), [hist, livePoints]);
  const lines = thresholdLines(thresholds);
  const historyCount = hist.length;
  const liveCount = columns[0].length - historyCount;

  if (history === 'loading') return <div className="chart-empty">…</div>;
  if (columns[0].length === 0)
    return (
      <div className="chart-empty" data-testid="chart-empty">
        {history === null ? t('sensor.noReadings') : t('sensor.noHistory')}
      </div>
    );
  const u = unit ? ` ${unit}` : '';
  const options = (width: number): uPlot.Options => {
    const xs = columns[0];
    const span = Math.max(60_000, xs[xs.length - 1]! - xs[0]!);
    return {
      width,
      height: HEIGHT,
      ms: 1,
      tzDate: (ms) => tzDate(ms, zone),
      legend: { live: true },
      cursor: { drag: { x: true, y: false }, points: { size: 6 } },
      scales: {
        x: { time: true },
        y: {
          range: (plot) =>
            valueRange(
              [...(plot.data[2] ?? []), ...(plot.data[3] ?? [])] as (number | null)[],
              lines.map((l) => l.value),
            ),
        },
      },
      axes: [
        {
          ...AXIS,
          values: (_u, splits) => splits.map((ms) => timeTick(ms, zone, span)),
          space: 60,
        },
        { ...AXIS, size: 46, values: (_u, splits) => splits.map((v) => formatValue(v)) },
      ],
      series: [
        { label: t('chart.time'), value: (_u, ms) => (ms == null ? '–' : formatCityTime(ms, zone)) },
        {
          label: t('chart.mean'),
          stroke: '#4fb3ff',
          width: 1.5,
          value: (_u, v) => `${formatValue(v)}${u}`,
        },
        { label: t('chart.min'), stroke: 'rgba(79,179,255,0.35)', width: 0.5, value: (_u, v) => formatValue(v) },
        { label: t('chart.max'), stroke: 'rgba(79,179,255,0.35)', width: 0.5, value: (_u, v) => formatValue(v) },
      ],
      bands: [{ series: [3, 2], fill: 'rgba(79,179,255,0.18)' }],
      hooks: {
        draw: [
          (plot) => {
            const { ctx, bbox } = plot;
            ctx.save();
            ctx.font = `${10 * devicePixelRatio}px sans-serif`;
            ctx.textAlign = 'right';
            for (const l of lines) {
              const y = plot.valToPos(l.value, 'y', true);
              if (y < bbox.top || y > bbox.top + bbox.height) continue;
              ctx.strokeStyle = l.color;
              ctx.fillStyle = l.color;
              ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
              ctx.lineWidth = devicePixelRatio;
              ctx.beginPath();
              ctx.moveTo(bbox.left, y);
              ctx.lineTo(bbox.left + bbox.width, y);
              ctx.stroke();
              ctx.fillText(`${t(`chart.limit.${l.key}`)} ${formatValue(l.value)}`, bbox.left + bbox.width - 2, y - 3);
            }
            ctx.restore();
          },
        ],
      },
    };
  };
  return (
    <div className="chart-block">
      <div className="chart-title">
        {t('sensor.chart')} <span className="chart-hint">{t('chart.zoomHint')}</span>
      </div>
      <UPlotChart
        testId="sensor-chart"
        options={options}
        optionsKey={`${sensorId}|${zone}|${lines.map((l) => l.value).join(',')}|${t('chart.mean')}`}
        data={columns as uPlot.AlignedData}
        height={HEIGHT}
        attrs={{
          'history-points': historyCount,
          'live-points': liveCount,
          limits: lines.map((l) => l.key).join(' '),
          zone,
        }}
      />
    </div>
  );
}

/** A Date whose local fields read the wall clock of `zone` (what uPlot's tick placement works on). */
function tzDate(ms: number, zone: string): Date {
  const d = new Date(ms);
  const local = new Date(d.toLocaleString('en-US', { timeZone: zone }));
  local.setMilliseconds(d.getMilliseconds());
  return local;
}
