/**
 * One date-time format everywhere in GridTwin's UI: `YYYY-MM-DD HH:mm` (optionally `:ss`) in the city's own IANA
 * time zone, whatever the reader's browser zone; the same digits in English and Chinese, so a crew and a manager
 * reading each other's screens see the same time.
 */

/** The zone used when a city names none. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock parts of `ms` in `timeZone`. */
export function cityClock(ms: number, timeZone: string = DEFAULT_TIME_ZONE) {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    seconds: parts.second ?? '00',
  };
}

/** `YYYY-MM-DD HH:mm` (with `:ss` when asked) of `ms` in `timeZone`. */
export function formatCityTime(ms: number, timeZone: string = DEFAULT_TIME_ZONE, options: { seconds?: boolean } = {}) {
  const c = cityClock(ms, timeZone);
  return `${c.date} ${c.time}${options.seconds ? `:${c.seconds}` : ''}`;
}

/** Offset of `timeZone` from UTC at `ms`, minutes (Asia/Shanghai: 480). */
export function zoneOffsetMinutes(ms: number, timeZone: string = DEFAULT_TIME_ZONE): number {
  const c = cityClock(ms, timeZone);
  const asUtc = Date.parse(`${c.date}T${c.time}:${c.seconds}Z`);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}
