import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type CityStore } from '../../store/index.js';
import { runImportCommand } from '../../tiles/commands/import.command.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MODENA = path.join(ROOT, 'tests', 'fixtures', 'epanet', 'Modena.inp');
const COLS = 40;
const ROWS = 25;
const READING_ROWS = 100_000;

/** A grid file of COLS x ROWS square cells over a bbox, each with a worker (a city's management cells). */
function gridFile(bbox: [number, number, number, number]): string {
  const [w, s, e, n] = bbox;
  const dx = (e - w) / COLS,
    dy = (n - s) / ROWS;
  const features = [];
  for (let r = 0; r < ROWS; r++)
    for (let c = 0; c < COLS; c++) {
      const x = w + c * dx,
        y = s + r * dy;
      features.push({
        type: 'Feature',
        properties: {
          code: `B-${r}-${c}`,
          name: `Cella ${r}-${c}`,
          level: 'cell',
          worker: `Operatore ${r}-${c}`,
          phone: `059-${String(r * COLS + c).padStart(6, '0')}`,
        },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + dx, y],
              [x + dx, y + dy],
              [x, y + dy],
              [x, y],
            ],
          ],
        },
      });
    }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** A European SCADA export: `;`, decimal commas, local `DD.MM.YYYY HH:mm`, one minute apart, two sensors. */
function readingsCsv(): string {
  const start = Date.UTC(2015, 0, 1);
  const p = (v: number) => String(v).padStart(2, '0');
  const out = ['Zeit;BENCH-1;BENCH-2'];
  for (let i = 0; i < READING_ROWS; i++) {
    const t = new Date(start + i * 60_000);
    const local = `${p(t.getUTCDate())}.${p(t.getUTCMonth() + 1)}.${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
    const a = (10 + Math.sin(i / 60)).toFixed(2).replace('.', ',');
    const b = (3 + Math.sin(i / 90) * 2.5).toFixed(2).replace('.', ',');
    out.push(`${local};${a};${b}`);
  }
  return out.join('\n');
}

/** The lines the last import printed (its phases' times). */
let lastLines: string[] = [];

/** `import` as the CLI runs it; answers its wall time in ms. */
async function timedImport(store: CityStore, dir: string, argv: string[]): Promise<number> {
  const lines: string[] = [];
  lastLines = lines;
  const t0 = performance.now();
  const code = await runImportCommand(argv, { store, log: (l) => lines.push(l), now: Date.now, dataDir: dir });
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`import ${argv.join(' ')} failed:\n${lines.join('\n')}`);
  return ms;
}

/** The two imports on one store: a 1,000-cell grid file, then a 100,000-row readings CSV (rules on). */
async function measure(store: CityStore, dir: string): Promise<{ gridMs: number; readingsMs: number; phases: string }> {
  await timedImport(store, dir, ['--city', 'bench', '--crs', 'EPSG:3003', MODENA]);
  const city = (await store.getCity('bench'))!;
  const grids = path.join(dir, 'cells.geojson');
  fs.writeFileSync(grids, gridFile(city.bbox as [number, number, number, number]));
  const gridMs = await timedImport(store, dir, ['--city', 'bench', '--as', 'grids', grids]);
  const sensors = path.join(dir, 'sensors.csv');
  const [w, s, e, n] = city.bbox;
  fs.writeFileSync(
    sensors,
    `id,kind,unit,lon,lat,hi\nBENCH-1,flow,L/s,${(w + e) / 2},${(s + n) / 2},10.5\nBENCH-2,flow,L/s,${(w + e) / 2},${(s + n) / 2},5\n`,
  );
  await timedImport(store, dir, [
    '--city',
    'bench',
    '--as',
    'sensors',
    '--credentials-out',
    `${dir}/credentials-${Date.now()}.csv`,
    sensors,
  ]);
  const csv = path.join(dir, 'readings.csv');
  fs.writeFileSync(csv, readingsCsv());
  const readingsMs = await timedImport(store, dir, [
    '--city',
    'bench',
    '--as',
    'readings',
    '--delimiter',
    ';',
    '--decimal',
    ',',
    '--time-format',
    'DD.MM.YYYY HH:mm',
    '--tz',
    'Europe/Rome',
    csv,
  ]);
  // Where the readings time goes: storing, then the rules in event time (alerts written one by one).
  const ms = (re: RegExp) => lastLines.map((l) => re.exec(l)?.[1]).find((v) => v !== undefined) ?? '?';
  const phases = `stored in ${ms(/^saved .* in (\d+) ms/)} ms, rules in ${ms(/rules over the history.* in (\d+) ms/)} ms`;
  return { gridMs, readingsMs, phases };
}

/**
 * Registry imports of issue 12 end to end, as `npm run tiles -- import --as grids|readings` runs them (read, check,
 * save, re-assign; for readings also the rules in event time): on the embedded PGlite and, when DATABASE_URL is set,
 * on PostgreSQL (a schema of its own, dropped after).
 */
export async function runRegistryImportBench(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {
    sizes: `${COLS * ROWS} cells (GeoJSON); ${READING_ROWS.toLocaleString('en')} rows x 2 sensors (SCADA CSV)`,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-bench-registry-'));
  try {
    // The embedded PGlite both ways the CLI may run it: on the main thread and on a worker thread of its own.
    for (const [name, pgliteInWorker] of [
      ['PGlite in-process', false],
      ['PGlite on a worker', true],
    ] as const) {
      const liteDir = path.join(dir, name.replace(/\W+/g, '-'));
      const lite = await openStore({ dataDir: liteDir, pgliteInWorker });
      try {
        const cpu0 = process.threadCpuUsage();
        const m = await measure(lite, liteDir);
        const cpu = process.threadCpuUsage(cpu0);
        figures[`${name}: 1,000-cell grid file ms`] = Math.round(m.gridMs);
        figures[`${name}: 100,000-row readings CSV ms`] = Math.round(m.readingsMs);
        figures[`${name}: readings phases`] = m.phases;
        figures[`${name}: main-thread CPU ms (all imports of the run)`] = Math.round((cpu.user + cpu.system) / 1000);
      } finally {
        await lite.close();
      }
    }
    figures['load average (1, 5, 15 min)'] = os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
    const url = process.env.DATABASE_URL;
    if (url) {
      const schema = `gt_bench_${process.pid}`;
      const store = await openStore({ dataDir: dir, databaseUrl: url, schema });
      try {
        const m = await measure(store, dir);
        figures['PostgreSQL: 1,000-cell grid file ms'] = Math.round(m.gridMs);
        figures['PostgreSQL: 100,000-row readings CSV ms'] = Math.round(m.readingsMs);
        figures['PostgreSQL: readings phases'] = m.phases;
      } finally {
        await store.close();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    } else figures.PostgreSQL = 'skipped (set DATABASE_URL)';
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
