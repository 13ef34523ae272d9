import { useEffect, useRef, useState } from 'react';
import { api, type SearchHit } from '../../api/api-client.js';
import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { useViewerState, viewerStore } from '../../state/store.js';
import { elementName } from '../inspector/element-name.js';
import { flyAboveSheet, sheetInsetPx } from '../layout/bottom-sheet.js';

/** Wait this long after a keystroke before asking the server (ms). */
const DEBOUNCE_MS = 150;

/** Search as you type (addresses, names in zh or en, ids, grid codes); choosing a hit flies there and selects it. */
export function SearchBox() {
  const t = useT();
  const handle = useEngine();
  const language = useViewerState((s) => s.language);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [active, setActive] = useState(0);
  const abort = useRef<AbortController | null>(null);
  // The label put in the box after a choice is not a new query.
  const chosen = useRef<string | null>(null);

  useEffect(() => {
    const text = q.trim();
    if (!text || q === chosen.current) {
      setHits(null);
      return;
    }
    const timer = setTimeout(() => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      api
        .search(text, controller.signal)
        .then((page) => {
          setHits(page.items);
          setActive(0);
        })
        .catch(() => {
          /* superseded or failed: keep the previous list */
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q]);

  // The server labels a hit in one language; an element the city data knows is named in the reader's.
  const hitLabel = (hit: SearchHit) =>
    (handle?.data && elementName(handle.data, { type: hit.type, id: hit.id }, language)) ?? hit.label;
  const choose = (hit: SearchHit) => {
    setHits(null);
    const label = hitLabel(hit);
    chosen.current = label;
    setQ(label);
    const known =
      handle?.data &&
      (hit.type === 'building'
        ? handle.data.buildingById.has(hit.id)
        : hit.type === 'link'
          ? handle.data.linkById.has(hit.id)
          : hit.type === 'node'
            ? handle.data.nodeById.has(hit.id)
            : hit.type === 'sensor'
              ? handle.data.sensorById.has(hit.id)
              : handle.data.cellById.has(hit.id));
    if (known) {
      viewerStore.set({ selection: { type: hit.type, id: hit.id }, facilityNodeId: null });
      if (hit.type === 'link' || hit.type === 'node') {
        // A buried element is only visible (and clickable) with the ground see-through.
        viewerStore.set((s) => ({ underground: { ...s.underground, enabled: true } }));
      }
      void flyAboveSheet(handle!, { type: hit.type, id: hit.id });
    } else {
      void handle?.engine.flyTo({
        lonDeg: hit.position[0],
        latDeg: hit.position[1],
        rangeM: 600,
        bottomInsetPx: sheetInsetPx(),
      });
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (!hits?.length) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(hits[active]!);
    }
  };

  return (
    <div className="search">
      <input
        data-testid="search"
        type="search"
        value={q}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {hits && (
        <ul className="search-results" role="listbox">
          {hits.length === 0 && <li className="muted">{t('search.none')}</li>}
          {hits.map((hit, i) => (
            <li
              key={`${hit.type}:${hit.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(hit);
              }}
              data-hit={hit.id}
            >
              <span className={`hit-type ${hit.type}`}>{t(`inspector.${hit.type}`)}</span>
              <span className="hit-label">{hitLabel(hit)}</span>
              {hit.matched === 'id' && <span className="hit-id muted">{hit.id}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
