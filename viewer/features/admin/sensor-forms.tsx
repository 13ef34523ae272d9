import { Fragment, useState, type FormEvent } from 'react';
import { SensorKindSchema, type Sensor, type Thresholds } from '../../../core/model/index.js';
import { KIND_UNITS, SensorRecordSchema, ThresholdsInputSchema } from '../../../core/registry/index.js';
import { ApiError } from '../../api/request.js';
import { useEngine } from '../../engine/engine-context.js';
import { isMessageKey, useT } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { adminApi, fieldErrors, fieldOfApiMessage } from './admin-api.js';
import { Field, textInputs } from './admin-table.js';
import { usePositionPick } from './use-position-pick.js';

type Values = Record<string, string>;
const str = (v: number | string | undefined): string => (v === undefined ? '' : String(v));

/** The form's text values as a record body: blanks left out (the schema reads them as absent). */
function filled(values: Values): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
}

/** The message of a failed save, and the field it names when the API names one. */
function saveError(e: unknown): { field: string | null; message: string } {
  const message = e instanceof Error ? e.message : String(e);
  return { field: e instanceof ApiError ? fieldOfApiMessage(message) : null, message };
}

const THRESHOLD_FIELDS = ['lolo', 'lo', 'hi', 'hihi', 'deadband'] as const;

/**
 * Register or edit a sensor (admin): the sensor file's fields, validated by the importer's schema before it is sent;
 * its position picked on the map or taken from the pipe or node selected in the scene ("bind").
 */
export function SensorForm({ sensor, onDone }: { sensor: Sensor | null; onDone: (saved: Sensor | null) => void }) {
  const t = useT();
  const handle = useEngine();
  const selection = useViewerState((s) => s.selection);
  const [values, setValues] = useState<Values>(() => ({
    id: sensor?.id ?? '',
    kind: sensor?.kind ?? 'pressure',
    unit: sensor?.unit ?? KIND_UNITS.pressure,
    name: sensor?.name ?? '',
    lon: sensor && !sensor.mount ? str(sensor.position[0]) : '',
    lat: sensor && !sensor.mount ? str(sensor.position[1]) : '',
    node: sensor?.mount?.type === 'node' ? sensor.mount.id : '',
    link: sensor?.mount?.type === 'link' ? sensor.mount.id : '',
    ...Object.fromEntries(THRESHOLD_FIELDS.map((k) => [k, str(sensor?.thresholds[k])])),
    reportingIntervalS: str(sensor?.reportingIntervalS ?? 60),
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: string, v: string) => setValues((s) => ({ ...s, [k]: v }));
  const pick = usePositionPick((lon, lat) =>
    setValues((s) => ({ ...s, lon: lon.toFixed(6), lat: lat.toFixed(6), node: '', link: '' })),
  );
  const bindable = selection && (selection.type === 'node' || selection.type === 'link') ? selection : null;
  const bindName = bindable
    ? bindable.type === 'node'
      ? (handle?.data.nodeById.get(bindable.id)?.name ?? bindable.id)
      : (handle?.data.linkById.get(bindable.id)?.name ?? bindable.id)
    : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = filled(values);
    const parsed = SensorRecordSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    try {
      const saved = await adminApi.saveSensor(body, sensor !== null);
      handle?.engine.addSensors([saved]);
      onDone(saved);
    } catch (err) {
      const { field, message } = saveError(err);
      setErrors({ [field ?? 'form']: message });
    } finally {
      setBusy(false);
    }
  };

  const input = textInputs(values, set, errors);
  return (
    <form className="admin-form" data-testid="sensor-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{sensor ? t('admin.sensor.edit', { name: sensor.name ?? sensor.id }) : t('admin.sensor.new')}</h3>
      <div className="admin-grid">
        {input('id', t('field.id'), { readOnly: sensor !== null })}
        {input('name', t('field.name'))}
        <Field name="kind" label={t('field.kind')} error={errors.kind}>
          <select
            name="kind"
            value={values.kind}
            onChange={(e) =>
              setValues((s) => ({ ...s, kind: e.target.value, unit: KIND_UNITS[e.target.value as Sensor['kind']] }))
            }
          >
            {SensorKindSchema.options.map((k) => (
              <option key={k} value={k}>
                {isMessageKey(`admin.kind.${k}`) ? t(`admin.kind.${k}` as 'admin.kind.pressure') : k}
              </option>
            ))}
          </select>
        </Field>
        {input('unit', t('field.unit'))}
        {input('lon', t('admin.lon'), { inputMode: 'decimal' })}
        {input('lat', t('admin.lat'), { inputMode: 'decimal' })}
        {input('node', t('admin.node'))}
        {input('link', t('admin.link'))}
      </div>
      <div className="admin-row">
        <button type="button" data-testid="sensor-pick" className={pick.active ? 'active' : ''} onClick={pick.toggle}>
          {pick.active ? t('admin.pick.cancel') : t('admin.pick')}
        </button>
        <button
          type="button"
          data-testid="sensor-bind"
          disabled={!bindable}
          title={bindable ? undefined : t('admin.bind.hint')}
          onClick={() =>
            bindable &&
            setValues((s) => ({
              ...s,
              node: bindable.type === 'node' ? bindable.id : '',
              link: bindable.type === 'link' ? bindable.id : '',
              lon: '',
              lat: '',
            }))
          }
        >
          {bindable ? t('admin.bind', { name: bindName }) : t('admin.bind.none')}
        </button>
      </div>
      <fieldset>
        <legend>{t('admin.thresholdsIn', { unit: values.unit || '—' })}</legend>
        <div className="admin-grid">
          {THRESHOLD_FIELDS.map((k) => (
            <Fragment key={k}>{input(k, t(`admin.th.${k}`), { inputMode: 'decimal' })}</Fragment>
          ))}
          {input('reportingIntervalS', t('admin.interval'), { inputMode: 'numeric' })}
        </div>
      </fieldset>
      {errors.form && <p className="admin-error">{errors.form}</p>}
      <div className="admin-row">
        <button type="submit" className="primary" data-testid="sensor-save" disabled={busy}>
          {t('admin.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

const RULE_FIELDS = ['lolo', 'lo', 'hi', 'hihi', 'deadband', 'minDurationS', 'rateLimitPerS', 'flatlineS'] as const;

/** A sensor's thresholds and rule settings in its unit (admins and managers), validated as the API validates them. */
export function ThresholdsForm({ sensor, onDone }: { sensor: Sensor; onDone: (saved: Sensor | null) => void }) {
  const t = useT();
  const [values, setValues] = useState<Values>(() =>
    Object.fromEntries(RULE_FIELDS.map((k) => [k, str(sensor.thresholds[k])])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const out: Record<string, number> = {};
    const bad: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) {
      if (v.trim() === '') continue;
      const n = Number(v.trim().replace(',', '.'));
      if (Number.isFinite(n)) out[k] = n;
      else bad[k] = t('admin.notNumber');
    }
    const parsed = ThresholdsInputSchema.safeParse(out);
    const errs = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...bad };
    setErrors(errs);
    if (!parsed.success || Object.keys(bad).length > 0) return;
    setBusy(true);
    try {
      onDone(await adminApi.setThresholds(sensor.id, parsed.data as Thresholds));
    } catch (err) {
      const { field, message } = saveError(err);
      setErrors({ [field ?? 'form']: message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="admin-form" data-testid="thresholds-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('admin.thresholdsOf', { name: sensor.name ?? sensor.id, unit: sensor.unit })}</h3>
      <div className="admin-grid">
        {RULE_FIELDS.map((k) => (
          <Field key={k} name={k} label={t(`admin.th.${k}`)} error={errors[k]}>
            <input
              name={k}
              inputMode="decimal"
              value={values[k]}
              onChange={(e) => setValues((s) => ({ ...s, [k]: e.target.value }))}
            />
          </Field>
        ))}
      </div>
      {errors.form && <p className="admin-error">{errors.form}</p>}
      <div className="admin-row">
        <button type="submit" className="primary" data-testid="thresholds-save" disabled={busy}>
          {t('admin.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}
