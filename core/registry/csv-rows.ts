/** A data row of a CSV file by header name, with its 1-based line number in the file. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** Splits one CSV line on `delimiter`, honouring double quotes (`""` inside quotes is a quote). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** `;` when the header has more semicolons than commas (European spreadsheets), else `,`; a tab likewise. */
export function guessDelimiter(header: string): string {
  const count = (c: string): number => header.split(c).length - 1;
  const best = [',', ';', '\t'].sort((a, b) => count(b) - count(a))[0]!;
  return count(best) > 0 ? best : ',';
}

/**
 * Reads a CSV text with a header line into rows keyed by the (trimmed) header names; blank lines are skipped but
 * counted, so every row keeps the line number a spreadsheet shows. A UTF-8 byte-order mark is dropped.
 */
export function readCsvRows(text: string, delimiter?: string): { header: string[]; rows: CsvRow[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) return { header: [], rows: [] };
  const d = delimiter ?? guessDelimiter(lines[headerIndex]!);
  const header = splitCsvLine(lines[headerIndex]!, d).map((h) => h.trim());
  const rows: CsvRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const cells = splitCsvLine(lines[i]!, d);
    const values: Record<string, string> = {};
    header.forEach((h, j) => (values[h] = (cells[j] ?? '').trim()));
    rows.push({ line: i + 1, values });
  }
  return { header, rows };
}
