import { useCallback, useState, type FormEvent } from 'react';
import type { CrewWithCells } from '../../../core/contracts/index.js';
import { UTILITIES } from '../../../core/model/index.js';
import { CrewRecordSchema } from '../../../core/registry/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { adminApi, errorsOfFailure, fieldErrors } from './admin-api.js';
import { AdminTable, ConfirmDelete, Field, textInputs, type Column } from './admin-table.js';
import { useAdminList } from './use-admin-list.js';
import { usePositionPick } from './use-position-pick.js';

/** A crew, with the cells that list it (read from the grids). */
type CrewRow = Awaited<ReturnType<typeof adminApi.crews>>[number] & { cells: string[] };

function CrewForm({ crew, onDone }: { crew: CrewRow | null; onDone: (saved: CrewWithCells | null) => void }) {
  const t = useT();
  const [values, setValues] = useState<Record<string, string>>(() => ({
    id: crew?.id ?? '',
    name: crew?.name ?? '',
    nameEn: crew?.nameEn ?? '',
    utility: crew?.utility ?? 'water',
    phone: crew?.phone ?? '',
    lon: crew?.base ? crew.base[0].toFixed(6) : '',
    lat: crew?.base ? crew.base[1].toFixed(6) : '',
    cells: crew?.cells.join('; ') ?? '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const pick = usePositionPick((lon, lat) => setValues((s) => ({ ...s, lon: lon.toFixed(6), lat: lat.toFixed(6) })));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    const parsed = CrewRecordSchema.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    try {
      onDone(await adminApi.saveCrew(body as never, crew !== null));
    } catch (err) {
      setErrors(errorsOfFailure(err));
    }
  };
  const input = textInputs(values, (k, v) => setValues((s) => ({ ...s, [k]: v })), errors);
  return (
    <form className="admin-form" data-testid="crew-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{crew ? t('admin.crew.edit', { name: crew.name }) : t('admin.crew.new')}</h3>
      <div className="admin-grid">
        {input('id', t('field.id'), { readOnly: crew !== null })}
        {input('name', t('field.name'))}
        {input('nameEn', t('field.nameEn'))}
        <Field name="utility" label={t('field.utility')} error={errors.utility}>
          <select
            name="utility"
            value={values.utility}
            onChange={(e) => setValues((s) => ({ ...s, utility: e.target.value }))}
          >
            {UTILITIES.map((u) => (
              <option key={u} value={u}>
                {t(`utility.${u}`)}
              </option>
            ))}
          </select>
        </Field>
        {input('phone', t('field.phone'), { inputMode: 'tel' })}
        {input('lon', t('admin.baseLon'), { inputMode: 'decimal' })}
        {input('lat', t('admin.baseLat'), { inputMode: 'decimal' })}
        {input('cells', t('admin.crew.cells'))}
      </div>
      <div className="admin-row">
        <button type="button" data-testid="crew-pick" className={pick.active ? 'active' : ''} onClick={pick.toggle}>
          {pick.active ? t('admin.pick.cancel') : t('admin.pick.base')}
        </button>
      </div>
      {errors.form && <p className="admin-error">{errors.form}</p>}
      <div className="admin-row">
        <button type="submit" className="primary" data-testid="crew-save">
          {t('admin.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Utility crews (admins and managers): search, pages, create, edit (cells by code), delete. */
export function CrewsTab() {
  const t = useT();
  const handle = useEngine();
  const list = useAdminList(async (signal) => {
    const [crews, grids] = await Promise.all([adminApi.crews(signal), adminApi.grids(signal)]);
    return crews.map((c) => ({ ...c, cells: grids.filter((g) => g.crewIds.includes(c.id)).map((g) => g.code) }));
  });
  const [editing, setEditing] = useState<{ crew: CrewRow | null } | null>(null);
  const search = useCallback((c: CrewRow) => [c.id, c.name, c.nameEn ?? '', c.phone ?? '', c.utility].join(' '), []);
  if (editing)
    return (
      <CrewForm
        crew={editing.crew}
        onDone={(saved) => {
          setEditing(null);
          if (saved) list.reload();
        }}
      />
    );
  const cellName = (code: string) => {
    const g = [...(handle?.data.cells ?? [])].find((c) => c.code === code);
    return g?.name ?? code;
  };
  const columns: Column<CrewRow>[] = [
    { label: t('field.name'), cell: (c) => c.name },
    { label: t('field.utility'), cell: (c) => t(`utility.${c.utility}`) },
    { label: t('field.phone'), cell: (c) => c.phone ?? '—' },
    {
      label: t('admin.crew.cells'),
      cell: (c) =>
        c.cells.length > 3 ? t('admin.cellsCount', { count: c.cells.length }) : c.cells.map(cellName).join(', '),
    },
  ];
  return (
    <>
      {list.error && <p className="admin-error">{list.error}</p>}
      <div className="admin-row">
        <button className="primary" data-testid="crew-new" onClick={() => setEditing({ crew: null })}>
          {t('admin.crew.new')}
        </button>
      </div>
      <AdminTable
        testId="admin-crews"
        rows={list.rows}
        loading={list.loading}
        columns={columns}
        rowKey={(c) => c.id}
        searchText={search}
        actions={(c) => (
          <>
            <button data-testid="crew-edit" onClick={() => setEditing({ crew: c })}>
              {t('admin.edit')}
            </button>
            <ConfirmDelete
              what={c.name}
              onConfirm={async () => {
                await adminApi.deleteCrew(c.id);
                list.reload();
              }}
            />
          </>
        )}
      />
    </>
  );
}
