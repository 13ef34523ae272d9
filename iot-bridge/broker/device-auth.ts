import crypto from 'node:crypto';
import type { DeviceCredential } from '../../store/readings/index.js';
import { hashSecret, newDeviceSecret, verifySecret } from '../../store/readings/device-secret.js';

// The hashing lives with the credential table, so importers (tiles/) provision devices the same way.
export { hashSecret, newDeviceSecret, verifySecret };

/** Where credentials are kept (the device_credentials table). */
export interface CredentialStore {
  save(cityId: string, credential: DeviceCredential): Promise<void>;
  get(cityId: string, sensorId: string): Promise<DeviceCredential | null>;
  delete(cityId: string, sensorId: string): Promise<boolean>;
}

/** Per-sensor device credentials: the MQTT username is the sensor id, the password a secret stored hashed. */
export class DeviceRegistry {
  /** Verified (sensor, secret) pairs: a flapping device whose credential predates hmac-sha256 (scrypt) does not
   * cost an scrypt per reconnect. */
  private readonly verified = new Map<string, string>();
  /** Called with a sensor id whose credential was revoked or rotated (the broker disconnects its device). */
  private readonly replaced = new Set<(sensorId: string) => void>();

  constructor(
    private readonly cityId: string,
    private readonly store: CredentialStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates or rotates a sensor's credential; answers the secret (the only time it is visible). */
  async provision(sensorId: string): Promise<string> {
    const secret = newDeviceSecret();
    const { salt, hash } = await hashSecret(secret);
    const existed = (await this.store.get(this.cityId, sensorId)) !== null;
    await this.store.save(this.cityId, { sensorId, salt, hash, createdAt: this.now() });
    this.verified.delete(sensorId);
    // A rotated secret ends the sessions opened with the old one.
    if (existed) this.notify(sensorId);
    return secret;
  }

  /** Removes the credential and disconnects the device (see {@link onCredentialReplaced}). */
  async revoke(sensorId: string): Promise<boolean> {
    this.verified.delete(sensorId);
    const removed = await this.store.delete(this.cityId, sensorId);
    this.notify(sensorId);
    return removed;
  }

  /** Calls `listener` when a sensor's credential is revoked or rotated; answers what removes it. */
  onCredentialReplaced(listener: (sensorId: string) => void): () => void {
    this.replaced.add(listener);
    return () => this.replaced.delete(listener);
  }

  private notify(sensorId: string): void {
    for (const l of this.replaced) l(sensorId);
  }

  /** Whether the sensor has a credential at all. */
  async has(sensorId: string): Promise<boolean> {
    return (await this.store.get(this.cityId, sensorId)) !== null;
  }

  /** True when `secret` is the sensor's current secret. */
  async verify(sensorId: string, secret: string): Promise<boolean> {
    const fingerprint = crypto.createHash('sha256').update(secret).digest('base64url');
    const cred = await this.store.get(this.cityId, sensorId);
    if (cred === null) return false;
    if (this.verified.get(sensorId) === `${cred.hash}:${fingerprint}`) return true;
    const ok = await verifySecret(secret, cred.salt, cred.hash);
    if (ok) this.verified.set(sensorId, `${cred.hash}:${fingerprint}`);
    return ok;
  }
}
