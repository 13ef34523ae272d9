import { useEngine } from '../../engine/engine-context.js';
import { KpiPanel } from '../kpis/kpi-panel.js';
import { AlertsPanel } from '../alerts/alerts-panel.js';
import { useAlertsSync } from '../alerts/use-alerts-sync.js';
import { EventsBoard } from './events-board.js';
import { eventActions, useEventsState } from './events.state.js';
import { useEventsLive } from './use-events-live.js';
import { useEventsSync } from './use-events-sync.js';
import './events.css';

export { EventsTopbar } from './events-topbar.js';

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
