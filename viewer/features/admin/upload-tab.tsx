import { useEffect, useState } from 'react';
import type { SensorImportAnswer } from '../../../core/contracts/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { adminApi } from './admin-api.js';

type ImportIssue = SensorImportAnswer['report']['errors'][number];

/** Where a QA line is in the file: its line (CSV) or feature number (JSON, GeoJSON). */
function whereOf(w: ImportIssue['where'] | SensorImportAnswer['rows'][number]['where'] | undefined): string {
  if (w?.line !== undefined) return String(w.line);
  if (w?.featureIndex !== undefined) return `#${w.featureIndex + 1}`;
  return '';
}

/** The one-time credentials file: sensor, MQTT username, password, topic (what a field technician configures). */
function credentialsCsv(answer: SensorImportAnswer): string {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const rows = answer.credentials.map((c) => [c.sensorId, c.username, c.password, c.topic].map(q).join(','));
  return `sensor_id,mqtt_username,mqtt_password,topic\n${rows.join('\n')}\n`;
}

/**
 * Sensor file upload: choose a CSV, JSON or GeoJSON file; the preview (what each row does, the changed fields) and the
 * QA report come first, nothing is saved until "Save"; then the new sensors' device credentials are offered once
 * as a CSV download and forgotten when it is taken or the tab is left.
 */
export function UploadTab() {
  const t = useT();
  const handle = useEngine();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<SensorImportAnswer | null>(null);
  const [saved, setSaved] = useState<SensorImportAnswer | null>(null);
  const [download, setDownload] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [taken, setTaken] = useState(0);
  // The blob holds secrets: it is revoked once taken or when the tab closes.
  useEffect(() => () => (download ? URL.revokeObjectURL(download) : undefined), [download]);

  const choose = async (f: File | undefined) => {
    setPreview(null);
    setSaved(null);
    setError(null);
    setDownload(null);
    setTaken(0);
    if (!f) return;
    const next = { name: f.name, text: await f.text() };
    setFile(next);
    setBusy(true);
    try {
      setPreview(await adminApi.importSensors(next, true));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const answer = await adminApi.importSensors(file, false);
      setSaved(answer);
      setPreview(null);
      handle?.engine.addSensors(answer.rows.map((r) => r.sensor));
      if (answer.credentials.length > 0)
        setDownload(URL.createObjectURL(new Blob([credentialsCsv(answer)], { type: 'text/csv' })));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const report = preview?.report;
  const errors = report?.errors ?? [];
  const conversions = Object.entries(report?.counts ?? {}).filter(([k]) => k.startsWith('converted from '));
  return (
    <div className="admin-upload" data-testid="admin-upload">
      <p className="admin-hint">{t('admin.upload.hint')}</p>
      {/* The browser's own file button speaks the browser's language ("Choose File" in a Chinese page): a label of
          ours opens the hidden input instead. */}
      <label className="admin-file">
        <input
          type="file"
          data-testid="upload-file"
          accept=".csv,.json,.geojson,text/csv,application/json"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
        <span className="admin-file-button">{t('admin.upload.choose')}</span>
        <span className="admin-file-name">{file?.name ?? t('admin.upload.noFile')}</span>
      </label>
      {busy && <p>{t('admin.working')}</p>}
      {error && (
        <p className="admin-error" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <section data-testid="upload-preview">
          <h3>{t('admin.upload.preview', { file: file?.name ?? '' })}</h3>
          <p data-testid="upload-counts">
            {t('admin.upload.counts', {
              created: preview.counts.created,
              updated: preview.counts.updated,
              unchanged: preview.counts.unchanged,
            })}
          </p>
          {(errors.length > 0 || conversions.length > 0 || (report?.assumptions.length ?? 0) > 0) && (
            <div className="admin-qa" data-testid="upload-qa">
              <h4>{t('admin.upload.qa')}</h4>
              <ul>
                {errors.map((e, i) => (
                  <li key={`e${i}`} className="admin-error">
                    {whereOf(e.where) && t('admin.upload.line', { line: whereOf(e.where) })} {e.message}
                  </li>
                ))}
                {conversions.map(([k, n]) => (
                  <li key={k}>{t('admin.upload.converted', { unit: k.slice('converted from '.length), count: n })}</li>
                ))}
                {report?.assumptions.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </div>
          )}
          {preview.rows.length > 0 && (
            <div className="admin-scroll">
              <table>
                <thead>
                  <tr>
                    <th>{t('admin.upload.lineHead')}</th>
                    <th>{t('field.name')}</th>
                    <th>{t('field.kind')}</th>
                    <th>{t('admin.upload.change')}</th>
                    <th>{t('admin.upload.fields')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.id} data-row={r.id} data-status={r.status}>
                      <td data-label={t('admin.upload.lineHead')}>{whereOf(r.where)}</td>
                      <td data-label={t('field.name')}>{r.sensor.name ? `${r.sensor.name} (${r.id})` : r.id}</td>
                      <td data-label={t('field.kind')}>{t(`admin.kind.${r.sensor.kind}`)}</td>
                      <td data-label={t('admin.upload.change')} className={`status-${r.status}`}>
                        {t(`admin.status.${r.status}`)}
                      </td>
                      <td data-label={t('admin.upload.fields')}>
                        {r.changes.map((c) => t(`admin.sensorField.${c}` as 'admin.sensorField.name')).join(', ') ||
                          '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="admin-row">
            <button
              className="primary"
              data-testid="upload-save"
              disabled={busy || errors.length > 0 || preview.counts.created + preview.counts.updated === 0}
              onClick={() => void save()}
            >
              {errors.length > 0 ? t('admin.upload.fix') : t('admin.upload.save')}
            </button>
          </div>
        </section>
      )}
      {saved && (
        <section data-testid="upload-saved">
          <p>{t('admin.upload.saved', { created: saved.counts.created, updated: saved.counts.updated })}</p>
          {download ? (
            <p className="admin-credentials">
              <a
                href={download}
                download={`${saved.cityId}-device-credentials.csv`}
                data-testid="credentials-download"
                onClick={() =>
                  // After the browser took the file: the secrets leave this page's memory.
                  setTimeout(() => {
                    setTaken(saved.credentials.length);
                    setSaved({ ...saved, credentials: [] });
                    setDownload(null);
                  }, 0)
                }
              >
                {t('admin.upload.credentials', { count: saved.credentials.length })}
              </a>
              <small>{t('admin.upload.once')}</small>
            </p>
          ) : (
            taken > 0 && <p data-testid="credentials-taken">{t('admin.upload.taken', { count: taken })}</p>
          )}
        </section>
      )}
    </div>
  );
}
