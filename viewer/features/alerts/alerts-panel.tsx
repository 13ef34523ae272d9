import { useState } from 'react';
import type { Alert } from '../../../core/model/index.js';
import { ApiError } from '../../api/api-client.js';
import { useEngine } from '../../engine/engine-context.js';
import { localName, useT } from '../../state/i18n.js';
import { useViewerState, viewerStore } from '../../state/store.js';
import { useAuth } from '../auth/auth.state.js';
import { SEVERITY_COLORS } from '../events/event-style.js';
import { eventsApi } from '../events/events-api.js';
import { eventsStore } from '../events/events.state.js';
import { findEventOfAlert } from './alert-event.js';
import { alertsApi } from './alerts-api.js';
import {
  ACKNOWLEDGE_ROLES,
  alertActions,
  alertsStore,
  mergeAlerts,
  sortAlerts,
  useAlertsState,
} from './alerts.state.js';
import './alerts.css';
import { useCityTime } from '../../data/city-time.js';

/** Number formatting of alert values: enough digits to read a threshold crossing, no more. */
const formatValue = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toPrecision(2);

/**
 * The alerts list: active and acknowledged alerts, kept live (see useAlertsSync), each with its severity colour,
 * sensor, rule, value and time, and "go to responsible grid", "show event" and, for roles allowed to, "acknowledge".
 */
export function AlertsPanel() {
  const t = useT();
  const when = useCityTime();
  const handle = useEngine();
  const language = useViewerState((s) => s.language);
  const { user } = useAuth();
  const { panelOpen, alerts, loaded, error, notice } = useAlertsState((s) => s);
  const [busy, setBusy] = useState<string | null>(null);
  if (!panelOpen) return null;

  const active = alerts.filter((a) => a.state === 'active').length;
  const sensorOf = (a: Alert) => (a.sensorId ? handle?.data.sensorById.get(a.sensorId) : undefined);
  const gridOf = (a: Alert) => a.gridId ?? sensorOf(a)?.gridId ?? null;
  const cellName = (id: string | null) => {
    const cell = id ? handle?.data.cellById.get(id) : undefined;
    return cell ? localName(cell, language) : t('grid.none');
  };
  const goToGrid = (gridId: string) => {
    // The inspector's "go to grid": focus outlines the cell boldly, then the camera frames it.
    viewerStore.set({ focusedGridId: gridId });
    void handle?.engine.flyToElement({ type: 'grid', id: gridId });
  };
  const showEvent = async (alert: Alert) => {
    if (!user) {
      alertActions.notice(alert.id, t('alerts.loginForEvent'));
      return;
    }
    setBusy(alert.id);
    try {
      const page = await eventsApi.list({ source: 'alert' });
      const found = findEventOfAlert(alert, page.items);
      if (!found) alertActions.notice(alert.id, t('alerts.noEvent'));
      else {
        alertActions.notice(alert.id, null);
        eventsStore.set({
          boardOpen: true,
          selectedId: found.id,
          report: { open: false, picking: false, location: null },
        });
      }
    } catch (err) {
      alertActions.notice(alert.id, err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  const acknowledge = async (alert: Alert) => {
    setBusy(alert.id);
    try {
      const answer = await alertsApi.acknowledge(alert.id);
      // The live delta will say the same; folding the answer in now saves the wait.
      const open = new Map(alertsStore.get().alerts.map((a) => [a.id, a]));
      mergeAlerts(open, [answer]);
      alertsStore.set({ alerts: sortAlerts([...open.values()]) });
      alertActions.notice(alert.id, null);
    } catch (err) {
      const denied = err instanceof ApiError && err.status === 403;
      alertActions.notice(
        alert.id,
        denied ? t('events.denied', { reason: err.message }) : err instanceof Error ? err.message : String(err),
      );
    } finally {
      setBusy(null);
    }
  };
  const canAcknowledge = user !== null && ACKNOWLEDGE_ROLES.includes(user.role);

  return (
    <aside className="alerts-panel" aria-label={t('alerts.title')} data-testid="alerts-panel">
      <div className="panel-head">
        <strong>{t('alerts.title')}</strong>
        <button className="close" onClick={alertActions.togglePanel} aria-label={t('inspector.close')}>
          ×
        </button>
      </div>
      <div className="muted count" data-testid="alerts-count">
        {loaded ? t('alerts.count', { active, acknowledged: alerts.length - active }) : t('events.loading')}
      </div>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {loaded && alerts.length === 0 && <div className="muted hint">{t('alerts.none')}</div>}
      <ul className="alert-list" data-testid="alert-list">
        {alerts.map((a) => {
          const sensor = sensorOf(a);
          const gridId = gridOf(a);
          const unit = sensor?.unit ?? '';
          return (
            <li
              key={a.id}
              data-alert-id={a.id}
              data-state={a.state}
              data-sensor={a.sensorId ?? ''}
              data-severity={a.severity}
              style={{ borderLeftColor: SEVERITY_COLORS[a.severity] }}
            >
              <div className="alert-head">
                <span
                  className="sev"
                  style={{ borderColor: SEVERITY_COLORS[a.severity], color: SEVERITY_COLORS[a.severity] }}
                >
                  {t(`events.severity.${a.severity}`)}
                </span>
                <span className="alert-sensor" title={a.message}>
                  {sensor?.name ?? a.sensorId ?? t('alerts.simulationSource', { id: a.simulationId ?? a.id })}
                </span>
                <span className={`alert-state ${a.state}`}>{t(`alerts.state.${a.state}`)}</span>
              </div>
              <div className="alert-facts">
                <span data-field="rule">{t(`alerts.rule.${a.rule}`)}</span>
                {a.value !== null && (
                  <span data-field="value" className="alert-value">
                    {formatValue(a.value)} {unit}
                  </span>
                )}
                {a.threshold !== null && (
                  <span className="muted">
                    {t('alerts.threshold', { value: `${formatValue(a.threshold)} ${unit}`.trim() })}
                  </span>
                )}
                <span className="muted" data-field="time">
                  {when(a.raisedAt)}
                </span>
              </div>
              <div className="muted alert-grid">{cellName(gridId)}</div>
              <div className="row wrap alert-actions">
                <button data-act="go-to-grid" disabled={gridId === null} onClick={() => gridId && goToGrid(gridId)}>
                  {t('alerts.goToGrid')}
                </button>
                <button data-act="show-event" disabled={busy === a.id} onClick={() => void showEvent(a)}>
                  {t('alerts.showEvent')}
                </button>
                {canAcknowledge && a.state === 'active' && (
                  <button data-act="acknowledge" disabled={busy === a.id} onClick={() => void acknowledge(a)}>
                    {t('alerts.acknowledge')}
                  </button>
                )}
              </div>
              {notice?.alertId === a.id && (
                <div className="muted notice" data-testid="alert-notice">
                  {notice.text}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
