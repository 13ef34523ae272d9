import { useState } from 'react';
import { SeveritySchema, UTILITIES, type Severity, type Utility } from '../../../core/model/index.js';
import { elementLocation } from '../../data/element-location.js';
import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { useAuth } from '../auth/auth.state.js';
import { REPORT_CATEGORIES } from './event-style.js';
import { eventsApi, type ReportInput } from './events-api.js';
import { eventActions, useEventsState } from './events.state.js';

/** Reads a file as base64 (no data: prefix). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the photo'));
    reader.readAsDataURL(file);
  });
}

/** Report a problem: a location (picked on the map or the selection), category, severity, description, photo. */
export function ReportForm() {
  const t = useT();
  const handle = useEngine();
  const selection = useViewerState((s) => s.selection);
  const { user } = useAuth();
  const report = useEventsState((s) => s.report);
  const [category, setCategory] = useState<string>(REPORT_CATEGORIES[0]);
  const [severity, setSeverity] = useState<Severity>('minor');
  const [utility, setUtility] = useState<Utility | ''>('');
  const [description, setDescription] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const useSelection = () => {
    const where = handle && selection ? elementLocation(handle.data, selection) : null;
    if (where) eventActions.setReport({ location: [where[0], where[1]], picking: false });
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!report.location) return;
    setBusy(true);
    setError(null);
    try {
      const input: ReportInput = {
        lon: report.location[0],
        lat: report.location[1],
        category,
        description,
        severity,
        ...(utility ? { utility } : {}),
        ...(photo ? { photo: { contentType: photo.type, dataBase64: await base64Of(photo) } } : {}),
      };
      const created = await eventsApi.report(input);
      eventActions.setReport({ open: false, picking: false, location: null });
      eventActions.open(created.id);
      eventActions.changed();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  if (!user) return <div className="muted hint">{t('events.loginHint')}</div>;
  return (
    <form className="report-form" data-testid="report-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('report.title')}</h2>
      <div className="row wrap">
        <button
          type="button"
          data-testid="report-pick"
          className={report.picking ? 'active' : ''}
          onClick={() => eventActions.setReport({ picking: !report.picking })}
        >
          {t('report.pick')}
        </button>
        <button type="button" disabled={!selection} onClick={useSelection}>
          {t('report.useSelection')}
        </button>
      </div>
      <div className="muted" data-testid="report-location">
        {report.picking
          ? t('report.picking')
          : report.location
            ? `${report.location[0].toFixed(5)}, ${report.location[1].toFixed(5)}`
            : t('report.noLocation')}
      </div>
      <label className="filter">
        <span className="muted">{t('report.category')}</span>
        <select name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
          {REPORT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`report.category.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span className="muted">{t('events.filter.severity')}</span>
        <select name="severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
          {SeveritySchema.options.map((s) => (
            <option key={s} value={s}>
              {t(`events.severity.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span className="muted">{t('field.utility')}</span>
        <select name="utility" value={utility} onChange={(e) => setUtility(e.target.value as Utility | '')}>
          <option value="">—</option>
          {UTILITIES.map((u) => (
            <option key={u} value={u}>
              {t(`utility.${u}`)}
            </option>
          ))}
        </select>
      </label>
      <textarea
        name="description"
        rows={3}
        placeholder={t('report.description')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <label className="filter">
        <span className="muted">{t('report.photo')}</span>
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
        />
      </label>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" data-testid="report-submit" disabled={busy || !report.location}>
          {t('report.submit')}
        </button>
        <button type="button" onClick={() => eventActions.setReport({ open: false, picking: false })}>
          {t('report.cancel')}
        </button>
      </div>
    </form>
  );
}
