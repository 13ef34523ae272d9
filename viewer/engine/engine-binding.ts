import type { Store, ViewerState } from '../state/store.js';
import { LAYER_IDS } from '../state/store.js';
import type { LiveFeed } from '../live/live-feed.js';
import type { SensorState } from './scene-colors.js';
import type { TwinEngine } from './twin-engine.js';
import type { DeckOverlay } from './deck-overlay.js';

/**
 * Keeps the engine in step with the store (store -> engine, one way) and turns engine picks into store selections.
 * Live sensor states go from the feed straight to the engine, once per frame, bypassing React.
 */
export function bindEngine(
  engine: TwinEngine,
  store: Store<ViewerState>,
  live: LiveFeed | null,
  overlay: DeckOverlay | null,
): () => void {
  const apply = (s: ViewerState, p: ViewerState | null) => {
    for (const id of LAYER_IDS) {
      if (id === 'overlay' || id === 'arcs') continue;
      if (!p || s.layers[id] !== p.layers[id]) engine.setLayerVisible(id, s.layers[id]);
    }
    if (overlay && (!p || s.layers.overlay !== p.layers.overlay || s.overlayMeasure !== p.overlayMeasure)) {
      overlay.setMeasure(s.layers.overlay ? s.overlayMeasure : null);
    }
    if (!p || s.layers.arcs !== p.layers.arcs) engine.crewArcs.setVisible(s.layers.arcs);
    if (!p || s.buildingStyle !== p.buildingStyle) engine.setBuildingStyle(s.buildingStyle);
    if (!p || s.language !== p.language) engine.setLanguage(s.language);
    if (!p || s.selection !== p.selection) engine.setSelection(s.selection);
    if (!p || s.underground !== p.underground) engine.setUnderground(s.underground);
    const focus = (x: ViewerState) => x.focusedGridId ?? (x.selection?.type === 'grid' ? x.selection.id : null);
    if (!p || focus(s) !== focus(p) || s.focusedGridId !== p.focusedGridId) {
      // Only "go to grid" makes the ground transparent; a clicked cell is just outlined.
      engine.setFocusedGrid(focus(s), s.focusedGridId === null);
    }
    if (!p || s.tool !== p.tool) engine.setTool(s.tool);
  };
  apply(store.get(), null);
  const unsubscribe = store.subscribe(apply);
  const offSelect = engine.onSelect((selection) => {
    const s = store.get();
    store.set({
      selection,
      focusedGridId: selection && s.focusedGridId ? s.focusedGridId : null,
      facilityNodeId: null,
    });
  });
  const offLive = live?.onFrame((changed) => {
    const states = new Map<string, SensorState>();
    for (const [id, v] of changed) states.set(id, v.state);
    engine.setSensorStates(states);
  });
  return () => {
    unsubscribe();
    offSelect();
    offLive?.();
  };
}
