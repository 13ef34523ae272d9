import type { EventSummary, IngestStatsAnswer } from '../../core/contracts/index.js';
import type { Crew, Grid } from '../../core/model/index.js';

/**
 * What an anonymous reader sees in public read-only mode: the twin without personal data. Phones and names of grid
 * workers, crew phones, reporters, the citizen's own words (description, and the title made from it), the assigned
 * worker, and raw payload previews of rejected MQTT messages (they may carry anything a device sent) are removed.
 */

/** A grid without its worker (name and phone are a person's). */
export function publicGrid<G extends Pick<Grid, 'worker'>>(grid: G): Omit<G, 'worker'> {
  const { worker: _worker, ...rest } = grid;
  return rest;
}

/** A crew without its phone. */
export function publicCrew(crew: Crew): Omit<Crew, 'phone'> {
  const { phone: _phone, ...rest } = crew;
  return rest;
}

/** An event without who reported it, the citizen's text, or the worker assigned. */
export function publicEvent(event: EventSummary): EventSummary {
  const report = event.source.kind === 'report';
  return {
    ...event,
    source: report ? { kind: 'report', reporter: '' } : event.source,
    // A report's title is made from its description (events.routes.ts): keep the category only.
    title: report ? `${event.category}: reported` : event.title,
    description: '',
    assignedWorker: null,
  };
}

/** Ingest counters without the rejected payloads' previews. */
export function publicIngestStats(stats: IngestStatsAnswer): IngestStatsAnswer {
  return stats.bridge === 'in-process' ? { ...stats, lastRejections: [] } : stats;
}
