import type { CityStore } from '../../store/index.js';
import type { Crew, Grid } from '../../core/model/index.js';
import { auditStoreOf, type AuditStore } from '../../store/audit/index.js';
import { DEFAULT_DROPOUT_EVENT_AFTER_S } from '../../core/incident/index.js';
import { eventStoreOf, type EventStore } from '../../store/events/index.js';
import { openAlertsOf } from '../../store/readings/index.js';
import { userStoreOf } from '../../store/users/index.js';
import type { ScryptCost } from '../auth/password-hash.js';
import { AuthService } from './auth.service.js';
import { CityService } from './city.service.js';
import { EscalationService } from './escalation.service.js';
import { EventIntakeService } from './event-intake.service.js';
import { EventService } from './event.service.js';
import { GridService, type CellLocatorFactory } from './grid.service.js';
import { KpiService } from './kpi.service.js';
import { PhotoQuota, type PhotoQuotaOptions } from './photo-quota.js';

/** The services of users, events and KPIs, built once and shared by the HTTP routes and the process wiring. */
export interface IncidentServices {
  auth: AuthService;
  /** Reports, `eventFromAlert`, `eventFromSimulation`. */
  intake: EventIntakeService;
  events: EventService;
  /** `escalateOverdue(now)`; start its timer with startEscalationTimer. */
  escalation: EscalationService;
  kpis: KpiService;
  eventStore: EventStore;
  /** Per-user daily photo upload limits (reports and transitions). */
  photoQuota: PhotoQuota;
  /** The audit log account changes are recorded in. */
  audit: AuditStore;
  /** The crews and grids of a city (default: config CITY), which user accounts are checked against. */
  userScope: (city?: string) => Promise<{ cityId: string; crews: Crew[]; grids: Grid[] }>;
}

export interface IncidentServiceDeps {
  store: CityStore;
  /** The city answered when a request names none (config CITY). */
  defaultCityId: string;
  now?: () => number;
  /** A shared grid service (its locator cache); default a new one. */
  grids?: GridService;
  createLocator?: CellLocatorFactory;
  /** Login token lifetime, ms (default 12 h). */
  tokenTtlMs?: number;
  /** How long a sensor dropout lasts before it becomes an event, s (config DROPOUT_EVENT_AFTER_S). */
  dropoutEventAfterS?: number;
  /** scrypt cost for new password hashes (tests lower it). */
  scryptCost?: ScryptCost;
  /** Photo uploads per user and day (config PHOTO_QUOTA_PER_DAY, PHOTO_QUOTA_MB_PER_DAY). */
  photoQuota?: PhotoQuotaOptions;
}

/**
 * Builds the incident services over a store opened by `openStore`.
 *
 * @example
 * const incidents = createIncidentServices({ store, defaultCityId: config.CITY });
 * const app = createApp({ store, config, incidents });
 * bridge.onAlert((alert) => incidents.intake.eventFromAlert(alert));
 * const timer = startEscalationTimer(incidents.escalation, { log });
 */
export function createIncidentServices(deps: IncidentServiceDeps): IncidentServices {
  const now = deps.now ?? Date.now;
  const cities = new CityService(deps.store, deps.defaultCityId);
  const grids = deps.grids ?? new GridService(deps.store, cities, deps.createLocator);
  const eventStore = eventStoreOf(deps.store);
  const events = new EventService(deps.store, eventStore, cities, now);
  return {
    auth: new AuthService(userStoreOf(deps.store), { now, tokenTtlMs: deps.tokenTtlMs, scryptCost: deps.scryptCost }),
    intake: new EventIntakeService(
      deps.store,
      eventStore,
      cities,
      grids,
      openAlertsOf(deps.store),
      now,
      (deps.dropoutEventAfterS ?? DEFAULT_DROPOUT_EVENT_AFTER_S) * 1000,
    ),
    events,
    escalation: new EscalationService(deps.store, eventStore, now),
    kpis: new KpiService(deps.store, eventStore, events, cities, now),
    eventStore,
    photoQuota: new PhotoQuota(eventStore, { now, ...deps.photoQuota }),
    audit: auditStoreOf(deps.store),
    userScope: async (city) => {
      const cityId = await cities.resolve(city);
      const [crews, grids] = await Promise.all([
        deps.store.listCrews(cityId),
        deps.store.listGrids(cityId, { limit: 1_000_000 }),
      ]);
      return { cityId, crews, grids: grids.items };
    },
  };
}
