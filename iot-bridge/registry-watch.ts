import type { CityStore } from '../store/index.js';
import type { LiveDataStores } from '../store/readings/index.js';
import type { Bridge } from './bridge.js';
import type { EmbeddedBroker } from './broker/embedded-broker.js';

/** How often a bridge beside a separate server looks at the registry revision: an admin's edit applies within it. */
export const REGISTRY_POLL_MS = 2000;

export interface RegistryWatchOptions {
  cityId: string;
  store: CityStore;
  stores: LiveDataStores;
  bridge: Pick<Bridge, 'setSensors'>;
  /** The embedded broker, whose devices are disconnected when their credential goes or changes; null on an external one. */
  broker: Pick<EmbeddedBroker, 'disconnectDevice'> | null;
  intervalMs?: number;
  log?: (line: string) => void;
}

/** A running watch: `check` runs one poll now (tests, shutdown); `stop` ends the polling. */
export interface RegistryWatch {
  check(): Promise<boolean>;
  stop(): void;
}

/**
 * Keeps a bridge's sensors, rules and device sessions in step with the registry when another process edits it (the
 * admin API of `npm run server`): polls the city's registry revision every `intervalMs` and, when it moved, reloads
 * the sensors (new sensors accepted, new thresholds on the next reading, deleted sensors refused) and, on an embedded
 * broker, disconnects the devices whose credential was revoked or rotated. A failed poll is logged and retried at the
 * next tick; polls never overlap.
 */
export async function watchRegistry(o: RegistryWatchOptions): Promise<RegistryWatch> {
  const log = o.log ?? (() => undefined);
  let revision = await o.stores.revisions.of(o.cityId);
  let credentials = await o.stores.devices.fingerprints(o.cityId);
  let running: Promise<boolean> | null = null;
  let stopped = false;

  const reload = async (): Promise<boolean> => {
    const now = await o.stores.revisions.of(o.cityId);
    if (now === revision) return false;
    const sensors = (await o.store.listSensors(o.cityId, { limit: 1_000_000 })).items;
    const next = await o.stores.devices.fingerprints(o.cityId);
    o.bridge.setSensors(sensors);
    let closed = 0;
    if (o.broker)
      for (const [id, fingerprint] of credentials)
        if (next.get(id) !== fingerprint) closed += o.broker.disconnectDevice(id);
    credentials = next;
    revision = now;
    log(
      `  registry: revision ${now}: ${sensors.length} sensors reloaded` +
        (closed > 0 ? `, ${closed} device connection(s) with a revoked or rotated credential closed` : ''),
    );
    return true;
  };
  const check = (): Promise<boolean> =>
    (running ??= reload()
      .catch((err: unknown) => {
        log(`  registry: reload failed (next try in ${intervalMs} ms): ${(err as Error).message}`);
        return false;
      })
      .finally(() => (running = null)));
  const intervalMs = o.intervalMs ?? REGISTRY_POLL_MS;
  const timer = setInterval(() => {
    if (!stopped) void check();
  }, intervalMs);
  timer.unref();
  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
