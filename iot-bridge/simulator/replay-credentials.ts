import fs from 'node:fs';

/** An MQTT login of a device. */
export interface DeviceLogin {
  username: string;
  password: string;
}

/**
 * The login of `sensorId` in a credentials file written by `import --as sensors` (CSV
 * `sensor_id,mqtt_username,mqtt_password,topic`); throws naming the file when the sensor is not in it.
 */
export function loginFromCredentialsFile(file: string, sensorId: string): DeviceLogin {
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const [id, user, pass] = ['sensor_id', 'mqtt_username', 'mqtt_password'].map((h) => header.indexOf(h));
  if (id! < 0 || user! < 0 || pass! < 0)
    throw new Error(`${file} is not a credentials file (header sensor_id,mqtt_username,mqtt_password,topic)`);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells[id!] === sensorId) return { username: cells[user!]!, password: cells[pass!]! };
  }
  throw new Error(`${file} holds no credential of sensor ${sensorId}`);
}
