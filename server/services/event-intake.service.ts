import { randomBytes } from 'node:crypto';
import {
  EventSchema,
  type Alert,
  type Event,
  type EventSource,
  type EventTransition,
  type LonLat,
  type Severity,
  type Utility,
} from '../../core/model/index.js';
import {
  applyTransition,
  chooseAssignment,
  hasAssignee,
  slaDueAt,
  utilityOfCategory,
  type EventActor,
} from '../../core/incident/index.js';
import type { CityStore } from '../../store/index.js';
import type { EventPhoto, EventStore } from '../../store/events/index.js';
import { ApiError } from '../errors.js';
import type { CityService } from './city.service.js';
import type { GridService, LocatedCell } from './grid.service.js';

const SYSTEM: EventActor = { id: 'system', role: 'system' };
const SEVERITY_ORDER: readonly Severity[] = ['info', 'minor', 'major', 'critical'];

/** What a new event is made of, whatever its source. */
export interface EventDraft {
  cityId: string;
  source: EventSource;
  category: string;
  title: string;
  description?: string;
  severity: Severity;
  utility: Utility | null;
  location: LonLat;
  /** Who discovered it (a user id, or `system`). */
  actor: EventActor;
  /** A grid cell already known (an alert's); otherwise the location is looked up. */
  gridId?: string | null;
  photo?: EventPhoto;
}

/** A simulation's finding to turn into an event. */
export interface SimulationFinding {
  simulationId: string;
  /** E.g. `burst`, `storm`, `gas-leak`: becomes the category `simulation-<kind>`. */
  kind: string;
  title: string;
  description?: string;
  severity: Severity;
  utility: Utility | null;
  location: LonLat;
  city?: string;
}

/** A new event id: time-ordered and unguessable enough for links (`ev-<base36 ms>-<8 hex>`). */
export function newEventId(nowMs: number): string {
  return `ev-${nowMs.toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * Where events come from: reports, alerts (one open event per sensor and rule) and simulations. Each new event is
 * located to its grid cell and assigned at once to the cell's worker and the crew of the utility concerned.
 */
export class EventIntakeService {
  constructor(
    private readonly store: CityStore,
    private readonly events: EventStore,
    private readonly cities: CityService,
    private readonly grids: GridService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Builds, locates and assigns a new event (not yet stored). */
  async draftEvent(draft: EventDraft): Promise<Event> {
    const now = this.now();
    const located = await this.locate(draft.cityId, draft.location, draft.gridId ?? null);
    const discovered: EventTransition = {
      from: null,
      to: 'discovered',
      actor: draft.actor.id,
      at: now,
      note: draft.description ?? '',
      action: draft.source.kind === 'report' ? 'report' : 'detect',
      ...(draft.photo ? { photoId: draft.photo.id } : {}),
    };
    let event: Event = EventSchema.parse({
      id: newEventId(now),
      source: draft.source,
      category: draft.category,
      title: draft.title,
      description: draft.description ?? '',
      severity: draft.severity,
      utility: draft.utility,
      location: draft.location,
      gridId: located?.cell.id ?? null,
      state: 'discovered',
      createdAt: now,
      updatedAt: now,
      slaDueAt: slaDueAt(draft.severity, now),
      version: 0,
      occurrences: 1,
      transitions: [discovered],
    });
    if (draft.source.kind === 'alert')
      event = this.step(event, { action: 'warn', note: 'raised by a sensor rule' }, now);
    const assignment = chooseAssignment(located?.cell ?? null, located?.crews ?? [], draft.utility);
    if (hasAssignee(assignment)) {
      const who = [
        assignment.worker && `worker ${assignment.worker}`,
        assignment.crewId && `crew ${assignment.crewId}`,
      ].filter(Boolean);
      event = this.step(
        event,
        {
          action: 'assign',
          crewId: assignment.crewId,
          worker: assignment.worker,
          note: `automatic: grid cell ${located!.cell.code} -> ${who.join(', ')}`,
        },
        now,
      );
    }
    return event;
  }

  /** A resident's or worker's report (the caller checked who may report). */
  async report(
    draft: Omit<EventDraft, 'source' | 'actor' | 'cityId' | 'utility'> & {
      city?: string;
      utility?: Utility | null;
      reporterId: string;
    },
  ): Promise<Event> {
    const cityId = await this.cities.resolve(draft.city);
    const event = await this.draftEvent({
      ...draft,
      cityId,
      source: { kind: 'report', reporter: draft.reporterId },
      utility: draft.utility === undefined ? utilityOfCategory(draft.category) : draft.utility,
      actor: { id: draft.reporterId, role: 'viewer' },
    });
    return this.events.create(cityId, event, { photos: draft.photo ? [draft.photo] : [] });
  }

  /**
   * The event of an alert: one open event per sensor and rule. A new alert of a sensor and rule whose event is still
   * open updates that event (latest alert id, highest severity, occurrences + 1, a `repeat` line in its trail) instead
   * of making another.
   */
  async eventFromAlert(alert: Alert, city?: string): Promise<{ event: Event; created: boolean }> {
    const cityId = await this.cities.resolve(city);
    const sensor = alert.sensorId === null ? null : await this.store.getSensor(cityId, alert.sensorId);
    let location: LonLat | null = sensor?.position ?? null;
    if (location === null && alert.gridId !== null)
      location = (await this.store.getGrid(cityId, alert.gridId))?.labelPosition ?? null;
    if (location === null) throw new RangeError(`alert ${alert.id}: neither its sensor nor its grid gives a location`);
    const source: EventSource = { kind: 'alert', alertId: alert.id, sensorId: alert.sensorId, rule: alert.rule };
    const dedupeKey = `alert:${alert.sensorId ?? `simulation:${alert.simulationId ?? alert.id}`}:${alert.rule}`;
    const draft = await this.draftEvent({
      cityId,
      source,
      category: `${sensor?.kind ?? 'sensor'}-alarm`,
      title: alert.message || `${sensor?.name ?? alert.sensorId}: ${alert.rule}`,
      description: alert.message,
      severity: alert.severity,
      utility: sensor?.utility ?? null,
      location,
      gridId: alert.gridId ?? sensor?.gridId ?? null,
      actor: SYSTEM,
    });
    return this.events.upsertOpen(
      cityId,
      dedupeKey,
      () => draft,
      (current) => {
        const now = this.now();
        const severity =
          SEVERITY_ORDER.indexOf(alert.severity) > SEVERITY_ORDER.indexOf(current.severity)
            ? alert.severity
            : current.severity;
        // The same alert again (the bridge reports updates of an open alert): only a higher severity changes the event.
        if (current.source.kind === 'alert' && current.source.alertId === alert.id && severity === current.severity)
          return null;
        const note = `alert ${alert.id} again (${alert.rule}${alert.value === null ? '' : `, value ${alert.value}`})`;
        return {
          ...current,
          source,
          severity,
          updatedAt: now,
          version: current.version + 1,
          slaDueAt: Math.min(current.slaDueAt, slaDueAt(severity, current.createdAt)),
          occurrences: (current.occurrences ?? 1) + 1,
          transitions: [
            ...current.transitions,
            { from: current.state, to: current.state, actor: 'system', at: now, note, action: 'repeat' },
          ],
        };
      },
    );
  }

  /** An event found by a simulation (a burst, a storm, a gas leak). */
  async eventFromSimulation(finding: SimulationFinding): Promise<Event> {
    const cityId = await this.cities.resolve(finding.city);
    const event = await this.draftEvent({
      cityId,
      source: { kind: 'simulation', simulationId: finding.simulationId },
      category: `simulation-${finding.kind}`,
      title: finding.title,
      description: finding.description,
      severity: finding.severity,
      utility: finding.utility,
      location: finding.location,
      actor: SYSTEM,
    });
    return this.events.create(cityId, event);
  }

  private step(event: Event, request: Parameters<typeof applyTransition>[1], now: number): Event {
    const outcome = applyTransition(event, request, SYSTEM, now);
    if (!outcome.ok) throw new Error(`automatic ${request.action} refused: ${outcome.refusal.message}`);
    return outcome.event;
  }

  /** The cell (and its crews) of a known grid id or of a point; null outside every cell. */
  private async locate(cityId: string, location: LonLat, gridId: string | null): Promise<LocatedCell | null> {
    if (gridId !== null) {
      const cell = await this.store.getGrid(cityId, gridId);
      if (cell !== null && cell.level === 'cell') {
        const crews = (await this.store.listCrews(cityId)).filter((c) => cell.crewIds.includes(c.id));
        return { cell, hierarchy: [], worker: cell.worker ?? null, crews };
      }
    }
    try {
      return await this.grids.locate({ city: cityId, lon: location[0], lat: location[1] });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'GT_ERR_OUTSIDE_GRIDS') return null;
      throw err;
    }
  }
}

/**
 * The bridge's `onAlert` hook for the closed loop: a raised or updated alert creates or updates its event (cleared
 * alerts leave the event to its crew, who resolve it).
 *
 * @example
 * await startIot({ ..., onAlert: alertToEventHook(incidents.intake, config.CITY) });
 */
export function alertToEventHook(intake: Pick<EventIntakeService, 'eventFromAlert'>, cityId?: string) {
  return async (alert: Alert, transition: 'raised' | 'updated' | 'cleared'): Promise<void> => {
    if (transition === 'cleared') return;
    await intake.eventFromAlert(alert, cityId);
  };
}
