import type { DeviceCredentialsStore } from './device-credentials-store.js';
import { hashSecret, newDeviceSecret } from './device-secret.js';

/**
 * Gives every listed sensor that has no device credential a new one; existing credentials are never touched (a
 * real device keeps working). Answers the new secrets, the only time they exist in clear: the store keeps hashes.
 * The import CLI and the upload API both provision through here.
 */
export async function provisionMissingDevices(
  devices: Pick<DeviceCredentialsStore, 'get' | 'save'>,
  cityId: string,
  sensorIds: readonly string[],
  now: number,
): Promise<{ sensorId: string; secret: string }[]> {
  const missing: string[] = [];
  for (const sensorId of sensorIds) if (!(await devices.get(cityId, sensorId))) missing.push(sensorId);
  const made: { sensorId: string; secret: string }[] = [];
  for (const sensorId of missing) {
    const secret = newDeviceSecret();
    await devices.save(cityId, { sensorId, ...(await hashSecret(secret)), createdAt: now });
    made.push({ sensorId, secret });
  }
  return made;
}
