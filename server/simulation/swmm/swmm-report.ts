/** One row of a summary table of SWMM's text report: the object ID and its numeric columns. */
export interface SwmmReportRow {
  id: string;
  type: string;
  values: number[];
}

/**
 * Rows of one summary table ("Node Depth Summary", "Link Flow Summary", "Node Flooding Summary") of a SWMM .rpt
 * file: the lines between the second and third dashed rules after the title. Time columns ("0  00:35") come out as
 * two numbers (days, then hours + minutes/60): callers index the columns they need. The subcatchment table has no
 * type column (hasTypeColumn false).
 */
export function readReportTable(report: string, title: string, hasTypeColumn = true): SwmmReportRow[] {
  const lines = report.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === title);
  if (start < 0) return [];
  let rules = 0,
    stars = 0;
  const rows: SwmmReportRow[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (/^\*{5,}$/.test(l) && ++stars > 1) break; // the next section's title: this table was empty
    if (/^-{10,}$/.test(l)) {
      rules++;
      if (rules === 3) break;
      continue;
    }
    if (rules === 1 && /^No nodes/.test(l)) return [];
    if (rules !== 2 || !l) {
      if (rules === 2 && !l) break;
      continue;
    }
    const parts = l.split(/\s+/);
    const numbers = parts
      .slice(hasTypeColumn ? 2 : 1)
      .map((p) => (p.includes(':') ? Number(p.split(':')[0]) + Number(p.split(':')[1]) / 60 : Number(p)));
    rows.push({ id: parts[0]!, type: hasTypeColumn ? parts[1]! : '', values: numbers });
  }
  return rows;
}
