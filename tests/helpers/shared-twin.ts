import fs from 'node:fs';
import path from 'node:path';
import { groupAlive, testRunDir } from './process-registry.js';
import { startTwin, TWIN_ADMIN_PASSWORD, withRunLock } from './spawn-process.js';

/** The twin every browser suite of a run shares. */
export interface SharedTwin {
  /** http://127.0.0.1:<port> */
  base: string;
  /** Its embedded MQTT broker on 127.0.0.1 (devices publish here with their own credentials). */
  mqttPort: number;
  /** The admin's password (the prepared data directory's). */
  adminPassword: string;
  /** Its output, for a failing test to show. */
  logFile: string;
}

interface SharedTwinRecord extends Omit<SharedTwin, 'adminPassword'> {
  pgid: number;
}

const recordFile = () => path.join(testRunDir(), 'shared-twin.json');

/**
 * One running twin (the demo city, `npm start` with the simulator off, so every alert and event is one a suite made)
 * for every browser suite of the run: started by the first suite that asks, on a copy of the prepared data
 * directory, and stopped by the global teardown. Suites must not depend on one another's state: each creates what it
 * looks for (its own events, its own readings from a device it provisions) and compares with what was there before.
 */
export async function sharedTwin(): Promise<SharedTwin> {
  const existing = readRecord();
  if (existing) return { ...existing, adminPassword: TWIN_ADMIN_PASSWORD };
  return withRunLock('shared-twin', 900_000, async () => {
    const again = readRecord();
    if (again) return { ...again, adminPassword: TWIN_ADMIN_PASSWORD };
    const dataDir = path.join(testRunDir(), 'shared-twin');
    const logFile = path.join(testRunDir(), 'shared-twin.log');
    fs.rmSync(dataDir, { recursive: true, force: true });
    const twin = await startTwin(dataDir, { SIMULATE: '0' }, { sharedLogFile: logFile });
    const record: SharedTwinRecord = {
      base: twin.base,
      mqttPort: twin.mqttPort,
      logFile,
      pgid: twin.process.child.pid!,
    };
    fs.writeFileSync(recordFile(), JSON.stringify(record));
    return { ...record, adminPassword: TWIN_ADMIN_PASSWORD };
  });
}

/** The running shared twin's record, or null when none was started or it died (a dead one is started again). */
function readRecord(): SharedTwinRecord | null {
  let record: SharedTwinRecord;
  try {
    record = JSON.parse(fs.readFileSync(recordFile(), 'utf8')) as SharedTwinRecord;
  } catch {
    return null;
  }
  if (groupAlive(record.pgid)) return record;
  fs.rmSync(recordFile(), { force: true });
  return null;
}
