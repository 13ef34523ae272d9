import { useEffect, useState } from 'react';
import { EVENT_ACTIONS, type EventAction } from '../../../core/incident/index.js';
import type { Event, Role } from '../../../core/model/index.js';
import { ApiError } from '../../api/api-client.js';
import { useEngine } from '../../engine/engine-context.js';
import { GridCard } from '../inspector/inspector-parts.js';
import { useCellWorker } from '../inspector/use-cell-worker.js';
import { localName, useT } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { actorName, useActorNames, useAuth } from '../auth/auth.state.js';
import { AssignPicker } from './assign-picker.js';
import { crewLabel, useCrewDirectory, workerLabel } from '../../data/crew-directory.js';
import { eventsApi } from './events-api.js';
import { EVENT_STATE_COLORS } from './event-style.js';
import { eventActions, useEventsState } from './events.state.js';
import { categoryWords, eventHeading } from './event-heading.js';
import { useCityTime } from '../../data/city-time.js';

/**
 * The workflow actions a role may take from an event's state (the API still has the last word: crews, grids).
 * Assign and reassign open the assignee picker instead of acting at once.
 */
export function allowedActions(event: Pick<Event, 'state'>, role: Role | undefined): EventAction[] {
  if (!role) return [];
  return EVENT_ACTIONS.filter((a) => a.from.includes(event.state) && a.roles.includes(role));
}

/** Whether an action sends the event to someone (and so needs the picker). */
const isAssigning = (a: EventAction): a is EventAction & { action: 'assign' | 'reassign' } =>
  a.action === 'assign' || a.action === 'reassign';

/** One event: facts, responsible grid, timeline (actor, time, note) and the actions the user's role allows. */
export function EventDetail({ id }: { id: string }) {
  const t = useT();
  const crews = useCrewDirectory();
  const handle = useEngine();
  const language = useViewerState((s) => s.language);
  const revision = useEventsState((s) => s.revision);
  const { user } = useAuth();
  const [event, setEvent] = useState<Event | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState<'assign' | 'reassign' | null>(null);
  // A live or polled change of this event (another user's step) shows up in the board's summary first.
  const liveVersion = useEventsState((s) => s.events.find((e) => e.id === id)?.version);
  useActorNames();
  // The cell's worker of record, fetched when logged in (the loaded cells carry no workers for anonymous readers):
  // its English name is what English readers see.
  const eventCell = event?.gridId ? handle?.data.cellById.get(event.gridId) : undefined;
  const cellWorker = useCellWorker(eventCell);

  useEffect(() => {
    const abort = new AbortController();
    eventsApi
      .get(id, abort.signal)
      .then((e) => {
        setEvent(e);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      });
    return () => abort.abort();
  }, [id, revision, user?.id, liveVersion]);

  useEffect(() => setPicking(null), [id, event?.state]);

  const stepLabel = (action: string | undefined) => {
    if (EVENT_ACTIONS.some((a) => a.action === action)) return t(`events.action.${action as EventAction['action']}`);
    if (
      action === 'report' ||
      action === 'detect' ||
      action === 'escalate' ||
      action === 'repeat' ||
      action === 'attach' ||
      action === 'escalate-severity'
    )
      return t(`events.step.${action}`);
    return action ?? '';
  };
  const when = useCityTime();
  const act = async (action: EventAction) => {
    if (!event) return;
    if (isAssigning(action)) {
      setPicking(picking === action.action ? null : action.action);
      return;
    }
    if (action.noteRequired && !note.trim()) {
      setError(t('events.noteRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setEvent(
        await eventsApi.transition(event.id, {
          action: action.action,
          note: note.trim() || undefined,
          expectedVersion: event.version,
        }),
      );
      setNote('');
      eventActions.changed();
    } catch (err) {
      const denied = err instanceof ApiError && err.status === 403;
      setError(denied ? t('events.denied', { reason: err.message }) : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="event-detail" data-testid="event-detail" data-event-id={id} data-state={event?.state}>
      <button className="link" onClick={() => eventActions.open(null)}>
        ← {t('events.back')}
      </button>
      {!event && !error && <div className="muted">{t('events.loading')}</div>}
      {error && (
        <div className="form-error" role="alert" data-testid="event-error">
          {error}
        </div>
      )}
      {event && (
        <>
          <h2 data-field="title">
            {eventHeading(event, language, (g) => localName(handle?.data.cellById.get(g), language))}
          </h2>
          <div className="row">
            <span className="state-pill" style={{ background: EVENT_STATE_COLORS[event.state] }}>
              {t(`events.state.${event.state}`)}
            </span>
            <span className="muted">
              {t(`events.severity.${event.severity}`)} · {t(`events.source.${event.source.kind}`)} ·{' '}
              {categoryWords(event.category, language)}
            </span>
          </div>
          {event.description && <p className="description">{event.description}</p>}
          <dl>
            <dt>{t('events.assignedWorker')}</dt>
            <dd data-field="assigned-worker">
              {event.assignedWorker ? workerLabel(event.assignedWorker, { worker: cellWorker }, language) : '—'}
            </dd>
            <dt>{t('events.assignedCrew')}</dt>
            <dd data-field="assigned-crew" data-crew-id={event.assignedCrewId ?? ''}>
              {event.assignedCrewId ? crewLabel(crews, event.assignedCrewId, language) : '—'}
            </dd>
            <dt>{t('events.slaDue')}</dt>
            <dd>{when(event.slaDueAt)}</dd>
            {event.escalationLevel !== 'none' && (
              <>
                <dt>{t('events.escalated')}</dt>
                <dd className="warn">{t(`events.escalation.${event.escalationLevel}`)}</dd>
              </>
            )}
          </dl>
          <button
            onClick={() =>
              void handle?.engine.flyTo({ lonDeg: event.location[0], latDeg: event.location[1], rangeM: 400 })
            }
          >
            {t('events.flyTo')}
          </button>
          <GridCard gridId={event.gridId} />
          <h3 className="section">{t('events.timeline')}</h3>
          <ol className="timeline" data-testid="timeline">
            {event.transitions.map((tr, i) => (
              <li key={i} data-to={tr.to}>
                <span className="state-dot" style={{ background: EVENT_STATE_COLORS[tr.to] }} />
                <div>
                  <div>
                    <strong>{stepLabel(tr.action)}</strong> → {t(`events.state.${tr.to}`)} ·{' '}
                    <span className="muted" data-actor={tr.actor}>
                      {actorName(tr.actor, language)}
                    </span>
                  </div>
                  <div className="muted">{when(tr.at)}</div>
                  {tr.note && <div className="note">{tr.note}</div>}
                </div>
              </li>
            ))}
          </ol>
          {user && allowedActions(event, user.role).length > 0 && (
            <div className="actions">
              <textarea
                placeholder={t('events.notePlaceholder')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                data-testid="event-note"
                rows={2}
              />
              <div className="row wrap">
                {allowedActions(event, user.role).map((a) => (
                  <button
                    key={a.action}
                    className={isAssigning(a) && picking === a.action ? 'primary active' : 'primary'}
                    data-action={a.action}
                    disabled={busy}
                    onClick={() => void act(a)}
                  >
                    {t(`events.action.${a.action}`)}
                    {isAssigning(a) ? ' …' : a.noteRequired ? ' *' : ''}
                  </button>
                ))}
              </div>
              {picking && (
                <AssignPicker
                  event={event}
                  action={picking}
                  onCancel={() => setPicking(null)}
                  onDone={(updated) => {
                    setEvent(updated);
                    setPicking(null);
                    eventActions.changed();
                  }}
                />
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
