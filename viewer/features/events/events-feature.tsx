import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { LoginBox } from '../auth/login-box.js';
import { useAuth } from '../auth/auth.state.js';
import { KpiPanel } from '../kpis/kpi-panel.js';
import { AlertsPanel } from '../alerts/alerts-panel.js';
import { alertActions, useAlertsState } from '../alerts/alerts.state.js';
import { useAlertsSync } from '../alerts/use-alerts-sync.js';
import { EventsBoard } from './events-board.js';
import { eventActions, eventsStore, useEventsState } from './events.state.js';
import { useEventsLive } from './use-events-live.js';
import { useEventsSync } from './use-events-sync.js';
import './events.css';

/** Top-bar part of events: the board, alerts (with the active count) and KPI toggles, "report a problem", the account box. */
export function EventsTopbar() {
  const t = useT();
  const { user } = useAuth();
  const boardOpen = useEventsState((s) => s.boardOpen);
  const kpiOpen = useEventsState((s) => s.kpiOpen);
  const alertsOpen = useAlertsState((s) => s.panelOpen);
  const activeAlerts = useAlertsState((s) => s.alerts.filter((a) => a.state === 'active').length);
  return (
    <span className="events-topbar">
      <button data-testid="events-toggle" className={boardOpen ? 'active' : ''} onClick={eventActions.toggleBoard}>
        {t('events.title')}
      </button>
      <button data-testid="alerts-toggle" className={alertsOpen ? 'active' : ''} onClick={alertActions.togglePanel}>
        {t('alerts.title')}
        {activeAlerts > 0 && (
          <span className="badge" data-testid="alerts-badge">
            {activeAlerts}
          </span>
        )}
      </button>
      <button data-testid="kpi-toggle" className={kpiOpen ? 'active' : ''} onClick={eventActions.toggleKpis}>
        {t('kpi.title')}
      </button>
      {user && (
        <button
          data-testid="report-open"
          onClick={() => {
            eventsStore.set({ boardOpen: true });
            eventActions.setReport({ open: true, picking: true, location: null });
          }}
        >
          {t('report.title')}
        </button>
      )}
      <LoginBox />
    </span>
  );
}

/** The events feature in the stage: board, alerts, KPI panel, and the pins kept in step with the board, all kept live. */
export function EventsStage() {
  const handle = useEngine();
  useEventsSync(handle);
  useEventsLive(handle);
  useAlertsSync(handle);
  const kpiOpen = useEventsState((s) => s.kpiOpen);
  return (
    <>
      <EventsBoard />
      <AlertsPanel />
      {kpiOpen && <KpiPanel onClose={eventActions.toggleKpis} />}
    </>
  );
}
