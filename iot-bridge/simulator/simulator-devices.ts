import fs from 'node:fs';
import path from 'node:path';
import type { Sensor } from '../../core/model/index.js';
import type { DeviceRegistry } from '../broker/device-auth.js';

/** What `npm start` leaves for a separate `npm run simulate`: where to connect and each device's secret. */
export interface SimulatorDevicesFile {
  url: string;
  cityId: string;
  devices: { sensor: Sensor; secret: string }[];
}

/** The file's place in the data directory (readable by its owner only). */
export const simulatorDevicesPath = (dataDir: string): string => path.join(dataDir, 'simulator-devices.json');

/** Provisions (rotates) credentials for every sensor, for the simulator; answers the secrets by sensor id. */
export async function provisionSimulatorDevices(
  registry: DeviceRegistry,
  sensors: readonly Sensor[],
): Promise<Map<string, string>> {
  const secrets = new Map<string, string>();
  // scrypt runs on libuv's thread pool: a few at a time keep the event loop free.
  for (let i = 0; i < sensors.length; i += 8) {
    const chunk = sensors.slice(i, i + 8);
    const made = await Promise.all(chunk.map((s) => registry.provision(s.id)));
    chunk.forEach((s, j) => secrets.set(s.id, made[j]!));
  }
  return secrets;
}

/**
 * The secrets the simulator publishes with, without locking any device out: a secret of the previous run that still
 * verifies is kept; a sensor with no credential at all gets one; a sensor whose credential the simulator does not
 * know (a real device, provisioned by an import or the API) is left alone and not simulated. Restarts rotate nothing.
 */
export async function simulatorSecrets(
  registry: DeviceRegistry,
  sensors: readonly Sensor[],
  previous: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const secrets = new Map<string, string>();
  const fresh: Sensor[] = [];
  for (let i = 0; i < sensors.length; i += 8) {
    const chunk = sensors.slice(i, i + 8);
    await Promise.all(
      chunk.map(async (s) => {
        const old = previous.get(s.id);
        if (old && (await registry.verify(s.id, old))) secrets.set(s.id, old);
        else if (!(await registry.has(s.id))) fresh.push(s);
      }),
    );
  }
  for (const [id, secret] of await provisionSimulatorDevices(registry, fresh)) secrets.set(id, secret);
  return secrets;
}

/** The secrets of the last `writeSimulatorDevices`, by sensor id (empty when there is no file). */
export function previousSimulatorSecrets(dataDir: string, cityId: string): Map<string, string> {
  const file = readSimulatorDevices(dataDir);
  if (!file || file.cityId !== cityId) return new Map();
  return new Map(file.devices.filter((d) => d.secret !== '').map((d) => [d.sensor.id, d.secret]));
}

export function writeSimulatorDevices(dataDir: string, file: SimulatorDevicesFile): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(simulatorDevicesPath(dataDir), JSON.stringify(file), { mode: 0o600 });
}

export function readSimulatorDevices(dataDir: string): SimulatorDevicesFile | null {
  try {
    return JSON.parse(fs.readFileSync(simulatorDevicesPath(dataDir), 'utf8')) as SimulatorDevicesFile;
  } catch {
    return null;
  }
}
