import type { Utility } from '../../../core/model/index.js';
import { authJson } from '../auth/auth.state.js';
import { simulationStore } from './simulation.state.js';

/** Body of POST /api/simulations (see server/services/simulation.service.ts). */
export type SimulationRequest =
  | { kind: 'burst'; linkId: string; withEmitter?: boolean }
  | { kind: 'gas-leak'; linkId?: string; nodeId?: string; rateKgS: number; windSpeedMs: number; windFromDeg: number; stability: string }
  | { kind: 'storm'; utility: 'storm' | 'sewer'; returnPeriodYears: number; durationMin: number };

/** Runs a simulation as the logged-in user and keeps the result in {@link simulationStore}. */
export async function runSimulation(request: SimulationRequest): Promise<void> {
  simulationStore.set({ running: true, error: null, eventId: null });
  try {
    const run = await authJson<{ id: string; kind: 'burst' | 'storm' | 'gas-leak'; result: Record<string, unknown> }>('/api/simulations', { method: 'POST', body: request });
    simulationStore.set({ running: false, run, frame: 0 });
  } catch (err) {
    simulationStore.set({ running: false, error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Reports the simulated incident as an event (POST /api/events as the logged-in user): the server locates it to its
 * grid cell and assigns it to that grid's crew.
 */
export async function createEventFromRun(input: { lonLat: [number, number]; category: string; title: string; description: string; utility?: Utility }): Promise<void> {
  try {
    const event = await authJson<{ id: string }>('/api/events', {
      method: 'POST',
      body: { lon: input.lonLat[0], lat: input.lonLat[1], category: input.category, title: input.title, description: input.description, severity: 'major', ...(input.utility ? { utility: input.utility } : {}) },
    });
    simulationStore.set({ eventId: event.id });
  } catch (err) {
    simulationStore.set({ error: err instanceof Error ? err.message : String(err) });
  }
}
