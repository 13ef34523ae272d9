import type { ReactNode } from 'react';
import { useEngine } from '../../engine/engine-context.js';
import { localName, useT } from '../../state/i18n.js';
import { useViewerState, viewerStore, type Selection } from '../../state/store.js';
import { useCellWorker } from './use-cell-worker.js';
import { flyAboveSheet } from '../layout/bottom-sheet.js';

/** An attribute table; rows with no value are left out. `field` names the row for tests and styling. */
export function Fields({ rows }: { rows: [field: string, label: string, value: ReactNode | undefined][] }) {
  return (
    <dl>
      {rows
        .filter(([, , v]) => v !== undefined && v !== null && v !== '')
        .map(([field, label, value]) => (
          <div key={field} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd data-field={field}>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/**
 * Selects an element and flies to it, framed. A buried pipe or node (a valve to close, a neighbour) turns underground
 * mode on: it is drawn only where the ground is see-through.
 */
export function useGoTo(): (selection: Selection) => void {
  const handle = useEngine();
  return (selection) => {
    const buried = selection.type === 'link' || selection.type === 'node';
    const { underground } = viewerStore.get();
    viewerStore.set({
      selection,
      facilityNodeId: null,
      ...(buried && !underground.enabled ? { underground: { ...underground, enabled: true } } : {}),
    });
    if (handle) void flyAboveSheet(handle, selection);
  };
}

/** A clickable list of element ids (neighbours, valves, sensors). */
export function ElementList({ title, items }: { title: string; items: { selection: Selection; label: string }[] }) {
  const goTo = useGoTo();
  if (items.length === 0) return null;
  return (
    <div className="element-list">
      <h3>
        {title} <span className="muted">({items.length})</span>
      </h3>
      <ul>
        {items.slice(0, 12).map(({ selection, label }) => (
          <li key={selection.id}>
            <button className="link" onClick={() => goTo(selection)}>
              {label}
            </button>
          </li>
        ))}
        {items.length > 12 && <li className="muted">… +{items.length - 12}</li>}
      </ul>
    </div>
  );
}

/** The responsible grid of an element: name, code, worker and phone, and "go to grid". */
export function GridCard({ gridId }: { gridId: string | null }) {
  const t = useT();
  const handle = useEngine();
  const language = useViewerState((s) => s.language);
  const cell = gridId ? handle?.data.cellById.get(gridId) : undefined;
  const worker = useCellWorker(cell);
  if (!cell)
    return (
      <div className="grid-card muted">
        {t('grid.responsible')}: {t('grid.none')}
      </div>
    );
  const goToGrid = () => {
    viewerStore.set({ focusedGridId: cell.id });
    void handle?.engine.flyToElement({ type: 'grid', id: cell.id });
  };
  return (
    <div className="grid-card" data-grid={cell.id}>
      <h3>{t('grid.responsible')}</h3>
      <div className="grid-name">{localName(cell, language)}</div>
      <div className="muted">{cell.code}</div>
      {worker && (
        <div className="worker">
          <span data-field="worker">
            {t('field.worker')}: {localName(worker, language)}
          </span>
          <a href={`tel:${worker.phone}`} data-field="phone">
            ☎ {worker.phone}
          </a>
        </div>
      )}
      <button className="primary" data-testid="go-to-grid" onClick={goToGrid}>
        {t('grid.goto')}
      </button>
    </div>
  );
}
