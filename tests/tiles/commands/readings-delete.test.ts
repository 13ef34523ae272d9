import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';
import { runReadingsCommand } from '../../../tiles/commands/readings.command.js';
import { describePostgres, dropSchema, uniqueSchemaName } from '../../helpers/postgres-test-db.js';
import { runTsx } from '../../helpers/spawn-process.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const scada = path.join(fixtures, 'scada', 'bwdf-dma-inflows-scada.csv');
const MAP = 'MO-DMA-1=DMA 1 (L/s),MO-DMA-3=DMA 3 (L/s)';
const SCADA_OPTIONS = [
  '--delimiter',
  ';',
  '--decimal',
  ',',
  '--time-format',
  'DD.MM.YYYY HH:mm',
  '--tz',
  'Europe/Rome',
];

/** The fixture's rows as [local day, DMA 1 cell, DMA 3 cell]: the expected counts come from the file, not the code. */
function scadaRows(): { local: string; day: string; dma1: string; dma3: string }[] {
  return fs
    .readFileSync(scada, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(';'))
    .map((c) => ({ local: c[0]!, day: c[0]!.slice(0, 10), dma1: c[1]!, dma3: c[3]! }));
}

/** Live readings a device sent on 26 March 2021 (Rome), 10:00-10:02 UTC, and one a day later. */
const LIVE = [
  { sensorId: 'MO-DMA-3', ts: Date.UTC(2021, 2, 26, 10, 0), value: 3.3, seq: 1 },
  { sensorId: 'MO-DMA-3', ts: Date.UTC(2021, 2, 26, 10, 1), value: 3.4, seq: 2 },
  { sensorId: 'MO-DMA-3', ts: Date.UTC(2021, 2, 26, 10, 2), value: 3.5, seq: 3 },
  { sensorId: 'MO-DMA-3', ts: Date.UTC(2021, 2, 27, 10, 0), value: 3.6, seq: 4 },
];

/**
 * `readings delete` on one store: a real SCADA export imported as history, a few live readings beside it; the dry run
 * counts, `--yes` deletes exactly the selection (sensor, local-day window, source), nothing else.
 */
function deleteSuite(openTestStore: (dir: string) => Promise<CityStore>, cleanUp: () => Promise<void>) {
  let dir: string;
  let store: CityStore;
  let lines: string[] = [];
  const io = () => ({ store, log: (l: string) => lines.push(l), now: () => Date.now(), dataDir: dir });
  const importCmd = async (...argv: string[]) => {
    lines = [];
    return runImportCommand(argv, io());
  };
  const del = async (...argv: string[]) => {
    lines = [];
    return runReadingsCommand(['delete', '--city', 'modena', ...argv], io());
  };
  const count = (sensorId?: string) => liveDataStores(store).readings.count('modena', sensorId);
  const rows = scadaRows();
  const dma3Stored = rows.filter((r) => r.dma3 !== '').length;
  const dma1Stored = rows.filter((r) => r.dma1 !== '').length;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-readings-delete-'));
    store = await openTestStore(dir);
    expect(await importCmd('--city', 'modena', '--crs', 'EPSG:3003', path.join(fixtures, 'epanet', 'Modena.inp'))).toBe(
      0,
    );
    const sensors = path.join(dir, 'dma-sensors.csv');
    fs.writeFileSync(
      sensors,
      'id,kind,unit,name,lon,lat\nMO-DMA-1,flow,L/s,DMA 1 inflow,10.915,44.645\nMO-DMA-3,flow,L/s,DMA 3 inflow,10.925,44.640\n',
    );
    expect(
      await importCmd('--city', 'modena', '--as', 'sensors', '--credentials-out', path.join(dir, 'c.csv'), sensors),
    ).toBe(0);
    expect(
      await importCmd('--city', 'modena', '--as', 'readings', ...SCADA_OPTIONS, '--map', MAP, '--no-rules', scada),
      lines.join('\n'),
    ).toBe(0);
    expect(await liveDataStores(store).readings.insert('modena', LIVE, Date.now())).toBe(LIVE.length);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await cleanUp();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a dry run counts one sensor-day, imported and live apart, and deletes nothing', async () => {
    const day26 = rows.filter((r) => r.day === '26.03.2021' && r.dma3 !== '').length;
    expect(day26).toBe(24);
    const before = await count();
    expect(before).toBe(dma1Stored + dma3Stored + LIVE.length);
    const argv = ['--sensor', 'MO-DMA-3', '--from', '2021-03-26', '--to', '2021-03-27', '--tz', 'Europe/Rome'];
    expect(await del(...argv), lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toContain(
      `dry run: would delete ${day26 + 3} readings of city modena, sensor MO-DMA-3, from 2021-03-26 00:00, ` +
        `before 2021-03-27 00:00 (Europe/Rome) (${day26} imported, 3 live); add --yes`,
    );
    expect(await count()).toBe(before);
  });

  it('--yes --source imported deletes that sensor-day of history only; live readings and other days stay', async () => {
    const argv = ['--sensor', 'MO-DMA-3', '--from', '2021-03-26 00:00', '--to', '2021-03-27T00:00'];
    expect(await del(...argv, '--tz', 'Europe/Rome', '--source', 'imported', '--yes'), lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toMatch(
      /^deleted 24 imported readings of city modena, sensor MO-DMA-3, .*\(24 imported, 0 live\)/,
    );
    expect(await count('MO-DMA-3')).toBe(dma3Stored - 24 + LIVE.length);
    expect(await count('MO-DMA-1')).toBe(dma1Stored);
    const left = await liveDataStores(store).readings.list('modena', 'MO-DMA-3', {
      from: Date.UTC(2021, 2, 25, 23), // 26 March 00:00 CET
      to: Date.UTC(2021, 2, 26, 23),
      limit: 100,
    });
    expect(left.map((r) => r.value)).toEqual([3.3, 3.4, 3.5]);
    // The same again finds nothing more.
    expect(await del(...argv, '--tz', 'Europe/Rome', '--source', 'imported')).toBe(0);
    expect(lines.join('\n')).toMatch(/would delete 0 imported readings/);
  });

  it('--source live deletes the device readings of every sensor and day, not the history', async () => {
    expect(await del('--source', 'live', '--yes')).toBe(0);
    expect(lines.join('\n')).toMatch(/^deleted 4 live readings of city modena \(0 imported, 4 live\)/);
    expect(await count('MO-DMA-3')).toBe(dma3Stored - 24);
    expect(await count('MO-DMA-1')).toBe(dma1Stored);
  });

  it('refuses a bad source, a bad time, a reversed window and an unknown city, deleting nothing', async () => {
    const before = await count();
    expect(await del('--source', 'some', '--yes')).toBe(2);
    expect(lines.join('\n')).toMatch(/--source must be imported, live or all/);
    expect(await del('--from', '26.03.2021', '--yes')).toBe(2);
    expect(lines.join('\n')).toMatch(/--from "26\.03\.2021" is not an ISO-8601 time/);
    expect(await del('--from', '2021-03-27', '--to', '2021-03-26', '--yes')).toBe(2);
    expect(await del('--tz', 'Mars/Olympus', '--yes')).toBe(2);
    lines = [];
    expect(await runReadingsCommand(['delete', '--city', 'nowhere', '--yes'], io())).toBe(2);
    expect(lines.join('\n')).toMatch(/no city "nowhere"/);
    expect(await runReadingsCommand(['purge'], io())).toBe(2);
    expect(await count()).toBe(before);
  });

  it('deletes a whole sensor before a time (zoned ISO), then the whole city', async () => {
    // Before 27 March 00:00 UTC = 01:00 in Rome (CET): DMA 1's rows of the 25th, the 26th and 27.03 00:00.
    const expected = rows.filter(
      (r) => (r.day === '25.03.2021' || r.day === '26.03.2021' || r.local === '27.03.2021 00:00') && r.dma1 !== '',
    ).length;
    expect(await del('--sensor', 'MO-DMA-1', '--to', '2021-03-27T00:00:00Z', '--yes')).toBe(0);
    expect(lines.join('\n')).toContain(`deleted ${expected} readings of city modena, sensor MO-DMA-1`);
    expect(await count('MO-DMA-1')).toBe(dma1Stored - expected);
    const rest = await count();
    expect(rest).toBeGreaterThan(0);
    expect(await del('--yes')).toBe(0);
    expect(lines.join('\n')).toMatch(
      new RegExp(`^deleted ${rest} readings of city modena \\(${rest} imported, 0 live\\)`),
    );
    expect(await count()).toBe(0);
  });
}

describe('readings delete on PGlite', () => {
  deleteSuite(
    (dir) => openStore({ dataDir: dir }),
    async () => {},
  );
});

describePostgres('readings delete on PostgreSQL', (databaseUrl) => {
  const schema = uniqueSchemaName();
  deleteSuite(
    (dir) => openStore({ dataDir: dir, databaseUrl, schema }),
    () => dropSchema(databaseUrl, schema),
  );
});

describe('readings delete through the CLI', () => {
  it('is in the help, and a dry run on an empty city store names the city', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-readings-cli-'));
    try {
      const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
      const help = runTsx('tiles/cli.ts', ['help'], env);
      expect(await help.exited).toBe(0);
      await help.stop();
      expect(help.output()).toContain('readings delete --city ID [--sensor ID] [--from TIME] [--to TIME]');
      const missing = runTsx('tiles/cli.ts', ['readings', 'delete', '--city', 'modena'], env);
      expect(await missing.exited).toBe(2);
      await missing.stop();
      expect(missing.output()).toContain('no city "modena"');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
