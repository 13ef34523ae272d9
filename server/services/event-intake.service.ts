import { randomBytes } from 'node:crypto';
import {
  EventSchema,
  type Alert,
  type Event,
  type EventSource,
  type EventTransition,
  type LonLat,
  type Sensor,
  type Severity,
  type Utility,
} from '../../core/model/index.js';
import {
  alertEventKey,
  applyTransition,
  chooseAssignment,
  DEFAULT_DROPOUT_EVENT_AFTER_S,
  isDropout,
  maxSeverity,
  mayOpenEvent,
  renderTitle,
  splitBilingual,
  type TitleTemplate,
  hasAssignee,
  slaDueAt,
  utilityOfCategory,
  type EventActor,
} from '../../core/incident/index.js';
import type { CityStore } from '../../store/index.js';
import type { EventPhoto, EventStore } from '../../store/events/index.js';
import type { AlertsStore } from '../../store/readings/index.js';
import { ApiError } from '../errors.js';
import type { CityService } from './city.service.js';
import type { GridService, LocatedCell } from './grid.service.js';

const SYSTEM: EventActor = { id: 'system', role: 'system' };

/** What a new event is made of, whatever its source. */
export interface EventDraft {
  cityId: string;
  source: EventSource;
  category: string;
  title: string;
  titleTemplate?: TitleTemplate;
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
  /** The title in English, stored as the event's title (clients that know no templates show it). */
  title: string;
  /** The title as a `sim.*` template (core/incident/event-title), so each reader sees it in their language. */
  titleTemplate?: TitleTemplate;
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
 * Where events come from: reports, alerts (one open event per sensor) and simulations. Each new event is
 * located to its grid cell and assigned at once to the cell's worker and the crew of the utility concerned.
 */
export class EventIntakeService {
  constructor(
    private readonly store: CityStore,
    private readonly events: EventStore,
    private readonly cities: CityService,
    private readonly grids: GridService,
    private readonly alerts: Pick<AlertsStore, 'listOpen'>,
    private readonly now: () => number = Date.now,
    /** How long a dropout (stale/offline) lasts before it becomes an event, ms. */
    private readonly dropoutEventAfterMs: number = DEFAULT_DROPOUT_EVENT_AFTER_S * 1000,
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
      ...(draft.titleTemplate ? { titleTemplate: draft.titleTemplate } : {}),
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
   * The event of an alert (core/incident/alert-event-policy.ts): one open event per sensor. A further alert of that
   * sensor while its event is open attaches to it (alert id listed, occurrences + 1, severity and SLA raised when
   * higher, an `attach` line in its trail; a `recovered` event relapses and is assigned again). A dropout opens no
   * event before `dropoutEventAfterMs`: answers null then, unless the sensor's open event took it.
   */
  async eventFromAlert(alert: Alert, city?: string): Promise<{ event: Event; created: boolean } | null> {
    const cityId = await this.cities.resolve(city);
    const sensor = alert.sensorId === null ? null : await this.store.getSensor(cityId, alert.sensorId);
    let location: LonLat | null = sensor?.position ?? null;
    if (location === null && alert.gridId !== null)
      location = (await this.store.getGrid(cityId, alert.gridId))?.labelPosition ?? null;
    if (location === null) throw new RangeError(`alert ${alert.id}: neither its sensor nor its grid gives a location`);
    const source: EventSource = { kind: 'alert', alertId: alert.id, sensorId: alert.sensorId, rule: alert.rule };
    const key = alertEventKey(alert);
    const gridId = alert.gridId ?? sensor?.gridId ?? null;
    const titleTemplate = await this.alertTitle(cityId, alert, sensor, gridId);
    const title = renderTitle(titleTemplate, 'en') ?? (alert.message || `${alert.sensorId}: ${alert.rule}`);
    const attach = (current: Event): Event | null => {
      const now = this.now();
      const severity = maxSeverity(alert.severity, current.severity);
      const known = current.alertIds ?? (current.source.kind === 'alert' ? [current.source.alertId] : []);
      const seen = known.includes(alert.id);
      // The same alert again (the bridge reports updates of an open alert): only a higher severity changes the event.
      if (seen && severity === current.severity && current.state !== 'recovered') return null;
      const escalated = severity !== current.severity;
      const note =
        `alert ${alert.id} (${alert.rule}${alert.value === null ? '' : `, value ${alert.value}`})` +
        (seen ? ' again' : ' attached') +
        (escalated ? `; severity ${current.severity} -> ${severity}` : '');
      let next: Event = {
        ...current,
        source,
        severity,
        ...(escalated || !seen ? { title, titleTemplate } : {}),
        updatedAt: now,
        version: current.version + 1,
        slaDueAt: Math.min(current.slaDueAt, slaDueAt(severity, current.createdAt)),
        occurrences: (current.occurrences ?? 1) + (seen ? 0 : 1),
        alertIds: seen ? known : [...known, alert.id],
        transitions: [
          ...current.transitions,
          {
            from: current.state,
            to: current.state,
            actor: 'system',
            at: now,
            note,
            action: escalated ? 'escalate-severity' : seen ? 'repeat' : 'attach',
          },
        ],
      };
      if (next.state === 'recovered') {
        next = this.step(next, { action: 'relapse', note: `alert ${alert.id} raised again` }, now);
        if (next.assignedCrewId !== null || next.assignedWorker !== null)
          next = this.step(next, { action: 'assign', note: 'automatic: back to its crew' }, now);
      }
      return next;
    };
    if (!mayOpenEvent(alert, this.now(), this.dropoutEventAfterMs)) {
      const event = await this.events.updateOpen(cityId, key, attach);
      return event === null ? null : { event, created: false };
    }
    const draft = await this.draftEvent({
      cityId,
      source,
      category: `${sensor?.kind ?? 'sensor'}-alarm`,
      title,
      titleTemplate,
      description: alert.message,
      severity: alert.severity,
      utility: sensor?.utility ?? null,
      location,
      gridId,
      actor: SYSTEM,
    });
    return this.events.upsertOpen(cityId, key, () => ({ ...draft, alertIds: [alert.id] }), attach);
  }

  /**
   * A cleared alert: when its sensor has no open alert left, the sensor's open event is marked `recovered` for its
   * crew to confirm. Answers the event so marked, or null.
   */
  async recoverFromAlert(alert: Alert, city?: string): Promise<Event | null> {
    if (alert.sensorId === null) return null;
    const cityId = await this.cities.resolve(city);
    const open = await this.alerts.listOpen(cityId);
    if (open.some((a) => a.sensorId === alert.sensorId && a.id !== alert.id)) return null;
    let recovered: Event | null = null;
    await this.events.updateOpen(cityId, alertEventKey(alert), (current) => {
      if (current.state === 'recovered') return null;
      const now = this.now();
      recovered = this.step(
        current,
        { action: 'recover', note: `alert ${alert.id} (${alert.rule}) cleared: ${alert.message}; crew to confirm` },
        now,
      );
      return recovered;
    });
    return recovered;
  }

  /**
   * Dropouts that lasted `dropoutEventAfterMs` without recovery become events (or attach to their sensor's open
   * one); each alert at most once, whatever became of its event. Run it on a timer; answers the events it touched.
   */
  async promoteDropouts(city?: string): Promise<Event[]> {
    const cityId = await this.cities.resolve(city);
    const now = this.now();
    const out: Event[] = [];
    for (const alert of await this.alerts.listOpen(cityId)) {
      if (!isDropout(alert.rule) || !mayOpenEvent(alert, now, this.dropoutEventAfterMs)) continue;
      if (await this.events.hasEventForAlert(cityId, alert.id)) continue;
      const done = await this.eventFromAlert(alert, cityId);
      if (done) out.push(done.event);
    }
    return out;
  }

  /** The title of an alert's event: its sensor's name, utility and place, value and limit with unit. */
  private async alertTitle(
    cityId: string,
    alert: Alert,
    sensor: Sensor | null,
    gridId: string | null,
  ): Promise<TitleTemplate> {
    const name = splitBilingual(sensor?.name);
    const grid = gridId === null ? null : await this.store.getGrid(cityId, gridId);
    return {
      key: `alert.${alert.rule}`,
      params: {
        sensorId: alert.sensorId,
        sensorZh: name.zh,
        sensorEn: name.en,
        utility: sensor?.utility ?? null,
        placeZh: grid?.name ?? null,
        placeEn: grid?.nameEn ?? grid?.name ?? null,
        value: alert.value,
        limit: alert.threshold,
        unit: sensor?.unit ?? null,
      },
    };
  }

  /** An event found by a simulation (a burst, a storm, a gas leak). */
  async eventFromSimulation(finding: SimulationFinding): Promise<Event> {
    const cityId = await this.cities.resolve(finding.city);
    const event = await this.draftEvent({
      cityId,
      source: { kind: 'simulation', simulationId: finding.simulationId },
      category: `simulation-${finding.kind}`,
      title: finding.title,
      ...(finding.titleTemplate ? { titleTemplate: finding.titleTemplate } : {}),
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
 * The bridge's `onAlert` hook for the closed loop: a raised or updated alert creates or updates its sensor's event
 * (dropouts only once they last); a cleared alert marks the event `recovered` when its sensor has no open alert left.
 *
 * @example
 * await startIot({ ..., onAlert: alertToEventHook(incidents.intake, config.CITY) });
 */
export function alertToEventHook(
  intake: Pick<EventIntakeService, 'eventFromAlert' | 'recoverFromAlert'>,
  cityId?: string,
) {
  return async (alert: Alert, transition: 'raised' | 'updated' | 'cleared'): Promise<void> => {
    if (transition === 'cleared') await intake.recoverFromAlert(alert, cityId);
    else await intake.eventFromAlert(alert, cityId);
  };
}

/** A running dropout timer. */
export interface DropoutTimer {
  stop(): void;
}

/** Runs `promoteDropouts` every `intervalMs` (default 30 s; never overlapping, errors logged, process not held). */
export function startDropoutTimer(
  intake: Pick<EventIntakeService, 'promoteDropouts'>,
  options: { cityId?: string; intervalMs?: number; log?: (line: string) => void } = {},
): DropoutTimer {
  const log = options.log ?? (() => undefined);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const e of await intake.promoteDropouts(options.cityId))
        log(`sensor dropout lasted: event ${e.id} (${e.title})`);
    } catch (err) {
      log(`dropout check failed: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const handle = setInterval(() => void tick(), options.intervalMs ?? 30_000);
  handle.unref();
  return { stop: () => clearInterval(handle) };
}
