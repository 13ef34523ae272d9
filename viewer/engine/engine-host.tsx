import { useEffect } from 'react';
import { useCesium } from 'resium';
import type { CityData } from '../data/city-data.js';
import { LiveFeed } from '../live/live-feed.js';
import { viewerStore } from '../state/store.js';
import type { SensorState } from './scene-colors.js';
import { bindEngine } from './engine-binding.js';
import type { EngineHandle } from './engine-context.js';
import { TwinEngine } from './twin-engine.js';

export interface EngineHostProps {
  data: CityData;
  /** Called with the engine once built, and with null when it is torn down. */
  onReady: (handle: EngineHandle | null) => void;
}

/**
 * Lives inside resium's <Viewer> (stack-facts: scene setup in a child using useCesium). Builds the engine, the
 * deck.gl overlay and the live feed for the Viewer it is given, binds them to the store, and frees them all when
 * the Viewer goes (StrictMode builds it twice in development: nothing of the first one is kept).
 */
export function EngineHost({ data, onReady }: EngineHostProps) {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const s = viewerStore.get();
    const engine = new TwinEngine(viewer, data, { language: s.language, buildingStyle: s.buildingStyle });
    const overlay = engine.overlay;
    const live = new LiveFeed();
    const unbind = bindEngine(engine, viewerStore, live, overlay);
    const offOverlayStates = live.onFrame(() => {
      if (!viewerStore.get().layers.overlay) return;
      const states = new Map<string, SensorState>();
      for (const sensor of data.sensors) states.set(sensor.id, live.get(sensor.id)?.state ?? 'unknown');
      overlay.setSensorStates(states);
    });
    live.start();
    onReady({ engine, overlay, live, data });
    return () => {
      onReady(null);
      offOverlayStates();
      unbind();
      live.stop();
      overlay.destroy();
      engine.destroy();
    };
  }, [viewer, data, onReady]);
  return null;
}
