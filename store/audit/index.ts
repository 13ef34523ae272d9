/** The audit log of registry changes: the store the admin API and the import CLI write to. */
import type { CityStore } from '../city-store.js';
import { lazySqlClient } from '../events/lazy-sql-client.js';
import { AuditStore } from './audit-store.js';

export { AuditStore, type AuditQuery, type NewAuditEntry } from './audit-store.js';

/** The audit log over a city store's connection (opened by `openStore`). */
export function auditStoreOf(store: CityStore): AuditStore {
  return new AuditStore(lazySqlClient(store));
}
