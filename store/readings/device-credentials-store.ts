import type { SqlClient } from '../sql-client.js';

/** A device's stored secret: a salted hash, never the secret itself. */
export interface DeviceCredential {
  sensorId: string;
  salt: string;
  hash: string;
  createdAt: number;
}

/** Device credentials in `device_credentials` (migration 100): one per city and sensor. */
export class DeviceCredentialsStore {
  constructor(private readonly db: SqlClient) {}

  /** Sets (or replaces: a rotation) a sensor's credential. */
  async save(cityId: string, credential: DeviceCredential): Promise<void> {
    await this.db.query(
      `INSERT INTO device_credentials (city_id, sensor_id, salt, hash, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (city_id, sensor_id) DO UPDATE SET salt = EXCLUDED.salt, hash = EXCLUDED.hash, created_at = EXCLUDED.created_at`,
      [cityId, credential.sensorId, credential.salt, credential.hash, credential.createdAt],
    );
  }

  async get(cityId: string, sensorId: string): Promise<DeviceCredential | null> {
    const rows = await this.db.query<{ salt: string; hash: string; created_at: number }>(
      'SELECT salt, hash, created_at::float8 AS created_at FROM device_credentials WHERE city_id = $1 AND sensor_id = $2',
      [cityId, sensorId],
    );
    const r = rows[0];
    return r ? { sensorId, salt: r.salt, hash: r.hash, createdAt: Number(r.created_at) } : null;
  }

  async delete(cityId: string, sensorId: string): Promise<boolean> {
    const rows = await this.db.query(
      'DELETE FROM device_credentials WHERE city_id = $1 AND sensor_id = $2 RETURNING 1',
      [cityId, sensorId],
    );
    return rows.length > 0;
  }

  /**
   * Each credential's sensor id and a fingerprint of it (its salt): a sensor missing from a later answer was revoked,
   * one whose fingerprint changed was rotated. Never the hash: the fingerprint only tells credentials apart.
   */
  async fingerprints(cityId: string): Promise<Map<string, string>> {
    const rows = await this.db.query<{ sensor_id: string; salt: string }>(
      'SELECT sensor_id, salt FROM device_credentials WHERE city_id = $1',
      [cityId],
    );
    return new Map(rows.map((r) => [r.sensor_id, r.salt]));
  }

  /** Ids of the sensors that have a credential. */
  async listSensorIds(cityId: string): Promise<string[]> {
    const rows = await this.db.query<{ sensor_id: string }>(
      'SELECT sensor_id FROM device_credentials WHERE city_id = $1 ORDER BY sensor_id',
      [cityId],
    );
    return rows.map((r) => r.sensor_id);
  }
}
