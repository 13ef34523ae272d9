import type { DeviceCredentialsStore } from './device-credentials-store.js';
import { hashSecret, newDeviceSecret } from './device-secret.js';

/** Device secrets hashed side by side (libuv's default thread pool has four threads). */
const HASH_BATCH = 4;

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
  // scrypt runs on libuv's thread pool: a few hashes at a time use every core (one at a time, 2,000 new sensors
  // took minutes), a bounded batch keeps memory flat (each hash holds its own work buffer).
  for (let i = 0; i < missing.length; i += HASH_BATCH) {
    const batch = await Promise.all(
      missing.slice(i, i + HASH_BATCH).map(async (sensorId) => {
        const secret = newDeviceSecret();
        return { sensorId, secret, ...(await hashSecret(secret)) };
      }),
    );
    for (const { sensorId, secret, salt, hash } of batch) {
      await devices.save(cityId, { sensorId, salt, hash, createdAt: now });
      made.push({ sensorId, secret });
    }
  }
  return made;
}
