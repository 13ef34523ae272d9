import { zoneOffsetMinutes } from './city-time.js';

/** The wall-clock fields of a local time. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Epoch ms of a wall-clock time in an IANA zone. A time in the hour skipped when clocks go forward, or in the hour
 * repeated when they go back, resolves to one valid instant next to it (SCADA exports rarely say which was meant).
 * `offsetCache` (keyed by hour) makes long series cheap: the zone's offset is looked up once per hour of input.
 */
export function wallClockToMs(c: WallClock, timeZone: string, offsetCache?: Map<number, number>): number {
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  const offset = (ms: number): number => {
    const hour = Math.floor(ms / 3_600_000);
    let o = offsetCache?.get(hour);
    if (o === undefined) {
      o = zoneOffsetMinutes(ms, timeZone);
      offsetCache?.set(hour, o);
    }
    return o * 60_000;
  };
  // Two passes: the offset at the guess, then at the result (they differ only near a change of offset).
  const first = asUtc - offset(asUtc - offset(asUtc));
  const second = asUtc - offset(first);
  return Math.min(first, second);
}

const TOKENS: Record<string, { re: string; field: keyof WallClock }> = {
  YYYY: { re: '(\\d{4})', field: 'year' },
  MM: { re: '(\\d{1,2})', field: 'month' },
  DD: { re: '(\\d{1,2})', field: 'day' },
  HH: { re: '(\\d{1,2})', field: 'hour' },
  mm: { re: '(\\d{2})', field: 'minute' },
  ss: { re: '(\\d{2}(?:[.,]\\d+)?)', field: 'second' },
};

/**
 * A parser of local times written as `format` (tokens YYYY, MM, DD, HH, mm, ss; any other character is literal,
 * e.g. `DD.MM.YYYY HH:mm:ss`); throws on a format without YYYY, MM and DD. The parser answers null for text that does
 * not match or a field out of range.
 */
export function wallClockParser(format: string): (text: string) => WallClock | null {
  const fields: (keyof WallClock)[] = [];
  let re = '';
  for (let i = 0; i < format.length;) {
    const token = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'].find((t) => format.startsWith(t, i));
    if (token) {
      re += TOKENS[token]!.re;
      fields.push(TOKENS[token]!.field);
      i += token.length;
    } else {
      re += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  for (const f of ['year', 'month', 'day'] as const)
    if (!fields.includes(f)) throw new Error(`--time-format "${format}" needs YYYY, MM and DD`);
  const pattern = new RegExp(`^\\s*${re}\\s*$`);
  return (text) => {
    const m = pattern.exec(text);
    if (!m) return null;
    const c: WallClock = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    fields.forEach((f, i) => (c[f] = Number(m[i + 1]!.replace(',', '.'))));
    if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour > 24 || c.minute > 59 || c.second >= 61)
      return null;
    return c;
  };
}
