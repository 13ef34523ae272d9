import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { LoginBox } from '../auth/login-box.js';
import { useAuth } from '../auth/auth.state.js';
import { KpiPanel } from '../kpis/kpi-panel.js';
import { EventsBoard } from './events-board.js';
import { eventActions, eventsStore, useEventsState } from './events.state.js';
import { useEventsSync } from './use-events-sync.js';
import './events.css';

/** Top-bar part of events: the board and KPI toggles, "report a problem", and the account box. */
export function EventsTopbar() {
  const t = useT();
  const { user } = useAuth();
  const boardOpen = useEventsState((s) => s.boardOpen);
  const kpiOpen = useEventsState((s) => s.kpiOpen);
  return (
    <span className="events-topbar">
      <button data-testid="events-toggle" className={boardOpen ? 'active' : ''} onClick={eventActions.toggleBoard}>{t('events.title')}</button>
      <button data-testid="kpi-toggle" className={kpiOpen ? 'active' : ''} onClick={eventActions.toggleKpis}>{t('kpi.title')}</button>
      {user && (
        <button data-testid="report-open" onClick={() => {
          eventsStore.set({ boardOpen: true });
          eventActions.setReport({ open: true, picking: true, location: null });
        }}>{t('report.title')}</button>
      )}
      <LoginBox />
    </span>
  );
}

/** The events feature in the stage: board, KPI panel, and the pins kept in step with the board. */
export function EventsStage() {
  const handle = useEngine();
  useEventsSync(handle);
  const kpiOpen = useEventsState((s) => s.kpiOpen);
  return (
    <>
      <EventsBoard />
      {kpiOpen && <KpiPanel onClose={eventActions.toggleKpis} />}
    </>
  );
}
