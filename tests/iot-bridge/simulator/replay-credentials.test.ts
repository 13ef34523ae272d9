import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loginFromCredentialsFile } from '../../../iot-bridge/simulator/replay-credentials.js';

describe('simulate --replay --credentials FILE', () => {
  it('takes the login of the sensor from the file import --as sensors writes, and names what is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-creds-'));
    const file = path.join(dir, 'devices.csv');
    fs.writeFileSync(
      file,
      'sensor_id,mqtt_username,mqtt_password,topic\n' +
        'MO-P-001,MO-P-001,s3cret-one,gridtwin/v1/sensors/MO-P-001/reading\n' +
        'MO-F-001,MO-F-001,s3cret-two,gridtwin/v1/sensors/MO-F-001/reading\n',
    );
    expect(loginFromCredentialsFile(file, 'MO-F-001')).toEqual({ username: 'MO-F-001', password: 's3cret-two' });
    expect(() => loginFromCredentialsFile(file, 'MO-X')).toThrow(/no credential of sensor MO-X/);
    fs.writeFileSync(file, 'id,secret\nMO-X,1\n');
    expect(() => loginFromCredentialsFile(file, 'MO-X')).toThrow(/not a credentials file/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
