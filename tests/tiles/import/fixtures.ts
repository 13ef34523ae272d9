import fs from 'node:fs';
import path from 'node:path';

/** Reads a file of tests/fixtures as text. */
export function fixture(...parts: string[]): string {
  return fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'fixtures', ...parts), 'utf8');
}

/** Data lines of an .inp section, counted independently of the importer (no comments, no blank lines). */
export function countSectionLines(text: string, section: string): number {
  let inside = false,
    count = 0;
  for (const raw of text.replace(/\0/g, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inside = line.toUpperCase() === `[${section}]`;
      continue;
    }
    if (inside && line !== '' && !line.startsWith(';')) count++;
  }
  return count;
}
