import { DEFAULT_TIME_ZONE, formatCityTime } from '../../core/time/city-time.js';
import { useEngine } from '../engine/engine-context.js';

/** The time zone of the open city (UTC until its data is loaded or when it names none). */
export function useCityTimeZone(): string {
  return useEngine()?.data?.city.timeZone ?? DEFAULT_TIME_ZONE;
}

/** React hook: formats epoch ms as `YYYY-MM-DD HH:mm` in the city's time zone (one format across the viewer). */
export function useCityTime(): (ms: number, options?: { seconds?: boolean }) => string {
  const zone = useCityTimeZone();
  return (ms, options) => formatCityTime(ms, zone, options);
}
