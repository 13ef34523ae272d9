import fs from 'node:fs';
import mqtt from 'mqtt';
import { readingTopic } from '../../core/contracts/mqtt.js';

/** One row of a time series: time (epoch ms) and value (null where the file says NaN or nothing). */
export interface SeriesPoint {
  ts: number;
  value: number | null;
}

/** A parsed CSV time series: its column names and the chosen column's points. */
export interface CsvSeries {
  columns: string[];
  column: string;
  points: SeriesPoint[];
}

/** Central European time: CET (UTC+1) or, from the last Sunday of March to the last Sunday of October, CEST (UTC+2). */
function cetOffsetMs(y: number, mo: number, d: number, h: number): number {
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(y, month + 1, 0));
    return last.getUTCDate() - last.getUTCDay();
  };
  const t = Date.UTC(y, mo, d, h);
  const start = Date.UTC(y, 2, lastSunday(2), 2);
  const end = Date.UTC(y, 9, lastSunday(9), 3);
  return t >= start && t < end ? 2 * 3_600_000 : 3_600_000;
}

/**
 * Parses a time. Accepts epoch ms, ISO-8601, and `DD/MM/YYYY HH:mm` (taken as Central European local time, as in the
 * BWDF data); answers NaN for anything else.
 */
export function parseCsvTime(text: string): number {
  const t = text.trim();
  if (/^\d{12,}$/.test(t)) return Number(t);
  const m = /^(\d{2})\/(\d{2})\/(\d{4})[ T](\d{2}):(\d{2})$/.exec(t);
  if (m) {
    const [d, mo, y, h, mi] = [Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])];
    return Date.UTC(y, mo, d, h, mi) - cetOffsetMs(y, mo, d, h);
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(t) ? Date.parse(t) : Number.NaN;
}

/**
 * Reads a CSV time series: first column the time, `column` the values (a name, a header prefix such as "DMA 3", or a
 * 1-based index among the value columns). Throws an Error naming the columns when `column` is not there.
 */
export function parseCsvSeries(text: string, column: string | number = 1): CsvSeries {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const columns = header.slice(1);
  const index =
    typeof column === 'number' || /^\d+$/.test(column)
      ? Number(column)
      : 1 + columns.findIndex((c) => c === column || c.startsWith(`${column} `) || c.startsWith(`${column}(`));
  if (!(index >= 1 && index <= columns.length)) {
    throw new Error(`column ${JSON.stringify(column)} not found; columns: ${columns.join(', ')}`);
  }
  const points: SeriesPoint[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const ts = parseCsvTime(cells[0] ?? '');
    if (!Number.isFinite(ts)) continue;
    const raw = (cells[index] ?? '').trim();
    const value = raw === '' || raw === 'NaN' ? null : Number(raw);
    points.push({ ts, value: value !== null && Number.isFinite(value) ? value : null });
  }
  return { columns, column: header[index]!, points };
}

/** Options of a replay. */
export interface ReplayOptions {
  url: string;
  sensorId: string;
  series: CsvSeries;
  /** Time compression: 3600 plays an hour of data per second. Default 3600. */
  speed?: number;
  /** Keep the file's own timestamps (history) instead of re-timing the series to start now. */
  keepTime?: boolean;
  username?: string;
  password?: string;
  protocolVersion?: 4 | 5;
  qos?: 0 | 1;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * Replays a series onto a sensor's reading topic, paced by `speed`. Gaps (NaN) are skipped, as a silent meter would
 * be. Re-timed readings get `start + (t - t0) / speed`; seq is the row number offset by the start time, so a replay
 * run twice is stored twice, a message redelivered once.
 */
export async function replaySeries(o: ReplayOptions): Promise<{ sent: number; skipped: number }> {
  const now = o.now ?? Date.now;
  const speed = o.speed ?? 3600;
  const client = await mqtt.connectAsync(o.url, {
    protocolVersion: o.protocolVersion ?? 4,
    reconnectPeriod: 1000,
    ...(o.username === undefined ? {} : { username: o.username, password: o.password ?? '' }),
  });
  const t0 = o.series.points[0]?.ts ?? 0;
  const start = now();
  let sent = 0,
    skipped = 0;
  try {
    for (const [i, p] of o.series.points.entries()) {
      const due = start + (p.ts - t0) / speed;
      const wait = due - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (p.value === null) {
        skipped++;
        continue;
      }
      const ts = o.keepTime ? p.ts : Math.round(due);
      await client.publishAsync(readingTopic(o.sensorId), JSON.stringify({ ts, value: p.value, seq: start + i }), {
        qos: o.qos ?? 1,
      });
      sent++;
    }
  } finally {
    await client.endAsync();
  }
  o.log?.(
    `replayed ${sent} readings of "${o.series.column}" onto ${readingTopic(o.sensorId)} (${skipped} gaps skipped)`,
  );
  return { sent, skipped };
}

/** Reads a CSV file for `replaySeries`. */
export function readCsvSeries(file: string, column: string | number = 1): CsvSeries {
  return parseCsvSeries(fs.readFileSync(file, 'utf8'), column);
}
