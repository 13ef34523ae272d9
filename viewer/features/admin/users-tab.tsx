import { useCallback, useState, type FormEvent } from 'react';
import { RoleSchema, type User } from '../../../core/model/index.js';
import { UserRecordSchema } from '../../../core/registry/index.js';
import { useT } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { userName } from '../auth/user-name.js';
import { adminApi, errorsOfFailure, fieldErrors } from './admin-api.js';
import { AdminTable, ConfirmDelete, Field, textInputs, type Column } from './admin-table.js';
import { useAdminList } from './use-admin-list.js';

/** A new account; without a password one is generated and shown once. */
function UserForm({ onDone }: { onDone: (password: string | null | undefined) => void }) {
  const t = useT();
  const [values, setValues] = useState<Record<string, string>>({
    username: '',
    displayName: '',
    nameEn: '',
    role: 'viewer',
    crewId: '',
    gridIds: '',
    password: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    const parsed = UserRecordSchema.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    try {
      const created = await adminApi.createUser(parsed.data);
      onDone(created.password ?? null);
    } catch (err) {
      setErrors(errorsOfFailure(err));
    }
  };
  const input = textInputs(values, (k, v) => setValues((s) => ({ ...s, [k]: v })), errors);
  return (
    <form className="admin-form" data-testid="user-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('admin.user.new')}</h3>
      <div className="admin-grid">
        {input('username', t('admin.user.username'), { autoComplete: 'off' })}
        {input('displayName', t('field.name'))}
        {input('nameEn', t('field.nameEn'))}
        <Field name="role" label={t('admin.user.role')} error={errors.role}>
          <select name="role" value={values.role} onChange={(e) => setValues((s) => ({ ...s, role: e.target.value }))}>
            {RoleSchema.options.map((r) => (
              <option key={r} value={r}>
                {t(`admin.role.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        {input('crewId', t('admin.user.crew'))}
        {input('gridIds', t('admin.user.cells'))}
        {input('password', t('admin.user.password'), { type: 'password', autoComplete: 'new-password' })}
      </div>
      {errors.form && <p className="admin-error">{errors.form}</p>}
      <div className="admin-row">
        <button type="submit" className="primary" data-testid="user-save">
          {t('admin.save')}
        </button>
        <button type="button" onClick={() => onDone(undefined)}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Accounts (admins): search, pages, create, disable or enable, change the role, delete. */
export function UsersTab() {
  const t = useT();
  const language = useViewerState((s) => s.language);
  const list = useAdminList((signal) => adminApi.users(signal));
  const [creating, setCreating] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = useCallback(
    (u: User) => [u.username, u.displayName, u.nameEn ?? '', u.role, u.crewId ?? ''].join(' '),
    [],
  );
  const patch = (u: User, body: Record<string, unknown>) =>
    adminApi
      .patchUser(u.id, body)
      .then(list.reload, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  if (creating)
    return (
      <UserForm
        onDone={(password) => {
          setCreating(false);
          if (password !== undefined) list.reload();
          setGenerated(password ?? null);
        }}
      />
    );
  const columns: Column<User>[] = [
    { label: t('field.name'), cell: (u) => `${userName(u, language)} (${u.username})` },
    {
      label: t('admin.user.role'),
      cell: (u) => (
        <select
          aria-label={t('admin.user.role')}
          data-testid="user-role"
          value={u.role}
          onChange={(e) => void patch(u, { role: e.target.value })}
        >
          {RoleSchema.options.map((r) => (
            <option key={r} value={r}>
              {t(`admin.role.${r}`)}
            </option>
          ))}
        </select>
      ),
    },
    { label: t('admin.user.state'), cell: (u) => (u.disabled ? t('admin.user.disabled') : t('admin.user.enabled')) },
  ];
  return (
    <>
      {(list.error ?? error) && <p className="admin-error">{list.error ?? error}</p>}
      {generated && (
        <p className="admin-credentials" data-testid="user-password">
          {t('admin.user.generated', { password: generated })}{' '}
          <button onClick={() => setGenerated(null)}>{t('admin.done')}</button>
        </p>
      )}
      <div className="admin-row">
        <button className="primary" data-testid="user-new" onClick={() => setCreating(true)}>
          {t('admin.user.new')}
        </button>
      </div>
      <AdminTable
        testId="admin-users"
        rows={list.rows}
        loading={list.loading}
        columns={columns}
        rowKey={(u) => u.id}
        searchText={search}
        actions={(u) => (
          <>
            <button data-testid="user-toggle" onClick={() => void patch(u, { disabled: !u.disabled })}>
              {u.disabled ? t('admin.user.enable') : t('admin.user.disable')}
            </button>
            <ConfirmDelete
              what={userName(u, language)}
              onConfirm={async () => {
                await adminApi.deleteUser(u.id);
                list.reload();
              }}
            />
          </>
        )}
      />
    </>
  );
}
