import type { ImportIssue, ImportReport, SourceLocation } from './import-report.js';

/** `Modena.inp line 312 [PIPES]`, `feature #4 (id 123)`: a location as people read it. */
export function formatLocation(where: SourceLocation | undefined, fallbackFile?: string): string {
  if (!where) return fallbackFile ?? '';
  const parts: string[] = [];
  const file = where.file ?? fallbackFile;
  if (file) parts.push(file);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.section) parts.push(`[${where.section}]`);
  if (where.featureIndex !== undefined) parts.push(`feature #${where.featureIndex}`);
  if (where.featureId !== undefined)
    parts.push(where.featureIndex !== undefined ? `(id ${where.featureId})` : `id ${where.featureId}`);
  return parts.join(' ');
}

function formatIssue(label: string, issue: ImportIssue, file: string): string {
  const at = formatLocation(issue.where, file);
  const times = issue.count !== undefined && issue.count > 1 ? ` (x${issue.count})` : '';
  return `  ${label} ${at ? `${at}: ` : ''}${issue.message}${times}`;
}

/**
 * The report as lines for a terminal: a heading, counts, assumptions, then warnings and errors with their locations.
 * At most `maxIssues` of each list are printed (the rest are counted).
 */
export function formatReport(report: ImportReport, maxIssues = 50): string[] {
  const lines: string[] = [];
  const status = report.errors.length > 0 ? 'FAILED' : 'ok';
  lines.push(`${report.source} (${report.kind}): ${status}`);
  const counts = Object.entries(report.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  if (counts) lines.push(`  counts: ${counts}`);
  for (const a of report.assumptions) lines.push(`  assumed: ${a}`);
  const list = (label: string, issues: ImportIssue[], hidden: number): void => {
    issues.slice(0, maxIssues).forEach((i) => lines.push(formatIssue(label, i, report.source)));
    const more = Math.max(0, issues.length - maxIssues) + hidden;
    if (more > 0) lines.push(`  ... ${more} more ${label === 'error' ? 'errors' : 'warnings'} not shown`);
  };
  list('warning', report.warnings, report.counts.warningsNotListed ?? 0);
  list('error', report.errors, report.counts.errorsNotListed ?? 0);
  return lines;
}
