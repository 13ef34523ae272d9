/**
 * The import report: what an importer read, what it assumed, and every warning or error with where it came from
 * (a feature index/id, or an .inp line number and section). Importers build one; the CLI prints it.
 */

/** Where a message comes from in the source file. */
export interface SourceLocation {
  file?: string;
  /** 1-based line number (text formats such as .inp). */
  line?: number;
  /** Section of a sectioned format (`PIPES`, `COORDINATES`). */
  section?: string;
  /** 0-based index of a GeoJSON feature in its collection. */
  featureIndex?: number;
  /** The source's own id of the feature or element. */
  featureId?: string;
}

/** One warning or error. `count` > 1 summarises many similar cases in one line. */
export interface ImportIssue {
  message: string;
  where?: SourceLocation;
  count?: number;
}

/** What one import did. */
export interface ImportReport {
  /** The file (or label) imported. */
  source: string;
  /** Which importer ran (`geojson-buildings`, `epanet-inp`, `pipe-gis`). */
  kind: string;
  /** Counts of what was read and produced (`junctions`, `pipes`, `buildings`, `skippedPoints`...). */
  counts: Record<string, number>;
  /** Choices made for the user where the source said nothing (assumed depths, diameters...). */
  assumptions: string[];
  warnings: ImportIssue[];
  errors: ImportIssue[];
}

/** What an importer returns: parts only when there were no errors (never a partial result). */
export interface ImportResult<T> {
  parts: T | null;
  report: ImportReport;
}

/** A fresh, empty report. */
export function createReport(source: string, kind: string): ImportReport {
  return { source, kind, counts: {}, assumptions: [], warnings: [], errors: [] };
}

/** Adds `by` (default 1) to a named count. */
export function addCount(report: ImportReport, name: string, by = 1): void {
  report.counts[name] = (report.counts[name] ?? 0) + by;
}

/** Caps the number of stored issues of one kind so a broken 100k-line file does not flood memory or the terminal. */
export const MAX_ISSUES = 200;

/** Records a warning (dropped, but counted, past MAX_ISSUES). */
export function warn(report: ImportReport, message: string, where?: SourceLocation, count?: number): void {
  push(report, report.warnings, 'warningsNotListed', { message, where, count });
}

/** Records an error: the import will return no parts. */
export function fail(report: ImportReport, message: string, where?: SourceLocation): void {
  push(report, report.errors, 'errorsNotListed', { message, where });
}

function push(report: ImportReport, list: ImportIssue[], overflowCount: string, issue: ImportIssue): void {
  if (list.length < MAX_ISSUES) list.push(stripUndefined(issue));
  else addCount(report, overflowCount);
}

function stripUndefined(issue: ImportIssue): ImportIssue {
  const out: ImportIssue = { message: issue.message };
  if (issue.where) out.where = issue.where;
  if (issue.count !== undefined) out.count = issue.count;
  return out;
}

/** Wraps parts into a result, dropping them when the report has errors. */
export function finish<T>(report: ImportReport, parts: T): ImportResult<T> {
  return { parts: report.errors.length > 0 ? null : parts, report };
}
