import { useSyncExternalStore } from 'react';
import { createStore } from '../../state/store.js';

/** The last simulation run from the viewer: its request kind, the API's result, and the playback position. */
export interface SimulationViewState {
  running: boolean;
  error: string | null;
  run: { id: string; kind: 'burst' | 'storm' | 'gas-leak'; result: Record<string, unknown> } | null;
  /** Playback: index into the run's time steps (`result.time.stepsMin`: storm frames, hydraulic or wind periods). */
  frame: number;
  /** Whether the timeline is playing. */
  playing: boolean;
  /** Ids of the events created from this run (one per affected grid cell). */
  eventIds: string[] | null;
  /** The first of `eventIds` (kept for readers written when a run made a single event). */
  eventId: string | null;
}

/** Store of the simulation feature (independent of the viewer store, like the events feature's). */
export const simulationStore = createStore<SimulationViewState>({
  running: false,
  error: null,
  run: null,
  frame: 0,
  playing: false,
  eventIds: null,
  eventId: null,
});

/** React hook: the simulation feature's state. */
export function useSimulation(): SimulationViewState {
  return useSyncExternalStore(simulationStore.subscribe, simulationStore.get);
}
