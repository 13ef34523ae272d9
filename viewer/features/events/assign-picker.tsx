import { useEffect, useState } from 'react';
import type { Event } from '../../../core/model/index.js';
import { ApiError } from '../../api/api-client.js';
import { localName, useT } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { useEngine } from '../../engine/engine-context.js';
import { workerLabel as workerName } from '../../data/crew-directory.js';
import { eventsApi, type CrewCandidate, type EventAssignees, type WorkerCandidate } from './events-api.js';

/** What the picker starts on: the current worker and crew, else the first candidates (the cell's worker, the best crew). */
export function initialPick(candidates: Pick<EventAssignees, 'workers' | 'crews'>): { worker: string; crewId: string } {
  const worker = candidates.workers.find((w) => w.current) ?? candidates.workers[0];
  const crew = candidates.crews.find((c) => c.current) ?? candidates.crews[0];
  return { worker: worker?.name ?? '', crewId: crew?.id ?? '' };
}

/**
 * Assigns or reassigns an event: a picker of the grid workers (the cell's worker, accounts serving the cell) and of
 * the crews (the event's utility first), sent as one `assign`/`reassign` transition with the version it was read at.
 */
export function AssignPicker({
  event,
  action,
  onDone,
  onCancel,
}: {
  event: Event;
  action: 'assign' | 'reassign';
  onDone: (updated: Event) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const language = useViewerState((s) => s.language);
  const cell = useEngine()?.data.cellById.get(event.gridId ?? '');
  const [candidates, setCandidates] = useState<EventAssignees | null>(null);
  const [worker, setWorker] = useState('');
  const [crewId, setCrewId] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    eventsApi
      .assignees(event.id, abort.signal)
      .then((answer) => {
        setCandidates(answer);
        const pick = initialPick(answer);
        setWorker(pick.worker);
        setCrewId(pick.crewId);
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      });
    return () => abort.abort();
  }, [event.id]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(
        await eventsApi.transition(event.id, {
          action,
          worker: worker || null,
          crewId: crewId || null,
          note: note.trim() || undefined,
          expectedVersion: event.version,
        }),
      );
    } catch (err) {
      const denied = err instanceof ApiError && err.status === 403;
      setError(denied ? t('events.denied', { reason: err.message }) : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const workerLabel = (w: WorkerCandidate) => {
    const why =
      w.source === 'cell'
        ? t('assign.source.cell')
        : w.source === 'user' && w.role
          ? t(`role.${w.role}`)
          : t('assign.source.current');
    return `${workerName(w.name, cell, language)} · ${why}${w.current ? ` (${t('assign.current')})` : ''}`;
  };
  const crewLabel = (c: CrewCandidate) =>
    `${localName(c, language) ?? c.id} · ${t(`utility.${c.utility}`)}${c.servesCell ? ` · ${t('assign.servesCell')}` : ''}${c.current ? ` (${t('assign.current')})` : ''}`;
  const matching = candidates?.crews.filter((c) => c.matchesUtility) ?? [];
  const others = candidates?.crews.filter((c) => !c.matchesUtility) ?? [];

  return (
    <div className="assign-picker" data-testid="assign-picker" data-action={action}>
      <h3 className="section">{t(`events.action.${action}`)}</h3>
      {!candidates && !error && <div className="muted">{t('events.loading')}</div>}
      {candidates && (
        <>
          <label className="filter">
            <span className="muted">{t('events.assignedWorker')}</span>
            <select data-testid="assign-worker" value={worker} onChange={(e) => setWorker(e.target.value)}>
              <option value="">{t('assign.nobody')}</option>
              {candidates.workers.map((w) => (
                <option key={w.name} value={w.name}>
                  {workerLabel(w)}
                </option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span className="muted">{t('events.assignedCrew')}</span>
            <select data-testid="assign-crew" value={crewId} onChange={(e) => setCrewId(e.target.value)}>
              <option value="">{t('assign.nobody')}</option>
              {matching.length > 0 && candidates.utility && (
                <optgroup label={t('assign.crewsFor', { utility: t(`utility.${candidates.utility}`) })}>
                  {matching.map((c) => (
                    <option key={c.id} value={c.id}>
                      {crewLabel(c)}
                    </option>
                  ))}
                </optgroup>
              )}
              <optgroup label={matching.length > 0 ? t('assign.otherCrews') : t('assign.allCrews')}>
                {others.map((c) => (
                  <option key={c.id} value={c.id}>
                    {crewLabel(c)}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <textarea
            placeholder={t('assign.notePlaceholder')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
            data-testid="assign-note"
          />
        </>
      )}
      {error && (
        <div className="form-error" role="alert" data-testid="assign-error">
          {error}
        </div>
      )}
      <div className="row wrap">
        <button
          className="primary"
          data-testid="assign-submit"
          disabled={busy || !candidates || (!worker && !crewId)}
          onClick={() => void submit()}
        >
          {t(`events.action.${action}`)}
        </button>
        <button onClick={onCancel}>{t('report.cancel')}</button>
      </div>
    </div>
  );
}
