/**
 * A large EPANET input made of a real one: `copies` side-by-side copies of a model, each one's ids suffixed `-k` and
 * its drawing shifted east by its own width plus a gap. A 12,500-junction network for import benchmarks, from a real
 * model's topology and attributes rather than a generator's.
 */

/** Sections whose rows start with a node or link id. */
const ID_SECTIONS = new Set([
  'JUNCTIONS',
  'RESERVOIRS',
  'TANKS',
  'EMITTERS',
  'QUALITY',
  'SOURCES',
  'MIXING',
  'DEMANDS',
  'STATUS',
  'COORDINATES',
  'VERTICES',
]);
/** Sections whose rows are `id from to ...`. */
const LINK_SECTIONS = new Set(['PIPES', 'PUMPS', 'VALVES']);

/** The tiled text of `inp`, `copies` times (1: the file's rows, re-written). */
export function tileInp(inp: string, copies: number): string {
  const rows = inp.replace(/\0/g, '').split(/\r?\n/);
  let minX = Infinity,
    maxX = -Infinity,
    section = '';
  for (const line of rows) {
    if (line.trim().startsWith('[')) section = line.trim().slice(1, -1).toUpperCase();
    else if (section === 'COORDINATES' && /^\s*[^;\s]/.test(line)) {
      const x = Number(line.trim().split(/\s+/)[1]);
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
    }
  }
  const shift = (maxX - minX) * 1.05;
  const out: string[] = [];
  section = '';
  for (const line of rows) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) {
      section = trimmed.slice(1, -1).toUpperCase();
      out.push(line);
      continue;
    }
    const isData = trimmed !== '' && !trimmed.startsWith(';');
    const idCount = ID_SECTIONS.has(section) ? 1 : LINK_SECTIONS.has(section) ? 3 : section === 'TAGS' ? 2 : 0;
    if (!isData || idCount === 0) {
      out.push(line);
      continue;
    }
    const [body, comment] = splitComment(trimmed);
    const tokens = body.split(/\s+/);
    for (let k = 0; k < copies; k++) {
      const t = [...tokens];
      if (section === 'TAGS') t[1] = `${t[1]}-${k}`;
      else for (let i = 0; i < idCount; i++) t[i] = `${t[i]}-${k}`;
      if (section === 'COORDINATES' || section === 'VERTICES') t[1] = String(Number(t[1]) + k * shift);
      out.push(` ${t.join('\t')}${comment}`);
    }
  }
  return out.join('\n');
}

function splitComment(line: string): [string, string] {
  const i = line.indexOf(';');
  return i < 0 ? [line, ''] : [line.slice(0, i).trim(), `\t${line.slice(i)}`];
}
