import { EventStateSchema, SeveritySchema } from '../../../core/model/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { localName, useT } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { useAuth } from '../auth/auth.state.js';
import { EventDetail } from './event-detail.js';
import { EVENT_STATE_COLORS, SEVERITY_COLORS } from './event-style.js';
import type { EventFilters } from './events-api.js';
import { eventActions, useEventsState } from './events.state.js';
import { ReportForm } from './report-form.js';
import { crewLabel, useCrewDirectory } from '../../data/crew-directory.js';
import { eventHeading } from './event-heading.js';
import { useCityTime } from '../../data/city-time.js';

/** The events board: filters, the list with state colours, and in its place the open event or the report form. */
export function EventsBoard() {
  const t = useT();
  const crews = useCrewDirectory();
  const data = useEngine()?.data;
  const language = useViewerState((s) => s.language);
  const { user } = useAuth();
  const when = useCityTime();
  const { boardOpen, filters, events, total, loading, error, selectedId, report } = useEventsState((s) => s);
  if (!boardOpen) return null;
  const cellName = (id: string | null) => {
    const cell = id ? data?.cellById.get(id) : undefined;
    return cell ? localName(cell, language) : t('grid.none');
  };
  let body: React.ReactNode;
  if (report.open) body = <ReportForm />;
  else if (selectedId) body = <EventDetail id={selectedId} />;
  else if (!user)
    body = (
      <div className="muted hint" data-testid="events-login-hint">
        {t('events.loginHint')}
      </div>
    );
  else {
    body = (
      <>
        <div className="filters">
          <Filter
            label={t('events.filter.state')}
            value={filters.state}
            name="state"
            options={[
              ['', t('events.any')],
              ['open', t('events.state.open')],
              ...EventStateSchema.options.map((s) => [s, t(`events.state.${s}`)] as [string, string]),
            ]}
          />
          <Filter
            label={t('events.filter.severity')}
            value={filters.severity}
            name="severity"
            options={[
              ['', t('events.any')],
              ...SeveritySchema.options.map((s) => [s, t(`events.severity.${s}`)] as [string, string]),
            ]}
          />
          <Filter
            label={t('events.filter.source')}
            value={filters.source}
            name="source"
            options={[
              ['', t('events.any')],
              ...(['alert', 'simulation', 'report'] as const).map(
                (s) => [s, t(`events.source.${s}`)] as [string, string],
              ),
            ]}
          />
          <Filter
            label={t('events.filter.grid')}
            value={filters.grid}
            name="grid"
            options={[
              ['', t('events.any')],
              ...(data?.cells ?? []).map((c) => [c.id, `${c.code ?? ''} ${cellName(c.id)}`.trim()] as [string, string]),
            ]}
          />
        </div>
        <div className="muted count">
          {loading ? t('events.loading') : t('events.count', { shown: events.length, total })}
        </div>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <ul className="event-list" data-testid="event-list">
          {events.map((e) => (
            <li
              key={e.id}
              data-event-id={e.id}
              data-state={e.state}
              data-crew={e.assignedCrewId ?? ''}
              onClick={() => eventActions.open(e.id)}
            >
              <span className="state-dot" style={{ background: EVENT_STATE_COLORS[e.state] }} />
              <span className="event-main">
                <span className="event-title">{eventHeading(e, language, cellName)}</span>
                <span className="muted event-sub">
                  {cellName(e.gridId)} · {when(e.createdAt)}
                </span>
                {e.assignedCrewId && (
                  <span className="muted event-sub" data-field="crew">
                    {t('events.assignedCrew')}: {crewLabel(crews, e.assignedCrewId, language)}
                  </span>
                )}
              </span>
              <span className="state-label" style={{ color: EVENT_STATE_COLORS[e.state] }}>
                {t(`events.state.${e.state}`)}
              </span>
              <span className="sev" style={{ borderColor: SEVERITY_COLORS[e.severity] }}>
                {t(`events.severity.${e.severity}`)}
              </span>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <aside className="events-board" aria-label={t('events.title')} data-testid="events-board">
      <div className="panel-head">
        <strong>{t('events.title')}</strong>
        <button className="close" onClick={eventActions.toggleBoard} aria-label={t('inspector.close')}>
          ×
        </button>
      </div>
      {body}
    </aside>
  );
}

function Filter({
  label,
  value,
  name,
  options,
}: {
  label: string;
  value: string;
  name: keyof EventFilters;
  options: [string, string][];
}) {
  return (
    <label className="filter">
      <span className="muted">{label}</span>
      <select data-filter={name} value={value} onChange={(e) => eventActions.setFilter(name, e.target.value as never)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
