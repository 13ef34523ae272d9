import { DEFAULT_TIME_ZONE, formatCityTime, isTimeZone } from '../../core/time/city-time.js';
import { liveDataStores, type ReadingsSelection, type ReadingsSource } from '../../store/readings/index.js';
import { timeReader } from '../import/registry/readings-csv.js';
import { parseCommandOptions, type OptionSpecs } from './command-options.js';
import type { ImportCommandIo } from './import.command.js';

const USAGE =
  'usage: readings delete --city ID [--sensor ID] [--from TIME] [--to TIME] [--source imported|live|all] ' +
  '[--tz ZONE] [--yes]\n' +
  '       TIME: ISO-8601 (2021-03-25, 2021-03-25 06:00 in the city zone, or with Z/+01:00) or epoch ms;\n' +
  '       without --yes nothing is deleted: the readings that would go are counted';

const SOURCES: readonly ReadingsSource[] = ['imported', 'live', 'all'];

interface DeleteArgs {
  city: string;
  sensor?: string;
  from?: string;
  to?: string;
  source: ReadingsSource;
  tz?: string;
  yes: boolean;
}

const DELETE_OPTIONS = {
  city: { type: 'string' },
  sensor: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  tz: { type: 'string' },
  source: { type: 'string' },
  yes: { type: 'boolean' },
} as const satisfies OptionSpecs;

function parseDeleteArgs(argv: string[]): DeleteArgs | string {
  const parsed = parseCommandOptions(argv, DELETE_OPTIONS);
  if (typeof parsed === 'string') return parsed;
  const { city, sensor, from, to, tz, source = 'all', yes = false } = parsed.values;
  if (!(SOURCES as readonly string[]).includes(source))
    return `--source must be imported, live or all, got "${source}"`;
  if (!city) return '--city is required';
  return {
    city,
    source: source as ReadingsSource,
    yes,
    ...(sensor !== undefined ? { sensor } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(tz !== undefined ? { tz } : {}),
  };
}

/** A `--from`/`--to` time: a bare date is its local midnight. */
function parseTime(text: string, timeZone: string): number | null {
  const t = text.trim();
  return timeReader({ timeZone })(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t} 00:00` : t);
}

/**
 * `npm run tiles -- readings delete --city ID [--sensor ID] [--from T] [--to T] [--source imported|live|all] [--yes]`:
 * deletes history on purpose (a wrong import, a sensor's test readings), imported history included, which retention
 * never touches. Without `--yes` it is a dry run that counts what would go, so the selection can be checked first.
 * Alerts raised by the readings stay: they are the record of what operators were told.
 */
export async function runReadingsCommand(argv: string[], io: ImportCommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'delete') {
    io.log(USAGE);
    return 2;
  }
  const args = parseDeleteArgs(rest);
  if (typeof args === 'string') {
    io.log(`error: ${args}\n${USAGE}`);
    return 2;
  }
  const city = await io.store.getCity(args.city);
  if (!city) {
    io.log(`error: no city "${args.city}"`);
    return 2;
  }
  const timeZone = args.tz ?? city.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    io.log(`error: --tz "${timeZone}" is not an IANA time zone (e.g. Europe/Rome, Asia/Shanghai)`);
    return 2;
  }
  const sel: ReadingsSelection = { source: args.source };
  if (args.sensor !== undefined) {
    if (!(await io.store.getSensor(args.city, args.sensor))) {
      // A deleted sensor may leave readings behind (they have no foreign key): deleting them is allowed, said.
      io.log(`  note: "${args.sensor}" is no sensor of city ${args.city} (any readings it left are selected)`);
    }
    sel.sensorId = args.sensor;
  }
  for (const key of ['from', 'to'] as const) {
    const text = args[key];
    if (text === undefined) continue;
    const ms = parseTime(text, timeZone);
    if (ms === null) {
      io.log(`error: --${key} "${text}" is not an ISO-8601 time or epoch ms\n${USAGE}`);
      return 2;
    }
    sel[key] = ms;
  }
  if (sel.from !== undefined && sel.to !== undefined && sel.from >= sel.to) {
    io.log('error: --from must be before --to');
    return 2;
  }
  const what =
    `${args.source === 'all' ? '' : `${args.source} `}readings of city ${args.city}` +
    (sel.sensorId === undefined ? '' : `, sensor ${sel.sensorId}`) +
    (sel.from === undefined ? '' : `, from ${formatCityTime(sel.from, timeZone)}`) +
    (sel.to === undefined ? '' : `, before ${formatCityTime(sel.to, timeZone)}`) +
    (sel.from === undefined && sel.to === undefined ? '' : ` (${timeZone})`);
  const readings = liveDataStores(io.store).readings;
  if (!args.yes) {
    const n = await readings.tally(args.city, sel);
    io.log(
      `dry run: would delete ${(n.imported + n.live).toLocaleString('en')} ${what} ` +
        `(${n.imported.toLocaleString('en')} imported, ${n.live.toLocaleString('en')} live); add --yes to delete them`,
    );
    return 0;
  }
  const t0 = io.now();
  const n = await readings.deleteSelected(args.city, sel);
  io.log(
    `deleted ${(n.imported + n.live).toLocaleString('en')} ${what} ` +
      `(${n.imported.toLocaleString('en')} imported, ${n.live.toLocaleString('en')} live) in ${(io.now() - t0).toFixed(0)} ms; ` +
      'alerts they raised are kept',
  );
  return 0;
}
