import { createContext, useContext } from 'react';
import type { CityData } from '../data/city-data.js';
import type { LiveFeed } from '../live/live-feed.js';
import type { DeckOverlay } from './deck-overlay.js';
import type { TwinEngine } from './twin-engine.js';

/** What panels may reach: the engine's narrow interface, the overlay, the live feed and the loaded data. */
export interface EngineHandle {
  engine: TwinEngine;
  overlay: DeckOverlay;
  live: LiveFeed;
  data: CityData;
}

export const EngineContext = createContext<EngineHandle | null>(null);

/** The engine handle, or null while the scene is being built. */
export function useEngine(): EngineHandle | null {
  return useContext(EngineContext);
}
