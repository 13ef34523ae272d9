import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { liveDataStores } from '../../../store/readings/index.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';
import { readingsRoutes } from '../../../server/routes/readings.routes.js';
import { ReadingsService } from '../../../server/services/readings.service.js';
import { CityService } from '../../../server/services/city.service.js';
import { apiErrorHandler } from '../../../server/http/api-errors.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const scada = path.join(fixtures, 'scada', 'bwdf-dma-inflows-scada.csv');
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

/** The fixture's rows: local time text and the DMA 3 value (decimal comma), for independent expectations. */
function dma3Rows(): { local: string; value: number }[] {
  return fs
    .readFileSync(scada, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(';'))
    .map((c) => ({ local: c[0]!, value: Number(c[3]!.replace(',', '.')) }));
}

/** Europe/Rome in March 2021: CET (+1) until 28 March 02:00, CEST (+2) from then. */
function romeMarch2021(local: string): number {
  const m = /^(\d\d)\.03\.2021 (\d\d):(\d\d)$/.exec(local)!;
  const day = Number(m[1]),
    hour = Number(m[2]);
  const offset = day > 28 || (day === 28 && hour >= 3) ? 2 : 1;
  return Date.UTC(2021, 2, day, hour - offset, Number(m[3]));
}

describe('import --as readings (SCADA history)', () => {
  let dir: string;
  let store: CityStore;
  let lines: string[] = [];
  const run = async (...argv: string[]) => {
    lines = [];
    return runImportCommand(argv, { store, log: (l) => lines.push(l), now: () => Date.now(), dataDir: dir });
  };
  const live = () => liveDataStores(store);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-readings-'));
    store = await openStore({ dataDir: dir });
    expect(await run('--city', 'modena', '--crs', 'EPSG:3003', path.join(fixtures, 'epanet', 'Modena.inp'))).toBe(0);
    const sensors = path.join(dir, 'dma-sensors.csv');
    fs.writeFileSync(
      sensors,
      [
        'id,kind,unit,name,lon,lat,hi,hihi,deadband',
        'MO-DMA-1,flow,L/s,DMA 1 inflow,10.915,44.645,,,',
        'MO-DMA-3,flow,L/s,DMA 3 inflow,10.925,44.640,5,,0.2',
      ].join('\n'),
    );
    expect(
      await run('--city', 'modena', '--as', 'sensors', '--credentials-out', path.join(dir, 'c.csv'), sensors),
    ).toBe(0);
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a wide SCADA export (decimal commas, local time across the DST change) and raises 2021 alerts', async () => {
    const map = 'MO-DMA-1=DMA 1 (L/s),MO-DMA-3=DMA 3 (L/s)';
    expect(
      await run('--city', 'modena', '--as', 'readings', ...SCADA_OPTIONS, '--map', map, scada),
      lines.join('\n'),
    ).toBe(0);
    const out = lines.join('\n');
    expect(out).toMatch(/column "DMA 2 \(L\/s\)" is no sensor of the city: skipped/);
    const rows = dma3Rows();
    const dma3 = await live().readings.list('modena', 'MO-DMA-3', { from: 0, to: Date.now(), limit: 1000 });
    expect(dma3).toHaveLength(95);
    dma3.forEach((r, i) => {
      expect(r.ts, rows[i]!.local).toBe(romeMarch2021(rows[i]!.local));
      expect(r.value).toBe(rows[i]!.value);
    });
    // 01:00 CET and 03:00 CEST on 28 March are one hour apart.
    const i1 = rows.findIndex((r) => r.local === '28.03.2021 01:00');
    expect(rows[i1 + 1]!.local).toBe('28.03.2021 03:00');
    expect(dma3[i1 + 1]!.ts - dma3[i1]!.ts).toBe(3_600_000);
    // DMA 1 has blank (missing) cells on the first day: counted, not stored.
    const dma1 = await live().readings.range('modena', 'MO-DMA-1');
    const dma1Cells = fs
      .readFileSync(scada, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .filter((l) => l.split(';')[1] !== '');
    expect(dma1.count).toBe(dma1Cells.length);
    expect(dma1.count).toBeLessThan(95);
    // The hi rule (5 L/s) ran in event time: the first alert is stamped with the first reading above 5 L/s.
    const firstHigh = rows.find((r) => r.value > 5)!;
    const alerts = (await live().alerts.list('modena', { sensorId: 'MO-DMA-3', limit: 100, offset: 0 })).items;
    expect(alerts.length).toBeGreaterThan(0);
    const earliest = alerts.reduce((a, b) => (a.raisedAt < b.raisedAt ? a : b));
    expect(earliest).toMatchObject({ rule: 'hi', raisedAt: romeMarch2021(firstHigh.local) });
    expect(new Date(earliest.raisedAt).getUTCFullYear()).toBe(2021);
    expect(out).toMatch(/MO-DMA-3: 95 readings from 2021-03-25 00:00 to 2021-03-28 23:00 \(Europe\/Rome\)/);

    // The range API says where the history is (a chart's default last 24 h would be empty).
    const app = express();
    // This check is about the range, not about who may read it: the open (PUBLIC_READ) policy.
    app.use(
      readingsRoutes(new ReadingsService(store, new CityService(store, 'modena'), live().readings), {
        publicRead: true,
      }).router,
    );
    app.use(
      '/api',
      apiErrorHandler(() => undefined),
    );
    const range = (await request(app).get('/api/sensors/MO-DMA-3/readings/range').expect(200)).body;
    expect(range).toEqual({
      sensorId: 'MO-DMA-3',
      unit: 'L/s',
      first: romeMarch2021('25.03.2021 00:00'),
      last: romeMarch2021('28.03.2021 23:00'),
      count: 95,
    });
    await request(app).get('/api/sensors/nope/readings/range').expect(404);

    // The same file again stores nothing new and raises nothing new.
    expect(await run('--city', 'modena', '--as', 'readings', ...SCADA_OPTIONS, '--map', map, scada)).toBe(0);
    expect(lines.join('\n')).toMatch(/saved 0 readings .*already stored/);
    expect((await live().readings.range('modena', 'MO-DMA-3')).count).toBe(95);
  });

  it('long format with ISO times; a bad time or value names its line and nothing is saved', async () => {
    const long = path.join(dir, 'long.csv');
    fs.writeFileSync(
      long,
      'sensor,time,value\nMO-DMA-1,2019-06-01T10:00:00Z,7.5\nMO-DMA-1,2019-06-01T11:00:00Z,NaN\nMO-DMA-1,2019-06-01 13:00,8\n',
    );
    expect(await run('--city', 'modena', '--as', 'readings', '--tz', 'Europe/Rome', long), lines.join('\n')).toBe(0);
    const june = await live().readings.list('modena', 'MO-DMA-1', {
      from: Date.UTC(2019, 5, 1),
      to: Date.UTC(2019, 5, 2),
      limit: 10,
    });
    expect(june.map((r) => [r.ts, r.value])).toEqual([
      [Date.UTC(2019, 5, 1, 10), 7.5],
      [Date.UTC(2019, 5, 1, 11), 8], // 13:00 CEST
    ]);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      [
        'time;MO-DMA-1',
        '01.01.2020 00:00;1,5',
        '01.01.2020 01:00;2,5',
        '32.01.2020 02:00;3,5',
        '01.01.2020 03:00;4,5',
        '01.01.2020 04:00;abc',
        '01.01.2020 05:00;5,5',
      ].join('\n'),
    );
    const before = (await live().readings.range('modena', 'MO-DMA-1')).count;
    expect(await run('--city', 'modena', '--as', 'readings', ...SCADA_OPTIONS, bad)).toBe(1);
    const out = lines.join('\n');
    expect(out).toMatch(/bad\.csv line 4: time "32\.01\.2020 02:00" is not DD\.MM\.YYYY HH:mm/);
    expect(out).toMatch(/bad\.csv line 6: MO-DMA-1: value "abc" is not a number/);
    expect(out).toMatch(/nothing saved/);
    expect((await live().readings.range('modena', 'MO-DMA-1')).count).toBe(before);
    // Unknown sensors in the long format, an unknown zone.
    fs.writeFileSync(bad, 'sensor,time,value\nMO-NOPE,2020-01-01T00:00:00Z,1\n');
    expect(await run('--city', 'modena', '--as', 'readings', bad)).toBe(1);
    expect(lines.join('\n')).toMatch(/line 2: sensor "MO-NOPE" is no sensor of the city/);
    expect(await run('--city', 'modena', '--as', 'readings', '--tz', 'Mars/Olympus', long)).toBe(2);
  });

  it('imports a 100,000-row SCADA CSV with progress, and reports the time', async () => {
    const big = path.join(dir, 'big.csv');
    const start = Date.UTC(2015, 0, 1);
    const out = ['Zeit;MO-DMA-1;MO-DMA-3'];
    for (let i = 0; i < 100_000; i++) {
      const t = new Date(start + i * 60_000);
      const p = (n: number) => String(n).padStart(2, '0');
      const local = `${p(t.getUTCDate())}.${p(t.getUTCMonth() + 1)}.${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
      out.push(
        `${local};${(10 + Math.sin(i / 60)).toFixed(2).replace('.', ',')};${(3 + Math.sin(i / 90) * 2.5).toFixed(2).replace('.', ',')}`,
      );
    }
    fs.writeFileSync(big, out.join('\n'));
    const t0 = performance.now();
    expect(
      await run('--city', 'modena', '--as', 'readings', ...SCADA_OPTIONS.slice(0, 6), '--tz', 'UTC', big),
      lines.join('\n'),
    ).toBe(0);
    const ms = performance.now() - t0;
    const log = lines.join('\n');
    expect(log).toMatch(/big\.csv: 100,000 rows read/);
    expect(log).toMatch(/stored 200,000 \/ 200,000/);
    expect(log).toMatch(/saved 200,000 readings/);
    expect(log).toMatch(/alerts raised/);
    console.log(`readings import: 100,000 rows (200,000 readings, 2 sensors, rules on) in ${(ms / 1000).toFixed(1)} s`);
    console.log(
      log
        .split('\n')
        .filter((l) => /read .* readings in|saved .* readings|rules over/.test(l))
        .join('\n'),
    );
  }, 300_000);
  it('says history older than READINGS_RETENTION_DAYS is kept (retention deletes live readings), nothing when 0', async () => {
    const map = 'MO-DMA-1=DMA 1 (L/s),MO-DMA-3=DMA 3 (L/s)';
    const argv = ['--city', 'modena', '--as', 'readings', ...SCADA_OPTIONS, '--map', map, '--no-rules', scada];
    const withRetention = async (retentionDays: number) => {
      const out: string[] = [];
      const io = { store, log: (l: string) => out.push(l), now: () => Date.now(), dataDir: dir, retentionDays };
      expect(await runImportCommand(argv, io), out.join('\n')).toBe(0);
      return out.join('\n');
    };
    const kept30 = await withRetention(30);
    const read = Number(/read ([\d,]+) readings/.exec(kept30)![1]!.replace(/,/g, ''));
    expect(read).toBeGreaterThan(0);
    // Every reading of the 2021 export is older than 30 days.
    expect(kept30).toContain(
      `kept: ${read.toLocaleString('en')} readings are older than READINGS_RETENTION_DAYS (30 days); retention ` +
        'deletes live readings only, so imported history stays',
    );
    // The bridge's sweep at 30 days leaves the imported 2021 history in place.
    const before = await live().readings.count('modena', 'MO-DMA-3');
    expect(before).toBeGreaterThan(0);
    await live().readings.deleteBefore(Date.now() - 30 * 86_400_000);
    expect(await live().readings.count('modena', 'MO-DMA-3')).toBe(before);
    expect(await withRetention(0)).not.toMatch(/RETENTION/);
  });
});
