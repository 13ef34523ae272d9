import { SimulationEventsSchema, SimulationRunSchema } from '../../../core/contracts/index.js';
import { requestJson } from '../../api/request.js';
import { simulationStore } from './simulation.state.js';

/** One wind period of a gas leak (minutes after the start, or an ISO time). */
export interface WindPeriodRequest {
  minute?: number;
  at?: string;
  speedMs: number;
  directionDeg: number;
  stability?: string;
}

/** Body of POST /api/simulations (see server/simulation/simulation-request.ts). */
export type SimulationRequest =
  | { kind: 'burst'; linkId: string; withEmitter?: boolean; startTime?: string }
  | {
      kind: 'gas-leak';
      linkId?: string;
      nodeId?: string;
      rateKgS: number;
      windSpeedMs?: number;
      windFromDeg?: number;
      stability: string;
      wind?: WindPeriodRequest[];
      startTime?: string;
    }
  | {
      kind: 'storm';
      utility: 'storm' | 'sewer';
      returnPeriodYears?: number;
      durationMin: number;
      rain?: { source: 'gauges'; from?: string; to?: string };
      startTime?: string;
    };

/** Runs a simulation as the logged-in user and keeps the result in {@link simulationStore}. */
export async function runSimulation(request: SimulationRequest): Promise<void> {
  simulationStore.set({ running: true, error: null, eventIds: null, eventId: null, playing: false });
  try {
    const run = await requestJson(SimulationRunSchema, '/api/simulations', { method: 'POST', body: request });
    simulationStore.set({ running: false, run, frame: 0 });
  } catch (err) {
    simulationStore.set({ running: false, error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Creates the run's events (POST /api/simulations/:id/events as the logged-in user): one per affected grid cell,
 * located and assigned by the server; calling again answers the same events.
 */
export async function createEventsFromRun(runId: string): Promise<void> {
  try {
    const answer = await requestJson(SimulationEventsSchema, `/api/simulations/${encodeURIComponent(runId)}/events`, {
      method: 'POST',
    });
    simulationStore.set({ eventIds: answer.items.map((e) => e.id), eventId: answer.items[0]?.id ?? null });
  } catch (err) {
    simulationStore.set({ error: err instanceof Error ? err.message : String(err) });
  }
}
