import { useEffect, useState } from 'react';
import { api, type Reading } from '../../api/api-client.js';
import { useT } from '../../state/i18n.js';

const DAY_MS = 24 * 3600 * 1000;
const W = 290,
  H = 110,
  PAD = 22;
/** History is fetched as 5 min means (288 points a day). */
const HISTORY_STEP_MS = 5 * 60 * 1000;
/** Live points kept on top of the history (a day at one value every 10 s). */
const MAX_LIVE_POINTS = 8640;

/**
 * The last 24 h of a sensor as an SVG line (no chart library: one polyline), extended by live values as they
 * arrive. Thresholds are drawn as dashed lines. Says so when the server has no readings endpoint.
 */
export function SensorChart({
  sensorId,
  liveValue,
  liveTs,
  thresholds,
}: {
  sensorId: string;
  liveValue?: number;
  liveTs?: number;
  thresholds: { lo?: number; hi?: number; hihi?: number; lolo?: number };
}) {
  const t = useT();
  const [readings, setReadings] = useState<Reading[] | null | 'loading'>('loading');
  // Live values seen since the history was fetched: the line grows with each one (not only the latest).
  const [livePoints, setLivePoints] = useState<Reading[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    const now = Date.now();
    setLivePoints([]);
    api
      .readings(sensorId, now - DAY_MS, now, abort.signal, HISTORY_STEP_MS)
      .then(setReadings)
      .catch(() => setReadings(null));
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

  if (readings === 'loading') return <div className="chart muted">…</div>;
  const points = [...(readings ?? [])];
  const lastHistoryTs = points.length === 0 ? -Infinity : points[points.length - 1]!.ts;
  for (const p of livePoints) if (p.ts > lastHistoryTs) points.push(p);
  if (points.length === 0)
    return (
      <div className="chart muted" data-testid="chart-empty">
        {t('sensor.noReadings')}
      </div>
    );
  // The time axis spans the data (at most 24 h), so a young sensor's first minutes are not squeezed into a corner.
  const t1 = points[points.length - 1]!.ts;
  const t0 = Math.max(t1 - DAY_MS, points[0]!.ts);
  const tSpan = Math.max(t1 - t0, 60_000);
  const values = points.filter((p) => p.ts >= t0).map((p) => p.value);
  const vMin = Math.min(...values),
    vMax = Math.max(...values);
  // Thresholds are drawn when they are near the values (within one value range): far-off ones would flatten the line.
  const near = Math.max(vMax - vMin, Math.abs(vMax) * 0.05, 1e-6);
  const limits = Object.values(thresholds).filter(
    (v): v is number => typeof v === 'number' && v >= vMin - near && v <= vMax + near,
  );
  const lo = Math.min(vMin, ...limits),
    hi = Math.max(vMax, ...limits);
  const span = hi - lo || 1;
  const x = (ts: number) => PAD + ((ts - t0) / tSpan) * (W - PAD - 4);
  const y = (v: number) => H - 14 - ((v - lo) / span) * (H - 24);
  const clock = (ts: number) => new Date(ts).toTimeString().slice(0, 5);
  return (
    <svg
      className="chart"
      width={W}
      height={H}
      role="img"
      aria-label={t('sensor.chart')}
      data-testid="sensor-chart"
      data-history-points={readings?.length ?? 0}
      data-live-points={points.length - (readings?.length ?? 0)}
    >
      <text x={W - 4} y={9} className="axis" textAnchor="end">
        {t('sensor.chart')}
      </text>
      {limits.map((v, i) => (
        <line key={i} x1={PAD} x2={W - 4} y1={y(v)} y2={y(v)} className="limit" />
      ))}
      <polyline
        fill="none"
        className="series"
        points={points
          .filter((p) => p.ts >= t0)
          .map((p) => `${x(p.ts).toFixed(1)},${y(p.value).toFixed(1)}`)
          .join(' ')}
      />
      <text x={2} y={y(hi) + 4} className="axis">
        {axisValue(hi)}
      </text>
      <text x={2} y={y(lo)} className="axis">
        {axisValue(lo)}
      </text>
      <text x={PAD} y={H - 2} className="axis">
        {clock(t0)}
      </text>
      <text x={W - 4} y={H - 2} className="axis" textAnchor="end">
        {clock(t1)}
      </text>
    </svg>
  );
}

/** An axis figure in three significant digits without trailing zeros (0.05, not 0.0500). */
function axisValue(v: number): string {
  return String(Number(v.toPrecision(3)));
}
