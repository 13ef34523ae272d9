/**
 * Reader for SWMM 5's binary output file (.out), after the layout in the SWMM 5 Interface Guide (EPA/600/R-05/040,
 * "Output File Format"): opening records, object IDs, object properties, reporting variables, reporting interval,
 * computed results per reporting period, closing records. All integers are 4-byte, values 4-byte floats, dates
 * 8-byte doubles (days since 30 Dec 1899), little-endian.
 */

const MAGIC = 516114522;

/** Flow unit codes of the opening record, in SWMM's order. */
export const SWMM_FLOW_UNITS = ['CFS', 'GPM', 'MGD', 'CMS', 'LPS', 'MLD'] as const;

/** Node variables of the .out, in SWMM's order (pollutant concentrations follow). */
export const NODE_VAR = { depth: 0, head: 1, pondedVolume: 2, lateralInflow: 3, totalInflow: 4, flooding: 5 } as const;
/** Link variables of the .out, in SWMM's order. */
export const LINK_VAR = { flow: 0, depth: 1, velocity: 2, volume: 3, capacity: 4 } as const;

/** The content of one .out file. Values keep SWMM's units (see flowUnits; US units are feet, SI metres). */
export interface SwmmOutput {
  readonly version: number;
  readonly flowUnits: (typeof SWMM_FLOW_UNITS)[number];
  readonly subcatchIds: string[];
  readonly nodeIds: string[];
  readonly linkIds: string[];
  readonly pollutantIds: string[];
  /** Per node: SWMM type code (0 junction, 1 outfall, 2 storage, 3 divider), invert and full depth. */
  readonly nodeProps: { type: number; invert: number; maxDepth: number }[];
  /** Per link: type code (0 conduit, 1 pump, 2 orifice, 3 weir, 4 outlet), offsets, full depth, length. */
  readonly linkProps: { type: number; offset1: number; offset2: number; maxDepth: number; length: number }[];
  readonly startDate: number;
  readonly reportStepS: number;
  readonly periods: number;
  readonly errorCode: number;
  /** value(kind, period, objectIndex, variable) from the computed results. */
  value(kind: 'subcatch' | 'node' | 'link' | 'system', period: number, index: number, variable: number): number;
  /** The series of one variable of one object over all periods. */
  series(kind: 'subcatch' | 'node' | 'link', index: number, variable: number): Float32Array;
}

/** Parses a SWMM .out file; throws on a wrong magic number or a truncated file. */
export function readSwmmOutput(bytes: Uint8Array): SwmmOutput {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 24 * 2) throw new Error('SWMM .out: file too short');
  const end = bytes.byteLength;
  const i4 = (o: number): number => dv.getInt32(o, true);
  const f4 = (o: number): number => dv.getFloat32(o, true);
  if (i4(0) !== MAGIC || i4(end - 4) !== MAGIC) throw new Error('SWMM .out: bad magic number');
  const idsOffset = i4(end - 24),
    propsOffset = i4(end - 20),
    resultsOffset = i4(end - 16);
  const periods = i4(end - 12),
    errorCode = i4(end - 8);
  const version = i4(4),
    flowUnits = SWMM_FLOW_UNITS[i4(8)] ?? 'CFS';
  const nSub = i4(12),
    nNode = i4(16),
    nLink = i4(20),
    nPoll = i4(24);

  let o = idsOffset;
  const decoder = new TextDecoder();
  const readIds = (n: number): string[] =>
    Array.from({ length: n }, () => {
      const len = i4(o);
      const s = decoder.decode(bytes.subarray(o + 4, o + 4 + len));
      o += 4 + len;
      return s;
    });
  const subcatchIds = readIds(nSub),
    nodeIds = readIds(nNode),
    linkIds = readIds(nLink),
    pollutantIds = readIds(nPoll);

  o = propsOffset;
  o += 4 + 4 * i4(o) + 4 * nSub; // subcatchment properties: count, codes, area each
  const nNodeProps = i4(o);
  o += 4 + 4 * nNodeProps;
  const nodeProps = Array.from({ length: nNode }, () => {
    const p = { type: i4(o), invert: f4(o + 4), maxDepth: f4(o + 8) };
    o += 4 * nNodeProps;
    return p;
  });
  const nLinkProps = i4(o);
  o += 4 + 4 * nLinkProps;
  const linkProps = Array.from({ length: nLink }, () => {
    const p = { type: i4(o), offset1: f4(o + 4), offset2: f4(o + 8), maxDepth: f4(o + 12), length: f4(o + 16) };
    o += 4 * nLinkProps;
    return p;
  });
  const nSubVars = i4(o);
  o += 4 + 4 * nSubVars;
  const nNodeVars = i4(o);
  o += 4 + 4 * nNodeVars;
  const nLinkVars = i4(o);
  o += 4 + 4 * nLinkVars;
  const nSysVars = i4(o);
  o += 4 + 4 * nSysVars;
  const startDate = dv.getFloat64(o, true),
    reportStepS = i4(o + 8);

  const periodBytes = 8 + 4 * (nSub * nSubVars + nNode * nNodeVars + nLink * nLinkVars + nSysVars);
  if (resultsOffset + periods * periodBytes > end - 24) throw new Error('SWMM .out: truncated results');
  const base = {
    subcatch: 8,
    node: 8 + 4 * nSub * nSubVars,
    link: 8 + 4 * (nSub * nSubVars + nNode * nNodeVars),
    system: 8 + 4 * (nSub * nSubVars + nNode * nNodeVars + nLink * nLinkVars),
  };
  const stride = { subcatch: nSubVars, node: nNodeVars, link: nLinkVars, system: 0 };
  const value = (kind: keyof typeof base, period: number, index: number, variable: number): number =>
    f4(resultsOffset + period * periodBytes + base[kind] + 4 * (index * stride[kind] + variable));
  const series = (kind: 'subcatch' | 'node' | 'link', index: number, variable: number): Float32Array => {
    const s = new Float32Array(periods);
    for (let p = 0; p < periods; p++) s[p] = value(kind, p, index, variable);
    return s;
  };
  return {
    version,
    flowUnits,
    subcatchIds,
    nodeIds,
    linkIds,
    pollutantIds,
    nodeProps,
    linkProps,
    startDate,
    reportStepS,
    periods,
    errorCode,
    value,
    series,
  };
}
