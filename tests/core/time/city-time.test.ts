import { describe, expect, it } from 'vitest';
import { formatCityTime, isTimeZone, zoneOffsetMinutes } from '../../../core/time/city-time.js';
import { CitySchema } from '../../../core/model/index.js';

describe('core/time/city-time', () => {
  // 2026-12-04T16:30:05Z
  const ms = Date.UTC(2026, 11, 4, 16, 30, 5);
  it("formats in the city's zone, not the machine's", () => {
    expect(formatCityTime(ms, 'Asia/Shanghai')).toBe('2026-12-05 00:30');
    expect(formatCityTime(ms, 'UTC', { seconds: true })).toBe('2026-12-04 16:30:05');
    expect(formatCityTime(ms, 'Europe/London')).toBe('2026-12-04 16:30');
  });
  it('knows offsets, including daylight saving', () => {
    expect(zoneOffsetMinutes(ms, 'Asia/Shanghai')).toBe(480);
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 1), 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(ms, 'Europe/Berlin')).toBe(60);
  });
  it('accepts IANA zones on a city and refuses anything else', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    const city = { id: 'c', name: 'c', center: [0, 0], bbox: [0, 0, 1, 1], createdAt: 0 };
    expect(CitySchema.safeParse({ ...city, timeZone: 'Asia/Shanghai' }).success).toBe(true);
    expect(CitySchema.safeParse({ ...city, timeZone: 'GMT+8 Beijing' }).success).toBe(false);
  });
});
