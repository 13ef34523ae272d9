import { useEffect } from 'react';
import type { LonLat, Utility } from '../../../core/model/index.js';
import type { CityData } from '../../data/city-data.js';
import type { EngineHandle } from '../../engine/engine-context.js';
import type { Incident } from '../../layers/crew-arcs/crew-arcs-data.js';
import { eventsStore, type EventsState } from '../events/events.state.js';
import { simulationStore } from '../simulation/simulation.state.js';

/**
 * What this hook reads of the simulation feature's state (kept structural: that feature evolves on its own, and an
 * older state named one `eventId`, a newer one `eventIds`).
 */
export interface SimulationLike {
  run: { id: string; kind: string; result: Record<string, unknown> } | null;
  eventIds?: readonly string[] | null;
  eventId?: string | null;
}

/** The incident of a simulation run: a burst's pipe (its middle vertex) or a gas leak's source. */
export function simulationIncident(data: CityData, run: NonNullable<SimulationLike['run']>): Incident | null {
  const r = run.result;
  if (run.kind === 'burst' && typeof r.linkId === 'string') {
    const link = data.linkById.get(r.linkId);
    if (!link) return null;
    const mid = link.path[Math.floor(link.path.length / 2)]!;
    return { id: run.id, location: [mid[0], mid[1]], utility: (r.utility as Utility | undefined) ?? link.utility };
  }
  if (run.kind === 'gas-leak' && Array.isArray(r.source) && r.source.length >= 2) {
    return { id: run.id, location: [Number(r.source[0]), Number(r.source[1])] as LonLat, utility: 'gas' };
  }
  return null;
}

/** The incident in focus: the event open in the board, else the event made from the last simulation, else the run. */
export function focusedIncident(data: CityData, events: EventsState, simulation: SimulationLike): Incident | null {
  const byId = (id: string | null | undefined) => (id ? events.events.find((e) => e.id === id) : undefined);
  const fromRun = simulation.run
    ? [...(simulation.eventIds ?? []), simulation.eventId].map(byId).find((e) => e !== undefined)
    : undefined;
  const event = byId(events.selectedId) ?? fromRun;
  if (event) {
    return {
      id: event.id,
      location: event.location,
      utility: event.utility,
      gridId: event.gridId,
      assignedCrewId: event.assignedCrewId,
    };
  }
  return simulation.run ? simulationIncident(data, simulation.run) : null;
}

/**
 * Keeps the crew arcs on the incident in focus (store -> engine, one way): reads the events and simulation stores,
 * never writes them. Redraws only when the incident actually changes.
 */
export function useCrewArcs(handle: EngineHandle | null): void {
  useEffect(() => {
    if (!handle) return;
    const arcs = handle.engine.crewArcs;
    let key = '';
    const update = () => {
      const incident = focusedIncident(handle.data, eventsStore.get(), simulationStore.get() as SimulationLike);
      const next = incident ? JSON.stringify(incident) : '';
      if (next === key) return;
      key = next;
      void arcs.show(incident);
    };
    update();
    const offEvents = eventsStore.subscribe(update);
    const offSimulation = simulationStore.subscribe(update);
    return () => {
      offEvents();
      offSimulation();
    };
  }, [handle]);
}
