import { useEffect, useState } from 'react';
import { useEngine } from '../../engine/engine-context.js';
import { gridChoroplethLayer } from '../../layers/grids/kpi-choropleth.js';
import { RAMP_CSS } from '../../layers/analytics/analytics-style.js';
import { localName, useT } from '../../state/i18n.js';
import { useViewerState, viewerStore } from '../../state/store.js';
import { useEventsState } from '../events/events.state.js';
import { BarChart, RateRing, formatDuration, formatNumber } from './kpi-charts.js';
import { CHOROPLETH_KPIS, fetchKpis, kpiValue, type ChoroplethKpi, type KpiReport } from './kpis-api.js';

const CHOROPLETH_KEY = 'kpi-choropleth';

/** The KPI dashboard: counts, rates, median/p90 times, grid ranking, and a grid choropleth of any KPI. */
export function KpiPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const handle = useEngine();
  const language = useViewerState((s) => s.language);
  const revision = useEventsState((s) => s.revision);
  const [days, setDays] = useState(30);
  const [report, setReport] = useState<KpiReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mapKpi, setMapKpi] = useState<ChoroplethKpi | ''>('');
  const [legend, setLegend] = useState<{ min: number; max: number } | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    fetchKpis(days, abort.signal)
      .then((r) => {
        setReport(r);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      });
    return () => abort.abort();
  }, [days, revision]);

  useEffect(() => {
    const overlay = handle?.overlay;
    if (!overlay || !handle || !report || !mapKpi) {
      setLegend(null);
      return;
    }
    const values = new Map(report.grids.map((g) => [g.gridId, kpiValue(g, mapKpi)]));
    const { layer, min, max } = gridChoroplethLayer(handle.data, values);
    overlay.setFeatureLayer(CHOROPLETH_KEY, layer);
    setLegend({ min, max });
    return () => overlay.setFeatureLayer(CHOROPLETH_KEY, null);
  }, [handle, report, mapKpi]);

  const cellName = (id: string, fallback: string | null) => {
    const cell = handle?.data.cellById.get(id);
    return (cell && localName(cell, language)) ?? fallback ?? id;
  };
  const formatKpi = (v: number) =>
    mapKpi === 'timeToCloseMedian'
      ? formatDuration(v)
      : mapKpi === 'resolutionRate' || mapKpi === 'onTimeRate'
        ? `${Math.round(v * 100)}%`
        : formatNumber(v);
  return (
    <aside className="kpi-panel" aria-label={t('kpi.title')} data-testid="kpi-panel">
      <div className="panel-head">
        <strong>{t('kpi.title')}</strong>
        <select value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="kpi-days">
          {[1, 7, 30, 365].map((d) => (
            <option key={d} value={d}>
              {t('kpi.lastDays', { days: d })}
            </option>
          ))}
        </select>
        <button className="close" onClick={onClose} aria-label={t('inspector.close')}>
          ×
        </button>
      </div>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {report && (
        <>
          <div className="kpi-cards">
            {(['found', 'assigned', 'resolved', 'closed', 'open'] as const).map((k) => (
              <div key={k} className="kpi-card" data-kpi={k}>
                <div className="kpi-value">{report[k]}</div>
                <div className="muted">{t(`kpi.${k}`)}</div>
              </div>
            ))}
          </div>
          <div className="row rates">
            <RateRing label={t('kpi.resolutionRate')} rate={report.resolutionRate} testId="kpi-resolution-rate" />
            <RateRing label={t('kpi.onTimeRate')} rate={report.onTimeRate} testId="kpi-on-time-rate" />
            <table className="kpi-times">
              <thead>
                <tr>
                  <th />
                  <th>{t('kpi.median')}</th>
                  <th>P90</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td className="muted">{t('kpi.timeToAssign')}</td>
                  <td>{formatDuration(report.timeToAssign.medianS)}</td>
                  <td>{formatDuration(report.timeToAssign.p90S)}</td>
                </tr>
                <tr>
                  <td className="muted">{t('kpi.timeToClose')}</td>
                  <td>{formatDuration(report.timeToClose.medianS)}</td>
                  <td>{formatDuration(report.timeToClose.p90S)}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <h3>{t('kpi.bySource')}</h3>
          <BarChart
            rows={(['alert', 'simulation', 'report'] as const).map((s) => ({
              label: t(`events.source.${s}`),
              value: report.foundBySource[s],
            }))}
          />
          <h3>{t('kpi.ranking')}</h3>
          <ol className="ranking" data-testid="kpi-ranking">
            {report.grids.slice(0, 8).map((g) => (
              <li key={g.gridId} data-grid={g.gridId}>
                <span className="rank">{g.rank}</span>
                <button
                  className="link"
                  onClick={() => {
                    viewerStore.set({ focusedGridId: g.gridId });
                    void handle?.engine.flyToElement({ type: 'grid', id: g.gridId });
                  }}
                >
                  {cellName(g.gridId, g.name)}
                </button>
                <span className="muted">
                  {g.found} · {g.closed} ✓ ·{' '}
                  {g.resolutionRate === null ? '—' : `${Math.round(g.resolutionRate * 100)}%`}
                </span>
              </li>
            ))}
          </ol>
          <label className="filter">
            <span className="muted">{t('kpi.map')}</span>
            <select
              value={mapKpi}
              onChange={(e) => setMapKpi(e.target.value as ChoroplethKpi | '')}
              data-testid="kpi-map"
            >
              <option value="">{t('kpi.map.off')}</option>
              {CHOROPLETH_KPIS.map((k) => (
                <option key={k} value={k}>
                  {t(`kpi.map.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {legend && (
            <div className="ramp">
              <div className="ramp-bar" style={{ background: RAMP_CSS }} />
              <div className="ramp-labels">
                <span>{formatKpi(legend.min)}</span>
                <span>{formatKpi(legend.max)}</span>
              </div>
            </div>
          )}
        </>
      )}
    </aside>
  );
}
