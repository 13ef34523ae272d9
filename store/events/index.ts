/** Events (the closed loop), their audit trail and photos. Shares the SQL connection of the city store. */
import type { CityStore } from '../city-store.js';
import { lazySqlClient } from './lazy-sql-client.js';
import { EventStore } from './event-store.js';

export { EventStore, type EventListOptions, type EventUpdate } from './event-store.js';
export type { EventPhoto, EventSummary } from './event-rows.js';

/** The event store over a city store's connection (opened by `openStore`). */
export function eventStoreOf(store: CityStore): EventStore {
  return new EventStore(lazySqlClient(store));
}
