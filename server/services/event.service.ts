import type { Event, EventSource, EventState, Severity, User } from '../../core/model/index.js';
import {
  applyTransition,
  canActOnEvent,
  canSeeEvent,
  EVENT_ACTIONS,
  missingSignOffs,
  type TransitionRequest,
} from '../../core/incident/index.js';
import type { CityStore, Page } from '../../store/index.js';
import type { EventPhoto, EventStore, EventSummary } from '../../store/events/index.js';
import { userStoreOf, type UserStore } from '../../store/users/index.js';
import { ApiError, apiErrors } from '../errors.js';
import type { CityService } from './city.service.js';
import { rankAssignees, type EventAssignees } from './event-assignees.js';

/** Filters of the events list. */
export interface EventListQuery {
  city?: string;
  state?: EventState | 'open';
  grid?: string;
  source?: EventSource['kind'];
  severity?: Severity;
  /** Only the caller's own reports. */
  mine?: boolean;
  limit: number;
  offset: number;
}

/** A transition request from the API, with the version the caller last saw. */
export interface TransitionCommand extends TransitionRequest {
  expectedVersion?: number;
}

const notFound = (id: string) => new ApiError('GT_ERR_EVENT_NOT_FOUND', `no event ${id}`);

/** Reading and moving events, with the permission rules of core/incident applied to the caller. */
export class EventService {
  constructor(
    private readonly store: CityStore,
    private readonly events: EventStore,
    private readonly cities: CityService,
    private readonly now: () => number = Date.now,
    /** Accounts, for the assignment candidates (default: the users of `store`'s database). */
    private readonly users: Pick<UserStore, 'list'> = userStoreOf(store),
  ) {}

  /** Events the user may see, newest first. A `grid` of any level takes the cells under it. */
  async list(user: User, query: EventListQuery): Promise<Page<EventSummary>> {
    const cityId = await this.cities.resolve(query.city);
    const gridIds = query.grid === undefined ? undefined : await this.cellIdsUnder(cityId, query.grid);
    return this.events.list(cityId, {
      state: query.state,
      gridIds,
      source: query.source,
      severity: query.severity,
      limit: query.limit,
      offset: query.offset,
      ...(query.mine ? { reporter: user.id } : {}),
      ...(user.role === 'crew' ? { scope: { crewId: user.crewId, gridIds: user.gridIds, reporter: user.id } } : {}),
    });
  }

  /** One event with its audit trail; 403 with the reason when the user may not see it. */
  async get(user: User, id: string): Promise<Event> {
    const found = await this.events.get(id);
    if (found === null) throw notFound(id);
    const permission = canSeeEvent(user, found.event);
    if (!permission.ok) throw new ApiError('GT_ERR_FORBIDDEN', permission.reason);
    return found.event;
  }

  /**
   * Moves an event on. Runs under the event's row lock: the state machine, the role and scope rules and
   * `expectedVersion` are all checked against the current record, so of two concurrent requests the second sees the
   * first one's result (and is refused if it no longer fits) and no step is lost.
   */
  async transition(user: User, id: string, command: TransitionCommand, photo?: EventPhoto): Promise<Event> {
    const { expectedVersion, ...request } = command;
    const before = await this.events.get(id);
    if (before === null) throw notFound(id);
    const seen = canSeeEvent(user, before.event);
    if (!seen.ok) throw new ApiError('GT_ERR_FORBIDDEN', seen.reason);
    if (typeof request.crewId === 'string') {
      const crews = await this.store.listCrews(before.cityId);
      if (!crews.some((c) => c.id === request.crewId))
        throw apiErrors.badRequest(`crewId ${request.crewId} is not a crew of city ${before.cityId}`);
    }
    const updated = await this.events.update(
      id,
      (current) => {
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          throw new ApiError(
            'GT_ERR_VERSION_CONFLICT',
            `event ${id} is at version ${current.version} (state ${current.state}), not ${expectedVersion}: reload it`,
          );
        }
        const outcome = applyTransition(
          current,
          { ...request, ...(photo ? { photoId: photo.id } : {}) },
          { id: user.id, role: user.role },
          this.now(),
        );
        if (!outcome.ok) {
          const { code, message } = outcome.refusal;
          if (code === 'forbidden') throw new ApiError('GT_ERR_FORBIDDEN', message);
          if (code === 'not-allowed') throw new ApiError('GT_ERR_TRANSITION_NOT_ALLOWED', `event ${id}: ${message}`);
          throw apiErrors.badRequest(message);
        }
        const scope = canActOnEvent(user, current, outcome.action);
        if (!scope.ok) throw new ApiError('GT_ERR_FORBIDDEN', scope.reason);
        const missing = outcome.action.action === 'close' ? missingSignOffs(current) : [];
        if (missing.length > 0)
          throw new ApiError(
            'GT_ERR_SIGN_OFF_MISSING',
            `dig permit ${id} still needs the sign-off of: ${missing.join(', ')} (POST /api/excavations/${id}/sign-off)`,
          );
        return outcome.event;
      },
      photo ? [photo] : [],
    );
    if (updated === null) throw notFound(id);
    return updated;
  }

  /**
   * Who the event may be assigned to: grid workers and crews ranked for it (see rankAssignees). Only for roles that
   * may assign or reassign (403 with the reason otherwise), since it lists people and their phones.
   */
  async assignees(user: User, id: string): Promise<EventAssignees> {
    const found = await this.events.get(id);
    if (found === null) throw notFound(id);
    const seen = canSeeEvent(user, found.event);
    if (!seen.ok) throw new ApiError('GT_ERR_FORBIDDEN', seen.reason);
    const assigners = new Set(
      EVENT_ACTIONS.filter((a) => a.action === 'assign' || a.action === 'reassign').flatMap((a) => a.roles),
    );
    if (!assigners.has(user.role)) {
      const allowed = [...assigners].filter((r) => r !== 'system').join(', ');
      throw new ApiError(
        'GT_ERR_FORBIDDEN',
        `role ${user.role} may not assign events, so it is not shown who to (allowed: ${allowed})`,
      );
    }
    const { event, cityId } = found;
    const [cell, crews, users] = await Promise.all([
      event.gridId === null ? null : this.store.getGrid(cityId, event.gridId),
      this.store.listCrews(cityId),
      this.users.list(),
    ]);
    return rankAssignees(event, cell, crews, users);
  }

  /** A photo of an event the user may see. */
  async photo(user: User, eventId: string, photoId: string): Promise<EventPhoto> {
    await this.get(user, eventId);
    const photo = await this.events.getPhoto(eventId, photoId);
    if (photo === null) throw new ApiError('GT_ERR_PHOTO_NOT_FOUND', `event ${eventId} has no photo ${photoId}`);
    return photo;
  }

  /** Ids of the cells at or under a grid of any level (404 for an unknown grid). */
  async cellIdsUnder(cityId: string, gridId: string): Promise<string[]> {
    const grids = (await this.store.listGrids(cityId)).items;
    if (!grids.some((g) => g.id === gridId)) throw apiErrors.recordNotFound('grid', gridId, cityId);
    const children = new Map<string, string[]>();
    for (const g of grids)
      if (g.parentId !== null) children.set(g.parentId, [...(children.get(g.parentId) ?? []), g.id]);
    const level = new Map(grids.map((g) => [g.id, g.level]));
    const cells: string[] = [];
    const stack = [gridId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (level.get(id) === 'cell') cells.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    return cells;
  }
}
