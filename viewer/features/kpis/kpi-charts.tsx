/** A horizontal bar chart in SVG: one bar per row, scaled to the largest value. */
export function BarChart({
  rows,
  width = 380,
  unit = '',
}: {
  rows: { label: string; value: number; color?: string }[];
  width?: number;
  unit?: string;
}) {
  const max = Math.max(1e-9, ...rows.map((r) => r.value));
  const rowH = 18,
    labelW = 120,
    valueW = 56;
  const barW = width - labelW - valueW;
  return (
    <svg className="kpi-chart" width={width} height={rows.length * rowH + 2} role="img">
      {rows.map((r, i) => (
        <g key={r.label} transform={`translate(0,${i * rowH + 1})`}>
          <text className="axis" x={0} y={12}>
            {r.label}
          </text>
          <rect
            x={labelW}
            y={3}
            height={rowH - 7}
            width={Math.max(1, (r.value / max) * barW)}
            rx={2}
            fill={r.color ?? '#3fa9f5'}
          />
          <text className="axis" x={width - 2} y={12} textAnchor="end">
            {formatNumber(r.value)}
            {unit}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** A ring showing a rate 0..1 (or "—" when null). */
export function RateRing({ label, rate, testId }: { label: string; rate: number | null; testId: string }) {
  const r = 22,
    c = 2 * Math.PI * r;
  return (
    <div className="rate" data-testid={testId} data-value={rate ?? ''}>
      <svg width={56} height={56} viewBox="0 0 56 56">
        <circle cx={28} cy={28} r={r} fill="none" stroke="#243447" strokeWidth={6} />
        {rate !== null && (
          <circle
            cx={28}
            cy={28}
            r={r}
            fill="none"
            stroke="#33d17a"
            strokeWidth={6}
            strokeDasharray={`${rate * c} ${c}`}
            transform="rotate(-90 28 28)"
          />
        )}
        <text x={28} y={32} textAnchor="middle" className="ring-text">
          {rate === null ? '—' : `${Math.round(rate * 100)}%`}
        </text>
      </svg>
      <div className="muted">{label}</div>
    </div>
  );
}

/** 1234 -> "1234", 0.123 -> "0.12", 12.3 -> "12.3". */
export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 2 : 1);
}

/** Seconds as "42 s", "12 min", "3.5 h", "2.1 d"; "—" for null. */
export function formatDuration(s: number | null): string {
  if (s === null) return '—';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}
