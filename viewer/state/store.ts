import { useSyncExternalStore } from 'react';
import type { Utility } from '../../core/model/index.js';
import { UTILITIES } from '../../core/model/index.js';

/** What can be selected in the scene; `id` is the model id shared by the API, tiles and MQTT. */
export interface Selection {
  type: 'building' | 'node' | 'link' | 'sensor' | 'grid';
  id: string;
}

/** Scene layers the layer panel toggles. Each utility network is a layer of its own. */
export type LayerId = 'basemap' | 'buildings' | `network:${Utility}` | 'sensors' | 'grids' | 'overlay' | 'arcs';

/** The analytic measures the deck.gl overlay can show. */
export type OverlayMeasure = 'population' | 'sensors' | 'buildings';

/** Measurement tools. */
export type MeasureTool = 'none' | 'distance' | 'area' | 'height' | 'depth';

/** The viewer's plain, serialisable state. Engine objects never live here (they stay in refs inside viewer/engine). */
export interface ViewerState {
  language: 'en' | 'zh';
  layers: Record<LayerId, boolean>;
  buildingStyle: 'height' | 'use';
  selection: Selection | null;
  underground: { enabled: boolean; groundAlpha: number };
  overlayMeasure: OverlayMeasure;
  /** The grid cell outlined by "go to grid" (its ground is made transparent). */
  focusedGridId: string | null;
  tool: MeasureTool;
  /** A node shown in the three.js facility view. */
  facilityNodeId: string | null;
}

/** All layer ids, in the panel's order. */
export const LAYER_IDS: readonly LayerId[] = [
  'basemap',
  'buildings',
  ...UTILITIES.map((u) => `network:${u}` as const),
  'sensors',
  'grids',
  'overlay',
  'arcs',
];

const LANGUAGE_KEY = 'gridtwin.language';

function initialLanguage(): 'en' | 'zh' {
  const saved = globalThis.localStorage?.getItem(LANGUAGE_KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return globalThis.navigator?.language?.startsWith('zh') ? 'zh' : 'en';
}

/** The state a fresh viewer opens with. */
export function initialViewerState(): ViewerState {
  const layers = Object.fromEntries(LAYER_IDS.map((id) => [id, id !== 'overlay'])) as Record<LayerId, boolean>;
  return {
    language: initialLanguage(),
    layers,
    buildingStyle: 'height',
    selection: null,
    underground: { enabled: false, groundAlpha: 0.35 },
    overlayMeasure: 'population',
    focusedGridId: null,
    tool: 'none',
    facilityNodeId: null,
  };
}

/** A minimal observable store: plain state, replaced (never mutated) on every change. */
export interface Store<S> {
  get(): S;
  set(update: Partial<S> | ((s: S) => Partial<S>)): void;
  subscribe(listener: (state: S, previous: S) => void): () => void;
}

/** Creates a store holding `initial`. */
export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<(state: S, previous: S) => void>();
  return {
    get: () => state,
    set(update) {
      const previous = state;
      const patch = typeof update === 'function' ? update(state) : update;
      state = { ...state, ...patch };
      for (const l of listeners) l(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The viewer's one store. The language is remembered in localStorage. */
export const viewerStore = createStore<ViewerState>(initialViewerState());
viewerStore.subscribe((s, p) => {
  if (s.language !== p.language) globalThis.localStorage?.setItem(LANGUAGE_KEY, s.language);
  if (s.language !== p.language) document.documentElement.lang = s.language === 'zh' ? 'zh-CN' : 'en';
});

/** React hook: the part of the viewer state `select` picks; re-renders only when that part changes. */
export function useViewerState<T>(select: (s: ViewerState) => T): T {
  return useSyncExternalStore(viewerStore.subscribe, () => select(viewerStore.get()));
}

/** Actions on the viewer store, so components do not spell out state shapes. */
export const actions = {
  select(selection: Selection | null) {
    viewerStore.set({ selection });
  },
  toggleLayer(id: LayerId) {
    viewerStore.set((s) => ({ layers: { ...s.layers, [id]: !s.layers[id] } }));
  },
  setUnderground(patch: Partial<ViewerState['underground']>) {
    viewerStore.set((s) => ({ underground: { ...s.underground, ...patch } }));
  },
  setLanguage(language: 'en' | 'zh') {
    viewerStore.set({ language });
  },
};
