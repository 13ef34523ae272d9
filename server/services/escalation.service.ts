import type { Event, Grid } from '../../core/model/index.js';
import { pendingEscalation, SLA_SECONDS } from '../../core/incident/index.js';
import type { CityStore } from '../../store/index.js';
import type { EventStore } from '../../store/events/index.js';

/** One escalation done. */
export interface Escalation {
  eventId: string;
  level: Event['escalationLevel'];
  /** The street or district grid told, when the event has a grid. */
  gridId: string | null;
}

/**
 * Overdue events move up the grid hierarchy: at their SLA deadline to the street (街道) level, half an SLA later to
 * the district. Each step is written into the event's audit trail (`escalate`, from = to = its state) naming the grid
 * told, and raises `escalationLevel`.
 */
export class EscalationService {
  constructor(
    private readonly store: CityStore,
    private readonly events: EventStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Escalates every open event that is due for it at `nowMs`; answers what it did. */
  async escalateOverdue(nowMs: number = this.now()): Promise<Escalation[]> {
    const done: Escalation[] = [];
    for (const id of await this.events.listOverdueIds(nowMs)) {
      const found = await this.events.get(id);
      if (found === null || pendingEscalation(found.event, nowMs) === null) continue;
      const chain = await this.ancestors(found.cityId, found.event.gridId);
      let result: Escalation | null = null;
      await this.events.update(id, (current) => {
        const level = pendingEscalation(current, nowMs);
        if (level === null || level === 'none') return null;
        const target = chain.find((g) => g.level === level) ?? null;
        const overdueH = ((nowMs - current.slaDueAt) / 3600_000).toFixed(1);
        const note =
          `overdue by ${overdueH} h (SLA ${SLA_SECONDS[current.severity] / 3600} h for ${current.severity}): ` +
          `escalated to ${level} level${target ? ` ${target.name} (${target.code})` : ''}`;
        result = { eventId: id, level, gridId: target?.id ?? null };
        return {
          ...current,
          escalationLevel: level,
          updatedAt: nowMs,
          version: current.version + 1,
          transitions: [
            ...current.transitions,
            { from: current.state, to: current.state, actor: 'system', at: nowMs, note, action: 'escalate' },
          ],
        };
      });
      if (result !== null) done.push(result);
    }
    return done;
  }

  /** A cell's parents, from the cell up (empty without a grid). */
  private async ancestors(cityId: string, gridId: string | null): Promise<Grid[]> {
    const chain: Grid[] = [];
    for (let id = gridId; id !== null && chain.length < 8;) {
      const grid = await this.store.getGrid(cityId, id);
      if (grid === null) break;
      chain.push(grid);
      id = grid.parentId;
    }
    return chain;
  }
}

/** A running escalation timer. */
export interface EscalationTimer {
  stop(): void;
}

/**
 * Runs `escalateOverdue` every `intervalMs` (default one minute; runs never overlap). Errors are logged and the timer
 * keeps going; the timer does not keep the process alive.
 *
 * @example
 * const timer = startEscalationTimer(escalation, { log: console.log });
 * process.once('SIGTERM', () => timer.stop());
 */
export function startEscalationTimer(
  service: Pick<EscalationService, 'escalateOverdue'>,
  options: { intervalMs?: number; log?: (line: string) => void } = {},
): EscalationTimer {
  const log = options.log ?? (() => undefined);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const done = await service.escalateOverdue();
      for (const e of done) log(`event ${e.eventId} escalated to ${e.level} level${e.gridId ? ` (${e.gridId})` : ''}`);
    } catch (err) {
      log(`escalation run failed: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const handle = setInterval(() => void tick(), options.intervalMs ?? 60_000);
  handle.unref();
  return { stop: () => clearInterval(handle) };
}
