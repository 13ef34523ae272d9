import { useEffect, useState } from 'react';
import { useEngine } from '../../engine/engine-context.js';
import { localName, useT, type MessageKey } from '../../state/i18n.js';
import { actions, useViewerState } from '../../state/store.js';
import { eventHeading } from '../events/event-heading.js';
import { sheetInsetPx } from '../layout/bottom-sheet.js';
import { useAuth } from '../auth/auth.state.js';
import { eventsApi, type EventSummary } from '../events/events-api.js';
import { eventsStore, useEventsState } from '../events/events.state.js';
import './crew.css';

/** How often the task list reloads on its own (the live feed also bumps the events revision). */
const REFRESH_MS = 30_000;

/** Reads a file as base64 (no data: prefix). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the photo'));
    reader.readAsDataURL(file);
  });
}

/**
 * A crew's tasks (the open events the server lets the crew see: its crew's and its grids'), for the phone: one large
 * row per task; a tap flies to the asset and highlights it, and opens the steps: start work, resolve with a note and
 * a photo from the camera, or hand it back with the reason. Shown only to the crew role.
 */
export function MyTasks() {
  const t = useT();
  const handle = useEngine();
  const { user } = useAuth();
  const revision = useEventsState((s) => s.revision);
  const [tasks, setTasks] = useState<EventSummary[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const crew = user?.role === 'crew';
  const language = useViewerState((s) => s.language);
  const place = (gridId: string) => localName(handle?.data.cellById.get(gridId), language);
  const title = (x: EventSummary) => eventHeading(x, language, place);

  useEffect(() => {
    if (!crew) return;
    const abort = new AbortController();
    const load = () =>
      eventsApi.list({ state: 'open' }, abort.signal).then(
        (page) => setTasks(page.items),
        (err: unknown) => {
          if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
        },
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [crew, revision]);

  if (!crew) return null;
  const task = tasks?.find((x) => x.id === openId) ?? null;

  const open = (x: EventSummary) => {
    setOpenId(x.id);
    setError(null);
    setNotice(null);
    setNote('');
    setPhoto(null);
    eventsStore.set({ selectedId: x.id });
    // The asset: the alerting sensor when there is one (selected, so its marker is highlighted), else the spot;
    // framed above the task sheet on a phone, not under it.
    const sensorId = x.source.kind === 'alert' ? x.source.sensorId : null;
    const bottomInsetPx = sheetInsetPx();
    if (sensorId && handle?.data.sensorById.has(sensorId)) {
      actions.select({ type: 'sensor', id: sensorId });
      void handle.engine.flyToElement({ type: 'sensor', id: sensorId }, { bottomInsetPx });
    } else {
      void handle?.engine.flyTo({
        lonDeg: x.location[0],
        latDeg: x.location[1],
        rangeM: 220,
        durationS: 1.5,
        bottomInsetPx,
      });
    }
  };

  const step = async (action: 'start' | 'resolve' | 'handBack') => {
    if (!task) return;
    if (action === 'resolve' && !note.trim()) return setError(t('tasks.noteNeeded'));
    if (action === 'handBack' && !note.trim()) return setError(t('tasks.reasonNeeded'));
    setBusy(true);
    setError(null);
    try {
      await eventsApi.transition(task.id, {
        action,
        expectedVersion: task.version,
        ...(action === 'start' ? {} : { note: note.trim() }),
        ...(action === 'resolve' && photo
          ? { photo: { contentType: photo.type, dataBase64: await base64Of(photo) } }
          : {}),
      } as Parameters<typeof eventsApi.transition>[1]);
      eventsStore.set((s) => ({ revision: s.revision + 1 }));
      if (action !== 'start') setOpenId(null);
      setNotice(action === 'handBack' ? t('tasks.handedBack') : null);
    } catch (err) {
      setError(t('tasks.failed', { error: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="my-tasks" data-testid="my-tasks" aria-label={t('tasks.title')}>
      <h2>{t('tasks.title')}</h2>
      {error && (
        <p className="tasks-error" role="alert">
          {error}
        </p>
      )}
      {notice && !task && (
        <p className="muted" role="status" data-testid="task-notice">
          {notice}
        </p>
      )}
      {!task && (
        <ul className="task-list">
          {tasks?.length === 0 && <li className="muted">{t('tasks.none')}</li>}
          {tasks?.map((x) => (
            <li key={x.id}>
              <button className={`task sev-${x.severity}`} data-testid="task" data-id={x.id} onClick={() => open(x)}>
                <span className="task-title">{title(x)}</span>
                <span className="task-meta">
                  {t(`events.severity.${x.severity}` as MessageKey)} · {t(`events.state.${x.state}` as MessageKey)}
                  {x.gridId && place(x.gridId) ? ` · ${place(x.gridId)}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {task && (
        <div className="task-steps" data-testid="task-steps">
          <button className="task-back" onClick={() => setOpenId(null)}>
            ← {t('tasks.back')}
          </button>
          <p className="task-title">{title(task)}</p>
          <p className="muted">{t(`events.state.${task.state}` as MessageKey)}</p>
          {task.state === 'assigned' && (
            <button className="task-action" data-testid="task-start" disabled={busy} onClick={() => void step('start')}>
              {t('tasks.start')}
            </button>
          )}
          {(task.state === 'assigned' || task.state === 'handling') && (
            <label>
              {t('tasks.note')}
              <textarea data-testid="task-note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
            </label>
          )}
          {task.state === 'handling' && (
            <>
              <label>
                {t('tasks.photo')}
                <input
                  data-testid="task-photo"
                  type="file"
                  accept="image/*"
                  capture="environment"
                  onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
                />
              </label>
              <button
                className="task-action"
                data-testid="task-resolve"
                disabled={busy}
                onClick={() => void step('resolve')}
              >
                {t('tasks.resolve')}
              </button>
            </>
          )}
          {(task.state === 'assigned' || task.state === 'handling') && (
            <>
              <p className="muted">{t('tasks.handBackHint')}</p>
              <button
                className="task-hand-back"
                data-testid="task-hand-back"
                disabled={busy}
                onClick={() => void step('handBack')}
              >
                {t('tasks.handBack')}
              </button>
            </>
          )}
        </div>
      )}
    </aside>
  );
}
