import { wallClockParser, wallClockToMs, type WallClock } from '../../../core/time/local-time.js';
import { addCount, createReport, fail, warn, type ImportReport } from '../../report/import-report.js';
import { guessDelimiter, splitCsvLine } from '../../../core/registry/csv-rows.js';

/** How a SCADA history file is read. */
export interface ReadingsCsvOptions {
  source: string;
  /** The city's sensors (ids): columns or rows naming others are skipped with a warning (wide) or an error (long). */
  sensorIds: ReadonlySet<string>;
  delimiter?: string;
  /** `,` for decimal commas (`3,55`); default `.`. */
  decimal?: '.' | ',';
  /** Local time format such as `DD.MM.YYYY HH:mm`; default ISO-8601 (with or without zone) or epoch ms. */
  timeFormat?: string;
  /** IANA zone of times without an offset. */
  timeZone: string;
  /** Sensor id -> column header (wide), or `sensor`/`time`/`value` -> column (long). */
  map?: Readonly<Record<string, string>>;
  /** Called every `progressEvery` rows with the rows read so far. */
  onProgress?: (rows: number) => void;
  progressEvery?: number;
}

/** A reading to store (seq: the time itself, so importing a file twice stores each reading once). */
export interface ImportedReading {
  sensorId: string;
  ts: number;
  value: number;
  seq: number;
}

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses one time cell to epoch ms, or null: `timeFormat` local times, else ISO-8601 (local in `timeZone` without a
 * zone) or epoch ms. Also reads the times the `readings delete` command takes.
 */
export function timeReader(
  options: Pick<ReadingsCsvOptions, 'timeFormat' | 'timeZone'>,
): (text: string) => number | null {
  const cache = new Map<number, number>();
  const local = (c: WallClock | null) => (c ? wallClockToMs(c, options.timeZone, cache) : null);
  if (options.timeFormat) {
    const parse = wallClockParser(options.timeFormat);
    return (text) => local(parse(text));
  }
  const iso = wallClockParser('YYYY-MM-DD HH:mm:ss');
  const isoMin = wallClockParser('YYYY-MM-DD HH:mm');
  return (text) => {
    const t = text.trim();
    if (/^\d{12,14}$/.test(t)) return Number(t);
    if (ISO_ZONED.test(t)) return Date.parse(t);
    if (ISO.test(t)) {
      const s = t.replace('T', ' ').replace(/\.\d+$/, '');
      return local(iso(s) ?? isoMin(s));
    }
    return null;
  };
}

/** A value cell: a number (with the decimal mark given), or null for blank or NaN (missing data); undefined if bad. */
function valueReader(decimal: '.' | ','): (text: string) => number | null | undefined {
  return (text) => {
    let t = text.trim();
    if (t === '' || /^(nan|null|n\/a|-)$/i.test(t)) return null;
    if (decimal === ',') t = t.replace(/\./g, '').replace(',', '.');
    const v = Number(t);
    return Number.isFinite(v) ? v : undefined;
  };
}

/**
 * Reads SCADA history: wide (a time column, then one column per sensor, headed by the sensor id or mapped with
 * `--map ID=HEADER`) or long (`sensor,time,value` columns). Bad times and values are errors naming the line; blank
 * and NaN cells are missing data (counted, not errors). Answers the readings or, on any error, none.
 */
export function readReadingsCsv(
  text: string,
  options: ReadingsCsvOptions,
): { readings: ImportedReading[] | null; report: ImportReport } {
  const report = createReport(options.source, 'readings');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) {
    fail(report, 'the file is empty');
    return { readings: null, report };
  }
  const d = options.delimiter ?? guessDelimiter(lines[headerAt]!);
  const header = splitCsvLine(lines[headerAt]!, d).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const map = options.map ?? {};
  const col = (name: string): number => lower.indexOf((map[name] ?? name).toLowerCase());
  const readTime = timeReader(options);
  const readValue = valueReader(options.decimal ?? '.');
  const readings: ImportedReading[] = [];
  const every = options.progressEvery ?? 100_000;
  const long = col('sensor') >= 0 && col('value') >= 0;
  const columns: { index: number; sensorId: string }[] = [];
  let timeCol: number;
  if (long) {
    timeCol = col('time') >= 0 ? col('time') : col('ts');
    if (timeCol < 0) {
      fail(report, `long format needs a time column (header: ${header.join(', ')})`);
      return { readings: null, report };
    }
    report.assumptions.push('long format: one reading per row (sensor, time, value)');
  } else {
    timeCol = col('time') >= 0 ? col('time') : 0;
    const byHeader = new Map<string, string>();
    for (const [id, h] of Object.entries(map)) byHeader.set(h.toLowerCase(), id);
    for (const missing of Object.values(map).filter((h) => !lower.includes(h.toLowerCase())))
      fail(report, `--map names column "${missing}", which the header does not have (${header.join(', ')})`);
    header.forEach((h, index) => {
      if (index === timeCol || h === '') return;
      const sensorId = byHeader.get(h.toLowerCase()) ?? h;
      if (options.sensorIds.has(sensorId)) columns.push({ index, sensorId });
      else warn(report, `column "${h}" is no sensor of the city: skipped (map it with --map SENSOR_ID="${h}")`);
    });
    if (columns.length === 0) fail(report, 'no column of the file is a sensor of the city');
    report.assumptions.push(
      `wide format: time in column "${header[timeCol]}", ${columns.map((c) => `${c.sensorId} <- "${header[c.index]}"`).join(', ')}`,
    );
  }
  if (report.errors.length > 0) return { readings: null, report };
  const sensorCol = long ? col('sensor') : -1;
  const valueCol = long ? col('value') : -1;
  let rows = 0;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const where = { line: i + 1 };
    const cells = splitCsvLine(line, d);
    const ts = readTime(cells[timeCol] ?? '');
    rows++;
    if (rows % every === 0) options.onProgress?.(rows);
    if (ts === null) {
      fail(report, `time "${cells[timeCol] ?? ''}" is not ${options.timeFormat ?? 'ISO-8601 or epoch ms'}`, where);
      continue;
    }
    const take = (sensorId: string, cell: string, column: string) => {
      const v = readValue(cell);
      if (v === undefined) fail(report, `${column}: value "${cell}" is not a number`, where);
      else if (v === null) addCount(report, 'missing values');
      else readings.push({ sensorId, ts, value: v, seq: ts });
    };
    if (long) {
      const id = (cells[sensorCol] ?? '').trim();
      if (!options.sensorIds.has(id)) {
        fail(report, `sensor "${id}" is no sensor of the city`, where);
        continue;
      }
      take(id, cells[valueCol] ?? '', 'value');
    } else for (const c of columns) take(c.sensorId, cells[c.index] ?? '', header[c.index]!);
  }
  addCount(report, 'rows', rows);
  addCount(report, 'readings', readings.length);
  return { readings: report.errors.length > 0 ? null : readings, report };
}
