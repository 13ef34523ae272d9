import { useSyncExternalStore } from 'react';
import { createStore } from '../../state/store.js';

/** The last simulation run from the viewer: its request kind, the API's result, and the playback frame. */
export interface SimulationViewState {
  running: boolean;
  error: string | null;
  run: { id: string; kind: 'burst' | 'storm' | 'gas-leak'; result: Record<string, unknown> } | null;
  /** Storm playback: index into the result's timeline. */
  frame: number;
  /** Id of the event created from this run. */
  eventId: string | null;
}

/** Store of the simulation feature (independent of the viewer store, like the events feature's). */
export const simulationStore = createStore<SimulationViewState>({ running: false, error: null, run: null, frame: 0, eventId: null });

/** React hook: the simulation feature's state. */
export function useSimulation(): SimulationViewState {
  return useSyncExternalStore(simulationStore.subscribe, simulationStore.get);
}
