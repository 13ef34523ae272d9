/**
 * `--map code=GRID_ID,worker=FZR`: which source column or property each record field is read from. Fields not
 * named are read from a column of their own name (case-insensitive).
 */
export type FieldMap = Readonly<Record<string, string>>;

/** Parses `field=SOURCE,field=SOURCE`; throws naming the first part that is not `field=SOURCE` or an unknown field. */
export function parseFieldMap(spec: string, fields: readonly string[]): FieldMap {
  const out: Record<string, string> = {};
  for (const part of spec.split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) throw new Error(`--map: "${part}" is not field=SOURCE`);
    if (!fields.includes(m[1]!)) throw new Error(`--map: unknown field "${m[1]}" (fields: ${fields.join(', ')})`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** The record fields read from a source row or feature properties through the map (case-insensitive names). */
export function pickFields(
  source: Readonly<Record<string, unknown>>,
  fields: readonly string[],
  map: FieldMap = {},
): Record<string, unknown> {
  const lower = new Map<string, unknown>();
  for (const [k, v] of Object.entries(source)) lower.set(k.toLowerCase(), v);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const name = (map[f] ?? f).toLowerCase();
    if (lower.has(name)) out[f] = lower.get(name);
  }
  return out;
}
