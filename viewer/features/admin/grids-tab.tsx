import { useCallback, useState, type FormEvent } from 'react';
import type { Grid } from '../../../core/model/index.js';
import { GridInputSchema } from '../../../core/registry/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { adminApi, errorsOfFailure, fieldErrors } from './admin-api.js';
import { AdminTable, ConfirmDelete, Field, type Column } from './admin-table.js';
import { useAdminList } from './use-admin-list.js';

const EDITED = ['name', 'nameEn', 'worker', 'phone', 'crews'] as const;

/** A grid's names, worker and crews (its outline stays: outlines come from grid files or the API). */
function GridForm({ grid, onDone }: { grid: Grid; onDone: (saved: boolean) => void }) {
  const t = useT();
  const [values, setValues] = useState<Record<string, string>>(() => ({
    name: grid.name,
    nameEn: grid.nameEn ?? '',
    worker: grid.worker?.name ?? '',
    phone: grid.worker?.phone ?? '',
    crews: grid.crewIds.join('; '),
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      code: grid.code,
      level: grid.level,
      ...(grid.parentId ? { parent: grid.parentId } : {}),
      ...Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '')),
      polygon: { type: 'MultiPolygon', coordinates: grid.polygon },
    };
    const parsed = GridInputSchema.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    try {
      await adminApi.saveGrid(grid.id, body);
      onDone(true);
    } catch (err) {
      setErrors(errorsOfFailure(err));
    }
  };
  const labels: Record<(typeof EDITED)[number], string> = {
    name: t('field.name'),
    nameEn: t('field.nameEn'),
    worker: t('field.worker'),
    phone: t('field.phone'),
    crews: t('admin.grid.crews'),
  };
  return (
    <form className="admin-form" data-testid="grid-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('admin.grid.edit', { name: grid.name, code: grid.code })}</h3>
      <div className="admin-grid">
        {EDITED.map((k) => (
          <Field key={k} name={k} label={labels[k]} error={errors[k]}>
            <input name={k} value={values[k]} onChange={(e) => setValues((s) => ({ ...s, [k]: e.target.value }))} />
          </Field>
        ))}
      </div>
      {/* The code is not edited here: an error about it is the form's. */}
      {(errors.form ?? errors.code) && <p className="admin-error">{errors.form ?? errors.code}</p>}
      <div className="admin-row">
        <button type="submit" className="primary" data-testid="grid-save">
          {t('admin.save')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Grids and cells (admins): search, pages, edit names/worker/crews, delete, show on the map. */
export function GridsTab() {
  const t = useT();
  const handle = useEngine();
  const list = useAdminList((signal) => adminApi.grids(signal));
  const [editing, setEditing] = useState<Grid | null>(null);
  const search = useCallback(
    (g: Grid) => [g.code, g.name, g.nameEn ?? '', g.worker?.name ?? '', g.level].join(' '),
    [],
  );
  if (editing)
    return (
      <GridForm
        grid={editing}
        onDone={(saved) => {
          setEditing(null);
          if (saved) list.reload();
        }}
      />
    );
  const columns: Column<Grid>[] = [
    { label: t('field.name'), cell: (g) => g.name },
    { label: t('field.code'), cell: (g) => g.code },
    { label: t('admin.level'), cell: (g) => t(`admin.level.${g.level}`) },
    { label: t('field.worker'), cell: (g) => (g.worker ? `${g.worker.name} ${g.worker.phone}` : '—') },
    { label: t('field.area'), cell: (g) => `${(g.areaM2 / 1e6).toFixed(2)} km²` },
  ];
  return (
    <>
      {list.error && <p className="admin-error">{list.error}</p>}
      <AdminTable
        testId="admin-grids"
        rows={list.rows}
        loading={list.loading}
        columns={columns}
        rowKey={(g) => g.id}
        searchText={search}
        actions={(g) => (
          <>
            <button onClick={() => void handle?.engine.flyToElement({ type: 'grid', id: g.id })}>
              {t('admin.show')}
            </button>
            <button data-testid="grid-edit" onClick={() => setEditing(g)}>
              {t('admin.edit')}
            </button>
            <ConfirmDelete
              what={g.name}
              onConfirm={async () => {
                await adminApi.deleteGrid(g.id);
                list.reload();
              }}
            />
          </>
        )}
      />
    </>
  );
}
