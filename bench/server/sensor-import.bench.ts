/**
 * Sensor upload: `POST /api/sensors/import` of BENCH_SENSORS new sensors (default 2,000) as one CSV over the HTTP
 * API of an app on PGlite (in memory), as an admin uploads a city's registry, then as many through the CLI's
 * `import --as sensors`; every new sensor gets a device credential. Also the cost of hashing and verifying one
 * device secret (median of 50), which dominated both while device secrets were hashed with scrypt (see
 * docs/adr/0009-device-secrets-fast-salted-hash.md).
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/http/create-app.js';
import { createIncidentServices } from '../../server/services/incident-services.js';
import { openPgliteClient } from '../../store/pglite-client.js';
import { SqlCityStore } from '../../store/sql-city-store.js';
import { hashSecret, newDeviceSecret, verifySecret } from '../../store/readings/device-secret.js';
import { runImportCommand } from '../../tiles/commands/import.command.js';
import { FIXTURE_CENTER, makeCityFixture } from '../../tests/helpers/city-fixture.js';

const CITY = 'bench-city';
const PASSWORD = 'bench password 1';

function sensorCsv(count: number, prefix: string): string {
  const [cx, cy] = FIXTURE_CENTER;
  const rows = ['id,kind,unit,name,lon,lat,hi,reportingIntervalS'];
  for (let i = 0; i < count; i++) {
    // Spread over about 600 m around the centre, inside the fixture's cells.
    const lon = cx - 0.003 + ((i * 37) % 600) * 0.00001;
    const lat = cy - 0.001 + ((i * 53) % 200) * 0.00001;
    rows.push(`${prefix}-${i},level,m,Bench level ${i},${lon.toFixed(6)},${lat.toFixed(6)},2.5,60`);
  }
  return rows.join('\n');
}

async function medianMs(times: number, run: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

export async function runSensorImportBench(): Promise<Record<string, number | string>> {
  const count = Number(process.env.BENCH_SENSORS ?? 2000);
  const secret = newDeviceSecret();
  const stored = await hashSecret(secret);
  const hashMs = await medianMs(50, () => hashSecret(secret));
  const verifyMs = await medianMs(50, () => verifySecret(secret, stored.salt, stored.hash));

  const store = new SqlCityStore(await openPgliteClient());
  await store.migrate();
  await store.saveCity(makeCityFixture({ cityId: CITY }));
  const services = createIncidentServices({ store, defaultCityId: CITY, now: Date.now });
  const app = createApp({ store, config: { CITY }, now: Date.now, incidents: services, logError: console.error });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await services.auth.createUser({ username: 'admin', password: PASSWORD, role: 'admin' });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const csv = sensorCsv(count, 'api');
    const t0 = performance.now();
    const res = await fetch(`${base}/api/sensors/import?name=sensors.csv`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      body: csv,
    });
    const answer = (await res.json()) as { counts?: { created: number }; credentials?: unknown[] };
    const seconds = (performance.now() - t0) / 1000;
    if (res.status !== 200 || answer.credentials?.length !== count)
      throw new Error(`upload answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    // The same through the CLI (`npm run tiles -- import --as sensors`), on the same store: new ids, new credentials.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-bench-sensors-'));
    let cliSeconds: number;
    try {
      const file = path.join(dir, 'sensors.csv');
      fs.writeFileSync(file, sensorCsv(count, 'cli'));
      const lines: string[] = [];
      const io = { store, log: (l: string) => lines.push(l), now: Date.now, dataDir: dir };
      const argv = ['--city', CITY, '--as', 'sensors', '--credentials-out', path.join(dir, 'credentials.csv'), file];
      const t1 = performance.now();
      const code = await runImportCommand(argv, io);
      cliSeconds = (performance.now() - t1) / 1000;
      if (code !== 0) throw new Error(`import --as sensors exited ${code}: ${lines.slice(-5).join(' | ')}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return {
      sensors: count,
      'hash one device secret (ms, median of 50)': hashMs,
      'verify one device secret (ms, median of 50)': verifyMs,
      'upload with credentials (s)': seconds,
      'sensors per second': count / seconds,
      'import --as sensors with credentials (s)': cliSeconds,
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  }
}
