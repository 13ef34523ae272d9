import { useCallback, useState } from 'react';
import type { Sensor } from '../../../core/model/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { actions } from '../../state/store.js';
import { useAuth } from '../auth/auth.state.js';
import { adminApi } from './admin-api.js';
import { AdminTable, ConfirmDelete, type Column } from './admin-table.js';
import { SensorForm, ThresholdsForm } from './sensor-forms.js';
import { useAdminList } from './use-admin-list.js';

type Editing = { form: 'sensor'; sensor: Sensor | null } | { form: 'thresholds'; sensor: Sensor } | null;

/** The alarm limits in short (`L 14.06 · H 56.25`), rounded for reading; the form shows them exactly. */
function limits(s: Sensor, label: (k: 'lolo' | 'lo' | 'hi' | 'hihi') => string): string {
  const th = s.thresholds;
  return (['lolo', 'lo', 'hi', 'hihi'] as const)
    .filter((k) => th[k] !== undefined)
    .map((k) => `${label(k)} ${Number(th[k]!.toFixed(2))}`)
    .join(' · ');
}

/** The city's sensors: search, pages, edit (admin), thresholds (admin, manager), delete (admin). */
export function SensorsTab() {
  const t = useT();
  const handle = useEngine();
  const { user } = useAuth();
  const admin = user?.role === 'admin';
  const list = useAdminList((signal) => adminApi.sensors(signal));
  const [editing, setEditing] = useState<Editing>(null);
  const done = useCallback(
    (saved: Sensor | null) => {
      setEditing(null);
      if (saved) list.reload();
    },
    [list],
  );
  const search = useCallback(
    (s: Sensor) => [s.id, s.name ?? '', s.kind, s.gridId ?? '', s.mount?.id ?? ''].join(' '),
    [],
  );
  if (editing?.form === 'sensor') return <SensorForm sensor={editing.sensor} onDone={done} />;
  if (editing?.form === 'thresholds') return <ThresholdsForm sensor={editing.sensor} onDone={done} />;
  const columns: Column<Sensor>[] = [
    { label: t('field.name'), cell: (s) => s.name ?? s.id },
    { label: t('field.kind'), cell: (s) => t(`admin.kind.${s.kind}`) },
    {
      label: t('field.thresholds'),
      cell: (s) => {
        const text = limits(s, (k) => t(`chart.limit.${k}`));
        return text ? `${text} ${s.unit}` : '—';
      },
    },
    {
      label: t('admin.where'),
      cell: (s) =>
        s.mount
          ? `${t(s.mount.type === 'link' ? 'inspector.link' : 'inspector.node')} ${s.mount.id}`
          : `${s.position[0].toFixed(5)}, ${s.position[1].toFixed(5)}`,
    },
    {
      label: t('grid.responsible'),
      cell: (s) => (s.gridId ? (handle?.data.cellById.get(s.gridId)?.name ?? s.gridId) : t('grid.none')),
    },
  ];
  return (
    <>
      {list.error && <p className="admin-error">{list.error}</p>}
      {admin && (
        <div className="admin-row">
          <button
            className="primary"
            data-testid="sensor-new"
            onClick={() => setEditing({ form: 'sensor', sensor: null })}
          >
            {t('admin.sensor.new')}
          </button>
        </div>
      )}
      <AdminTable
        testId="admin-sensors"
        rows={list.rows}
        loading={list.loading}
        columns={columns}
        rowKey={(s) => s.id}
        searchText={search}
        actions={(s) => (
          <>
            <button
              onClick={() => {
                actions.select({ type: 'sensor', id: s.id });
                void handle?.engine.flyToElement({ type: 'sensor', id: s.id });
              }}
            >
              {t('admin.show')}
            </button>
            {admin && <button onClick={() => setEditing({ form: 'sensor', sensor: s })}>{t('admin.edit')}</button>}
            <button data-testid="sensor-thresholds" onClick={() => setEditing({ form: 'thresholds', sensor: s })}>
              {t('field.thresholds')}
            </button>
            {admin && (
              <ConfirmDelete
                what={s.name ?? s.id}
                onConfirm={async () => {
                  await adminApi.deleteSensor(s.id);
                  list.reload();
                }}
              />
            )}
          </>
        )}
      />
    </>
  );
}
