import type {
  DigPermitCreated,
  DigPermitRequest,
  DigSignOffRequest,
  ExcavationCheck,
} from '../../core/contracts/excavation.js';
import {
  applyTransition,
  DIG_PERMIT_CATEGORY,
  DIG_TASK_CATEGORY,
  renderTitle,
  splitBilingual,
  type EventActor,
  type TitleTemplate,
  type TransitionRequest,
} from '../../core/incident/index.js';
import type { DigPermit, Event, LonLat, User } from '../../core/model/index.js';
import type { CityStore } from '../../store/index.js';
import type { EventStore } from '../../store/events/index.js';
import { ApiError, apiErrors } from '../errors.js';
import type { EventIntakeService } from './event-intake.service.js';
import type { ExcavationService } from './excavation.service.js';

/**
 * Dig permits: saving a checked excavation as a permit event in the dig's grid cell, with one coordination task
 * event per affected utility, routed like any event (to the crew of that utility of the cell its nearest element lies
 * in); each utility signs off, and the permit closes only when all have (EventService refuses `close` before).
 */
export class DigPermitService {
  constructor(
    private readonly store: CityStore,
    private readonly events: EventStore,
    private readonly intake: Pick<EventIntakeService, 'draftEvent'>,
    private readonly excavations: Pick<ExcavationService, 'check'>,
    private readonly now: () => number = Date.now,
  ) {}

  async create(user: User, request: DigPermitRequest): Promise<DigPermitCreated> {
    const { title, description, plannedStart, plannedEnd, ...dig } = request;
    const check = await this.excavations.check(dig);
    const cityId = check.cityId;
    const location = outlineCentre(check);
    const actor: EventActor = { id: user.id, role: user.role };
    const base = {
      outline: check.outline,
      line: 'line' in dig ? dig.line.coordinates : null,
      widthM: 'line' in dig ? dig.widthM : null,
      depthM: check.depthM,
      plannedStart: plannedStart ?? null,
      plannedEnd: plannedEnd ?? null,
      tasks: [],
      signOffs: [],
    };
    const common = {
      cityId,
      // The applicant "reports" the works: they see the permit and its tasks like their own reports.
      source: { kind: 'report' as const, reporter: user.id },
      description: description ?? '',
      severity: 'minor' as const,
      location,
      actor,
    };
    const nearest = [...check.items].sort((a, b) => a.distanceM - b.distanceM)[0] ?? null;
    const permitTemplate: TitleTemplate = {
      key: 'dig.permit',
      params: {
        title,
        ...(await this.roadOf(cityId, nearest)),
        ...(await this.placeOf(cityId, nearest?.gridId ?? null)),
      },
    };
    const permit = await this.intake.draftEvent({
      ...common,
      category: DIG_PERMIT_CATEGORY,
      title: renderTitle(permitTemplate, 'en') ?? `Dig permit: ${title}`,
      titleTemplate: permitTemplate,
      utility: null,
    });
    const crews = new Map((await this.store.listCrews(cityId)).map((c) => [c.id, c]));
    const tasks: Event[] = [];
    for (const utility of check.utilities) {
      const mine = check.items.filter((i) => i.utility === utility);
      // The nearest element with an owner decides which cell (and so which crew) the task goes to.
      const owner = [...mine].sort((a, b) => a.distanceM - b.distanceM).find((i) => i.gridId !== null) ?? null;
      // Named in words: the utility, how many of its elements, the street of the nearest one and the cell.
      const nearestOfUtility = [...mine].sort((a, b) => a.distanceM - b.distanceM)[0] ?? null;
      const template: TitleTemplate = {
        key: 'dig.task',
        params: {
          title,
          utility,
          count: mine.length,
          ...(await this.roadOf(cityId, nearestOfUtility)),
          ...(await this.placeOf(cityId, owner?.gridId ?? null)),
        },
      };
      const task = await this.intake.draftEvent({
        ...common,
        category: DIG_TASK_CATEGORY,
        title: renderTitle(template, 'en') ?? `Dig-safe coordination (${utility}): ${title}`,
        titleTemplate: template,
        utility,
        gridId: owner?.gridId ?? null,
      });
      const record: DigPermit = {
        ...base,
        role: 'coordination',
        permitEventId: permit.id,
        utilities: [utility],
        gridIds: unique(mine.map((i) => i.gridId)),
        items: mine,
      };
      tasks.push({ ...task, excavation: record });
    }
    const record: DigPermit = {
      ...base,
      role: 'permit',
      permitEventId: null,
      utilities: check.utilities,
      gridIds: unique([permit.gridId, ...check.items.map((i) => i.gridId)]),
      items: check.items,
      tasks: tasks.map((t) => ({
        utility: t.utility!,
        eventId: t.id,
        crewId: t.assignedCrewId,
        crewName: t.assignedCrewId === null ? null : (crews.get(t.assignedCrewId)?.name ?? null),
        gridId: t.gridId,
      })),
    };
    const stored = await this.events.create(cityId, { ...permit, excavation: record });
    const storedTasks: Event[] = [];
    for (const t of tasks) storedTasks.push(await this.events.create(cityId, t));
    return { permit: stored, tasks: storedTasks, check };
  }

  /** The street an element lies on (`road`/`roadEn` attributes of the demo and OSM-based imports), else its name. */
  private async roadOf(
    cityId: string,
    item: { id: string; element: 'link' | 'node' } | null,
  ): Promise<{ roadZh: string | null; roadEn: string | null }> {
    if (item === null) return { roadZh: null, roadEn: null };
    const el =
      item.element === 'link' ? await this.store.getLink(cityId, item.id) : await this.store.getNode(cityId, item.id);
    const a = el?.attributes ?? {};
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    const name = splitBilingual(el?.name ?? null);
    return { roadZh: str(a['road']) ?? name.zh, roadEn: str(a['roadEn']) ?? name.en };
  }

  /** A grid cell's name in both languages. */
  private async placeOf(
    cityId: string,
    gridId: string | null,
  ): Promise<{ placeZh: string | null; placeEn: string | null }> {
    const grid = gridId === null ? null : await this.store.getGrid(cityId, gridId);
    return { placeZh: grid?.name ?? null, placeEn: grid?.nameEn ?? grid?.name ?? null };
  }

  /**
   * A utility's sign-off: by a crew member whose crew serves that utility, or a manager or admin. Records it on the
   * permit and resolves that utility's task where its state allows. Signing twice changes nothing.
   */
  async signOff(user: User, permitId: string, request: DigSignOffRequest): Promise<Event> {
    const found = await this.events.get(permitId);
    const permit = found?.event.excavation;
    if (!found || !permit || permit.role !== 'permit')
      throw new ApiError('GT_ERR_EVENT_NOT_FOUND', `no dig permit ${permitId}`);
    const { utility } = request;
    if (!permit.utilities.includes(utility))
      throw apiErrors.badRequest(
        `utility ${utility} has no element in dig permit ${permitId} (affected: ${permit.utilities.join(', ') || 'none'})`,
      );
    if (user.role === 'crew') {
      const crew = (await this.store.listCrews(found.cityId)).find((c) => c.id === user.crewId);
      if (!crew || crew.utility !== utility)
        throw new ApiError(
          'GT_ERR_FORBIDDEN',
          `only a ${utility} crew or a manager signs off ${utility}; your crew ${crew?.name ?? '(none)'} serves ${crew?.utility ?? 'no utility'}`,
        );
    } else if (user.role !== 'manager' && user.role !== 'admin')
      throw new ApiError(
        'GT_ERR_FORBIDDEN',
        `role ${user.role} may not sign off dig permits (crew of the utility, manager, admin)`,
      );
    const now = this.now();
    const note = request.note ?? '';
    const updated = await this.events.update(permitId, (current) => {
      const rec = current.excavation!;
      if (rec.signOffs.some((s) => s.utility === utility)) return null;
      return {
        ...current,
        excavation: {
          ...rec,
          signOffs: [...rec.signOffs, { utility, by: user.id, byName: user.username, at: now, note }],
        },
        updatedAt: now,
        version: current.version + 1,
      };
    });
    const task = permit.tasks.find((t) => t.utility === utility);
    if (task)
      await this.resolveTask(
        task.eventId,
        { id: user.id, role: user.role },
        `signed off by ${user.username}${note ? `: ${note}` : ''}`,
        now,
      );
    return updated!;
  }

  /** Moves a task on to `resolved` as far as its state allows (start, then resolve); leaves it otherwise. */
  private async resolveTask(eventId: string, actor: EventActor, note: string, now: number): Promise<void> {
    await this.events.update(eventId, (current) => {
      let event = current;
      for (const request of [{ action: 'start' }, { action: 'resolve', note }] as TransitionRequest[]) {
        const outcome = applyTransition(event, request, actor, now);
        if (outcome.ok) event = outcome.event;
      }
      return event === current ? null : event;
    });
  }
}

function unique(ids: readonly (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** The middle of the dig's outline box: where its events stand on the map. */
function outlineCentre(check: Pick<ExcavationCheck, 'outline'>): LonLat {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const poly of check.outline)
    for (const p of poly[0] ?? []) {
      w = Math.min(w, p[0]);
      s = Math.min(s, p[1]);
      e = Math.max(e, p[0]);
      n = Math.max(n, p[1]);
    }
  return [(w + e) / 2, (s + n) / 2];
}
