import type { SplitInp } from './inp-sections.js';
import { rawLines, readNumber } from './epanet-inp-read.js';
import type { Placement } from './coordinate-placement.js';
import type { ImportReport } from '../report/import-report.js';

/**
 * What a round trip to .inp needs beyond nodes and links, kept in `Network.metadata.epanet`. Patterns and curves are
 * parsed (and checked); option-like sections are kept as their raw lines, in the file's units, because EPANET
 * interprets them in those units (control levels, curve flows, reaction coefficients).
 */
export interface EpanetMetadata {
  format: 'epanet-inp';
  /** The file's flow units (GPM, LPS...): the writer writes in them again so raw sections stay valid. */
  flowUnits: string;
  /** Headloss formula: H-W, D-W or C-M. */
  headloss: string;
  title: string[];
  patterns: { id: string; comment?: string; multipliers: number[] }[];
  curves: { id: string; comment?: string; points: [number, number][] }[];
  /** Raw lines of OPTIONS, TIMES, REPORT, ENERGY, REACTIONS, QUALITY, SOURCES, MIXING, CONTROLS, RULES, LABELS, BACKDROP, LEAKAGE. */
  sections: Record<string, string[]>;
  /** [DEMANDS] entries beyond a junction's first, by EPANET node id, in L/s. */
  extraDemands: Record<string, { demandLps: number; pattern?: string; category?: string }[]>;
  /** How the file's coordinates were placed on WGS84 (the writer inverts it). */
  placement: Placement;
  /** Depth of cover assumed over junctions, m. */
  assumedCoverM: number;
  /** The imported file's text (NUL padding removed): the export re-emits it, changing only what the twin changed. */
  sourceText?: string;
}

/** Sections kept verbatim. */
export const RAW_SECTIONS = [
  'OPTIONS',
  'TIMES',
  'REPORT',
  'ENERGY',
  'REACTIONS',
  'QUALITY',
  'SOURCES',
  'MIXING',
  'CONTROLS',
  'RULES',
  'LABELS',
  'BACKDROP',
  'LEAKAGE',
] as const;

/** Reads TITLE, PATTERNS, CURVES and the raw sections. */
export function readInpMetadata(
  split: SplitInp,
  report: ImportReport,
): Pick<EpanetMetadata, 'title' | 'patterns' | 'curves' | 'sections'> {
  const patterns: EpanetMetadata['patterns'] = [];
  const patternSection = split.sections.get('PATTERNS');
  for (const l of patternSection?.lines ?? []) {
    const id = l.tokens[0]!;
    let p = patterns.find((q) => q.id === id);
    if (!p) {
      p = { id, multipliers: [] };
      const comment = patternSection!.commentsBefore.get(l.line);
      if (comment) p.comment = comment;
      patterns.push(p);
    }
    for (let i = 1; i < l.tokens.length; i++) p.multipliers.push(readNumber(report, l, 'PATTERNS', i, 'multiplier'));
  }
  const curves: EpanetMetadata['curves'] = [];
  const curveSection = split.sections.get('CURVES');
  for (const l of curveSection?.lines ?? []) {
    const id = l.tokens[0]!;
    let c = curves.find((q) => q.id === id);
    if (!c) {
      c = { id, points: [] };
      const comment = curveSection!.commentsBefore.get(l.line);
      if (comment) c.comment = comment;
      curves.push(c);
    }
    c.points.push([readNumber(report, l, 'CURVES', 1, 'x value'), readNumber(report, l, 'CURVES', 2, 'y value')]);
  }
  const sections: Record<string, string[]> = {};
  for (const name of RAW_SECTIONS) {
    const raw = rawLines(split.sections.get(name));
    if (raw.length > 0) sections[name] = raw;
  }
  return { title: rawLines(split.sections.get('TITLE')), patterns, curves, sections };
}

/** The value of an OPTIONS keyword (`Units`, `Headloss`, `Emitter Exponent`), case-insensitive, or undefined. */
export function optionValue(optionLines: readonly string[], keyword: string): string | undefined {
  const words = keyword.toUpperCase().split(' ');
  for (const raw of optionLines) {
    const tokens = raw.replace(/;.*$/, '').trim().split(/\s+/);
    if (tokens.length > words.length && words.every((w, i) => tokens[i]!.toUpperCase() === w))
      return tokens.slice(words.length).join(' ');
  }
  return undefined;
}
