import { useSyncExternalStore } from 'react';
import type { Building, Grid, Sensor } from '../../../core/model/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { SENSOR_STATE_COLORS } from '../../engine/scene-colors.js';
import { localName, useT } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { ElementList, Fields, GridCard } from './inspector-parts.js';
import { SensorChart } from './sensor-chart.js';
import { crewLabel, useCrewDirectory } from '../../data/crew-directory.js';
import { splitBilingual } from '../../../core/incident/event-title.js';
import { kindWords, useLang } from './inspector-words.js';
import { formatAddress, linkLabel, nodeLabel } from './element-name.js';

export { formatAddress };
import { useCellWorker } from './use-cell-worker.js';

/** Attributes and responsible grid of a building. */
export function BuildingDetails({ building: b }: { building: Building }) {
  const t = useT();
  const est = (flag: unknown) => (flag === true ? ' *' : '');
  const anyEstimate =
    b.heightEstimated || b.attributes.floorsEstimated === true || b.attributes.populationEstimated === true;
  return (
    <>
      <Fields
        rows={[
          ['id', t('field.id'), b.id],
          ['address', t('field.address'), formatAddress(b)],
          ['name', t('field.name'), b.name],
          ['nameEn', t('field.nameEn'), b.nameEn],
          ['height', t('field.height'), `${b.roofHeightM.toFixed(1)} m${b.heightEstimated ? ' *' : ''}`],
          ['base', t('field.base'), b.baseHeightM > 0 ? `${b.baseHeightM.toFixed(1)} m` : undefined],
          [
            'floors',
            t('field.floors'),
            b.floors === undefined ? undefined : `${b.floors}${est(b.attributes.floorsEstimated)}`,
          ],
          ['use', t('field.use'), t(`use.${b.use}`)],
          [
            'population',
            t('field.population'),
            `${b.population.toLocaleString()}${est(b.attributes.populationEstimated)}`,
          ],
          [
            'source',
            t('field.source'),
            `${b.provenance.source}${b.provenance.sourceId ? ` ${b.provenance.sourceId}` : ''}`,
          ],
        ]}
      />
      {anyEstimate && (
        <div className="muted estimate-note" data-testid="estimate-note">
          {t('field.estimatedNote')}
        </div>
      )}
      <GridCard gridId={b.gridId} />
    </>
  );
}

/** Attributes, live state, 24 h chart and mount of a sensor. Re-renders only when this sensor's live value changes. */
export function SensorDetails({ sensor: s }: { sensor: Sensor }) {
  const t = useT();
  const handle = useEngine()!;
  const live = useSyncExternalStore(
    (cb) =>
      handle.live.onFrame((changed) => {
        if (changed.has(s.id)) cb();
      }),
    () => handle.live.get(s.id),
  );
  const state = live?.state ?? 'unknown';
  const lang = useLang();
  const name = splitBilingual(s.name);
  const sensorName = (lang === 'zh' ? (name.zh ?? name.en) : (name.en ?? name.zh)) ?? undefined;
  const th = s.thresholds;
  const limits = [
    ['lolo', th.lolo],
    ['lo', th.lo],
    ['hi', th.hi],
    ['hihi', th.hihi],
  ]
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
  const data = handle.data;
  const mountLabel = (l: 'en' | 'zh', m: { type: 'node' | 'link' | 'building'; id: string }) => {
    if (m.type === 'node') {
      const n = data.nodeById.get(m.id);
      return n ? nodeLabel(l, n, data) : m.id;
    }
    if (m.type === 'link') {
      const k = data.linkById.get(m.id);
      return k ? linkLabel(l, k) : m.id;
    }
    const b = data.buildingById.get(m.id);
    return localName(b, l) ?? (b ? (formatAddress(b) ?? m.id) : m.id);
  };
  const mount = s.mount
    ? { type: s.mount.type === 'building' ? ('building' as const) : s.mount.type, id: s.mount.id }
    : null;
  return (
    <>
      <div className="sensor-state">
        <span className="swatch dot" style={{ background: SENSOR_STATE_COLORS[state] }} />
        <span data-field="state">{t(`sensor.state.${state}`)}</span>
        <span className="value" data-field="value">
          {live?.value !== undefined ? `${live.value.toFixed(2)} ${s.unit}` : '—'}
        </span>
      </div>
      <SensorChart sensorId={s.id} unit={s.unit} liveValue={live?.value} liveTs={live?.ts} thresholds={th} />
      <Fields
        rows={[
          ['id', t('field.id'), s.id],
          ['name', t('field.name'), sensorName],
          ['kind', t('field.kind'), kindWords(lang, 'sensorKind', s.kind)],
          ['utility', t('field.utility'), s.utility ? t(`utility.${s.utility}`) : undefined],
          ['unit', t('field.unit'), s.unit],
          ['thresholds', t('field.thresholds'), limits || undefined],
          ['interval', t('field.interval'), `${s.reportingIntervalS} s`],
          ['depth', t('field.depth'), s.heightM < 0 ? `${(-s.heightM).toFixed(2)} m` : undefined],
        ]}
      />
      {mount && <ElementList title={t('field.mount')} items={[{ selection: mount, label: mountLabel(lang, mount) }]} />}
      <GridCard gridId={s.gridId} />
    </>
  );
}

/** A grid cell: code, area, worker and crews, and what lies in it. */
export function GridDetails({ cell }: { cell: Grid }) {
  const t = useT();
  const crews = useCrewDirectory();
  const data = useEngine()!.data;
  const language = useViewerState((s) => s.language);
  const worker = useCellWorker(cell);
  const sensors = data.sensors.filter((s) => s.gridId === cell.id);
  const buildings = data.buildings.filter((b) => b.gridId === cell.id);
  return (
    <>
      <Fields
        rows={[
          ['id', t('field.id'), cell.id],
          ['code', t('field.code'), cell.code],
          ['name', t('field.name'), localName(cell, language)],
          ['area', t('field.area'), `${(cell.areaM2 / 1e4).toFixed(2)} ha`],
          ['worker', t('field.worker'), localName(worker, language)],
          ['phone', t('field.phone'), worker?.phone],
          ['population', t('field.population'), buildings.reduce((sum, b) => sum + b.population, 0).toLocaleString()],
          [
            'crews',
            t('field.crews'),
            cell.crewIds.length ? cell.crewIds.map((id) => crewLabel(crews, id, language)).join(', ') : undefined,
          ],
        ]}
      />
      <GridCard gridId={cell.id} />
      <ElementList
        title={t('network.sensors')}
        items={sensors.map((s) => ({ selection: { type: 'sensor', id: s.id }, label: s.name ?? s.id }))}
      />
    </>
  );
}
