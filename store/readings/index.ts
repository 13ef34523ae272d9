/**
 * The live-data stores (readings, alerts, device credentials): the public interface iot-bridge/ and the server's
 * live routes import. They share the SQL connection of the city store.
 */
import type { CityStore } from '../city-store.js';
import { AlertsStore } from './alerts-store.js';
import { DeviceCredentialsStore } from './device-credentials-store.js';
import { ReadingsStore } from './readings-store.js';
import { RegistryRevisions } from './registry-revisions.js';
import { sqlClientOf } from './sql-client-of.js';

export { AlertsStore, type AlertListOptions } from './alerts-store.js';
export { RegistryRevisions } from './registry-revisions.js';
export { DeviceCredentialsStore, type DeviceCredential } from './device-credentials-store.js';
export {
  ReadingsStore,
  type ReadingBucket,
  type ReadingsQuery,
  type ReadingsSelection,
  type ReadingsSource,
  type ReadingsTally,
  type StoredReading,
} from './readings-store.js';

/** The live-data stores over one city store's connection. */
export interface LiveDataStores {
  readings: ReadingsStore;
  alerts: AlertsStore;
  devices: DeviceCredentialsStore;
  /** Moves when the city's sensors or device credentials change (a bridge in another process polls it). */
  revisions: RegistryRevisions;
}

/**
 * Opens the live-data stores on the connection of a city store returned by `openStore` (its migrations, 100 and
 * up, have run).
 *
 * @example
 * const store = await openStore({ dataDir });
 * const live = liveDataStores(store);
 */
export function liveDataStores(store: CityStore): LiveDataStores {
  const db = sqlClientOf(store);
  return {
    readings: new ReadingsStore(db),
    alerts: new AlertsStore(db),
    devices: new DeviceCredentialsStore(db),
    revisions: new RegistryRevisions(db),
  };
}

/**
 * The open-alerts lookup of a store, resolved on first use (like the event and user stores), so services built over a
 * store that is not SQL-backed (a test double, a store that failed to open) still construct and fail per request.
 */
export function openAlertsOf(store: CityStore): Pick<AlertsStore, 'listOpen'> {
  return { listOpen: (cityId) => liveDataStores(store).alerts.listOpen(cityId) };
}
