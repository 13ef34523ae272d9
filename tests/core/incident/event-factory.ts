import {
  EventSchema,
  type Event,
  type EventSource,
  type EventState,
  type Severity,
} from '../../../core/model/index.js';
import { slaDueAt } from '../../../core/incident/index.js';

/** One hour in ms. */
export const H = 3600_000;

/**
 * An event for tests: `steps` are [state, atMs] after the discovery at `createdAt`; the event's state is the last.
 */
export function makeEvent(options: {
  id: string;
  createdAt: number;
  severity?: Severity;
  gridId?: string | null;
  source?: EventSource;
  steps?: [EventState, number][];
  assignedCrewId?: string | null;
}): Event {
  const severity = options.severity ?? 'major';
  let state: EventState = 'discovered';
  const transitions = [
    { from: null, to: 'discovered' as EventState, actor: 'system', at: options.createdAt, note: '' },
  ];
  for (const [to, at] of options.steps ?? []) {
    transitions.push({ from: state as never, to, actor: 'u', at, note: '' });
    state = to;
  }
  return EventSchema.parse({
    id: options.id,
    source: options.source ?? { kind: 'report', reporter: 'u-r' },
    category: 'water-leak',
    title: 't',
    severity,
    location: [121.5, 31.2],
    gridId: options.gridId === undefined ? 'cell-a' : options.gridId,
    state,
    assignedCrewId: options.assignedCrewId ?? null,
    createdAt: options.createdAt,
    updatedAt: options.createdAt,
    slaDueAt: slaDueAt(severity, options.createdAt),
    transitions,
  });
}
