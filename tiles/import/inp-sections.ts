/**
 * Splits EPANET .inp text into sections of tokenised lines, keeping line numbers and comments, so importers can
 * name the line of every problem.
 */

/** Every section EPANET 2.2/2.3 reads. Anything else in brackets is an error. */
export const INP_SECTIONS = [
  'TITLE',
  'JUNCTIONS',
  'RESERVOIRS',
  'TANKS',
  'PIPES',
  'PUMPS',
  'VALVES',
  'TAGS',
  'DEMANDS',
  'STATUS',
  'PATTERNS',
  'CURVES',
  'CONTROLS',
  'RULES',
  'ENERGY',
  'EMITTERS',
  'QUALITY',
  'SOURCES',
  'REACTIONS',
  'MIXING',
  'TIMES',
  'REPORT',
  'OPTIONS',
  'COORDINATES',
  'VERTICES',
  'LABELS',
  'BACKDROP',
  'LEAKAGE',
  'END',
] as const;
export type InpSectionName = (typeof INP_SECTIONS)[number];

/** One data line: 1-based line number, its tokens (comment removed), the trailing comment, and the raw text. */
export interface InpLine {
  line: number;
  tokens: string[];
  comment?: string;
  raw: string;
}

/** A comment-only line kept because it may describe what follows (EPANET curve types live in such comments). */
export interface InpComment {
  line: number;
  text: string;
}

export interface InpSection {
  name: InpSectionName;
  /** Line of the first `[NAME]` header. */
  line: number;
  lines: InpLine[];
  /** Comment-only lines, by the line number of the data line that follows each. */
  commentsBefore: Map<number, string>;
}

export interface InpParseProblem {
  line: number;
  message: string;
}

/** Result of splitting: sections by name (repeated headers are concatenated), stray NUL bytes removed, problems. */
export interface SplitInp {
  sections: Map<InpSectionName, InpSection>;
  problems: InpParseProblem[];
  nulBytesRemoved: number;
  sawEnd: boolean;
}

/** Splits on whitespace, keeping double-quoted strings (EPANET labels) as one token. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) tokens.push(m[1] !== undefined ? `"${m[1]}"` : m[2]!);
  return tokens;
}

/**
 * Splits .inp text into sections. Data before the first header and unknown headers are problems (the caller turns
 * them into errors). Trailing NUL padding (seen in files cut to a block size) is removed and counted.
 */
export function splitInp(text: string): SplitInp {
  const clean = text.split(String.fromCharCode(0)).join('');
  const nulBytesRemoved = text.length - clean.length;
  const sections = new Map<InpSectionName, InpSection>();
  const problems: InpParseProblem[] = [];
  let current: InpSection | null = null;
  let sawEnd = false;
  let seenHeader = false;
  let pendingComment: string[] = [];
  const rows = clean.split(/\r\n|\n|\r/);
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]!;
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (sawEnd) continue; // EPANET ignores everything after [END]
    const header = /^\[([^\]]*)\]/.exec(trimmed);
    if (header) {
      seenHeader = true;
      const name = header[1]!.trim().toUpperCase();
      if (!(INP_SECTIONS as readonly string[]).includes(name)) {
        problems.push({ line: lineNo, message: `unknown section [${header[1]}]` });
        current = null;
        continue;
      }
      const known = name as InpSectionName;
      if (known === 'END') {
        sawEnd = true;
        continue;
      }
      current = sections.get(known) ?? { name: known, line: lineNo, lines: [], commentsBefore: new Map() };
      sections.set(known, current);
      pendingComment = [];
      continue;
    }
    if (!current) {
      // Lines after an unknown header were reported with the header; report stray data at the top once.
      if (!seenHeader && !trimmed.startsWith(';')) {
        seenHeader = true;
        problems.push({ line: lineNo, message: 'data before the first [SECTION] header' });
      }
      continue;
    }
    if (trimmed.startsWith(';')) {
      pendingComment.push(trimmed.slice(1).trim());
      continue;
    }
    const semi = current.name === 'TITLE' ? -1 : raw.indexOf(';');
    const body = semi >= 0 ? raw.slice(0, semi) : raw;
    const comment = semi >= 0 ? raw.slice(semi + 1).trim() : undefined;
    const tokens = current.name === 'TITLE' ? [trimmed] : tokenize(body);
    if (tokens.length === 0) continue;
    const entry: InpLine = { line: lineNo, tokens, raw: trimmed };
    if (comment) entry.comment = comment;
    current.lines.push(entry);
    if (pendingComment.length > 0) current.commentsBefore.set(lineNo, pendingComment.join(' '));
    pendingComment = [];
  }
  return { sections, problems, nulBytesRemoved, sawEnd };
}
