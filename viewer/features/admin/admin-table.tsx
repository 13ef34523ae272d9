import { useMemo, useState, type ReactNode } from 'react';
import { useT } from '../../state/i18n.js';

/** One column of an admin table. */
export interface Column<T> {
  label: string;
  cell: (row: T) => ReactNode;
}

const PAGE_SIZE = 10;

/**
 * A table with a search box and paging: the search matches any of `searchText(row)`, case-insensitive; the page
 * resets when the search changes. Rows are `key`ed by their id; `actions` renders a row's buttons.
 */
export function AdminTable<T>({
  rows,
  columns,
  rowKey,
  searchText,
  actions,
  testId,
  loading = false,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  searchText: (row: T) => string;
  actions?: (row: T) => ReactNode;
  testId: string;
  /** The rows are still coming: say so rather than "nothing found". */
  loading?: boolean;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const found = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? rows.filter((r) => searchText(r).toLowerCase().includes(q)) : rows;
  }, [rows, query, searchText]);
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = found.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  return (
    <div className="admin-table" data-testid={testId}>
      <input
        type="search"
        className="admin-search"
        data-testid={`${testId}-search`}
        placeholder={t('admin.search')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setPage(0);
        }}
      />
      <div className="admin-scroll">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label}>{c.label}</th>
              ))}
              {actions && <th aria-label={t('admin.actions')} />}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={rowKey(row)} data-row={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.label} data-label={c.label}>
                    {c.cell(row)}
                  </td>
                ))}
                {actions && <td className="admin-actions">{actions(row)}</td>}
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td
                  colSpan={columns.length + (actions ? 1 : 0)}
                  className="admin-empty"
                  data-testid={loading ? `${testId}-loading` : undefined}
                >
                  {loading && rows.length === 0 ? t('admin.loading') : t('admin.noRows')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="admin-pager">
        <button
          disabled={current === 0}
          onClick={() => setPage(current - 1)}
          aria-label={t('admin.prev')}
          data-testid={`${testId}-prev`}
        >
          ‹
        </button>
        <span data-testid={`${testId}-count`}>
          {t('admin.pageOf', {
            from: found.length === 0 ? 0 : current * PAGE_SIZE + 1,
            to: current * PAGE_SIZE + shown.length,
            total: found.length,
          })}
        </span>
        <button
          disabled={current >= pages - 1}
          onClick={() => setPage(current + 1)}
          aria-label={t('admin.next')}
          data-testid={`${testId}-next`}
        >
          ›
        </button>
      </div>
    </div>
  );
}

/** A delete button that asks first, in place (no browser dialog: it reads on a phone too). */
export function ConfirmDelete({ what, onConfirm }: { what: string; onConfirm: () => Promise<void> }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!asking)
    return (
      <button className="danger" data-testid="admin-delete" onClick={() => setAsking(true)}>
        {t('admin.delete')}
      </button>
    );
  return (
    <span className="admin-confirm" role="alertdialog">
      {t('admin.confirmDelete', { what })}
      <button
        className="danger"
        data-testid="admin-delete-yes"
        onClick={() =>
          onConfirm().then(
            () => setAsking(false),
            (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
          )
        }
      >
        {t('admin.yes')}
      </button>
      <button onClick={() => setAsking(false)}>{t('admin.no')}</button>
      {error && <span className="admin-error">{error}</span>}
    </span>
  );
}

/** A labelled input with its validation message under it. */
export function Field({
  name,
  label,
  error,
  children,
}: {
  name: string;
  label: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <label className={`admin-field${error ? ' invalid' : ''}`} data-field={name}>
      <span>{label}</span>
      {children}
      {error && (
        <small className="admin-error" data-testid={`error-${name}`}>
          {error}
        </small>
      )}
    </label>
  );
}

/** The text inputs of a form over string values: `input(key, label, props)` renders one in its Field. */
export function textInputs(
  values: Readonly<Record<string, string | undefined>>,
  setValue: (key: string, value: string) => void,
  errors: Readonly<Record<string, string>>,
) {
  return (k: string, label: string, props: Record<string, unknown> = {}) => (
    <Field name={k} label={label} error={errors[k]}>
      <input name={k} value={values[k] ?? ''} onChange={(e) => setValue(k, e.target.value)} {...props} />
    </Field>
  );
}
