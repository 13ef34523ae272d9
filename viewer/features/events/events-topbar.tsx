import { useT } from '../../state/i18n.js';
import { LoginBox } from '../auth/login-box.js';
import { useAuth } from '../auth/auth.state.js';
import { alertActions, useAlertsState } from '../alerts/alerts.state.js';
import { eventActions, eventsStore, useEventsState } from './events.state.js';
import './events.css';

// Its own module, without the board, the pins and the KPI charts: the top bar loads before the scene (bundle split).
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
