import type { SourceLocation } from './import-report.js';
import { readCsvRows } from './csv-rows.js';

/** One record of a registry file (raw values by column or property name) and where it came from. */
export interface RawRecord {
  raw: Record<string, unknown>;
  where: SourceLocation;
}

/**
 * The records of a registry file: CSV rows (with their line numbers), a JSON array (or `{"<listKey>": [...]}`), or a
 * GeoJSON FeatureCollection whose properties are the records; a Point geometry gives `lon`/`lat`, a polygon gives
 * `polygon`. A message when the file cannot be read as any of these.
 */
export function readRecordFile(
  text: string,
  options: { source: string; delimiter?: string; listKey: string },
): RawRecord[] | string {
  const ext = /\.[^./\\]*$/.exec(options.source)?.[0].toLowerCase() ?? '';
  if (ext === '.json' || ext === '.geojson' || /^\s*[[{]/.test(text)) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return `invalid JSON: ${(e as Error).message}`;
    }
    const d = doc as Record<string, unknown> & { type?: string; features?: unknown[] };
    if (d?.type === 'FeatureCollection' && Array.isArray(d.features))
      return d.features.map((f, featureIndex) => {
        const feature = f as {
          properties?: Record<string, unknown>;
          geometry?: { type?: string; coordinates?: unknown };
        };
        const raw: Record<string, unknown> = { ...(feature.properties ?? {}) };
        const g = feature.geometry;
        if (g?.type === 'Point') [raw.lon, raw.lat] = g.coordinates as number[];
        else if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') raw.polygon = g;
        return { raw, where: { featureIndex } };
      });
    const list = Array.isArray(doc)
      ? doc
      : Array.isArray(d?.[options.listKey])
        ? (d[options.listKey] as unknown[])
        : null;
    if (!list)
      return `JSON ${options.listKey} are an array of objects (or {"${options.listKey}": [...]}) or a GeoJSON FeatureCollection`;
    return list.map((o, featureIndex) => ({ raw: (o ?? {}) as Record<string, unknown>, where: { featureIndex } }));
  }
  return readCsvRows(text, options.delimiter).rows.map((r) => ({ raw: r.values, where: { line: r.line } }));
}

/** The first zod issue of a record as `field "value": message`. */
export function describeIssue(
  issue: { path: readonly PropertyKey[]; message: string },
  picked: Record<string, unknown>,
  fallback = 'row',
): string {
  const field = issue.path.map(String).join('.') || fallback;
  // A password is never echoed, not even a wrong one.
  const value = field === 'password' ? undefined : picked[field];
  const shown = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  return `${field}${shown !== undefined && shown !== '' ? ` "${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}"` : ''}: ${issue.message}`;
}
