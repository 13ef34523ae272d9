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
