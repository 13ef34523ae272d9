import type { PipeGisFieldMapping } from '../../core/contracts/pipe-gis-qa.js';

/**
 * Which attribute of a pipe GIS layer holds each model field, and in which unit: given by the user
 * (`--map diameter=PIPESIZE:in,year=INSTALLYR`) or found by its usual names (DIAMETER, DN, MATERIAL, INSTALLYR...).
 */

/** Model fields read from line features (pipes). */
export const LINE_FIELDS = ['diameter', 'material', 'year', 'upstreamInvert', 'downstreamInvert', 'id'] as const;
/** Model fields read from point features (manholes, hydrants, tanks...). */
export const POINT_FIELDS = ['ground', 'invert', 'kind', 'id'] as const;
export type PipeGisField = (typeof LINE_FIELDS)[number] | (typeof POINT_FIELDS)[number];
const ALL_FIELDS: readonly string[] = [...new Set<string>([...LINE_FIELDS, ...POINT_FIELDS])];

/** Units a mapped attribute may be in, as metres per unit. */
export const ATTRIBUTE_UNITS: Record<string, number> = {
  mm: 0.001,
  cm: 0.01,
  m: 1,
  in: 0.0254,
  ft: 0.3048,
  'us-ft': 1200 / 3937,
};
/** Fields that are lengths (the others are text or years). */
const LENGTH_FIELDS = new Set<string>(['diameter', 'upstreamInvert', 'downstreamInvert', 'ground', 'invert']);

export interface FieldSource {
  attribute: string;
  /** Metres per unit of the attribute; undefined: decided from the values (diameters) or the default height unit. */
  unit?: string;
  detected: boolean;
}
export type FieldMap = Partial<Record<PipeGisField, FieldSource>>;

/** Parses `field=ATTR[:unit],...`, or returns an error message. */
export function parseFieldMap(spec: string): FieldMap | string {
  const out: FieldMap = {};
  for (const item of spec.split(',').map((s) => s.trim())) {
    if (item === '') continue;
    const m = /^([A-Za-z]+)=([^:]+)(?::(.+))?$/.exec(item);
    if (!m) return `--map: "${item}" is not field=ATTRIBUTE[:unit]`;
    const [, field, attribute, unit] = m as unknown as [string, string, string, string | undefined];
    if (!ALL_FIELDS.includes(field)) return `--map: unknown field "${field}" (fields: ${ALL_FIELDS.join(', ')})`;
    if (unit !== undefined) {
      if (!LENGTH_FIELDS.has(field)) return `--map: ${field} takes no unit`;
      if (!(unit in ATTRIBUTE_UNITS))
        return `--map: unknown unit "${unit}" for ${field} (units: ${Object.keys(ATTRIBUTE_UNITS).join(', ')})`;
    }
    out[field as PipeGisField] = { attribute: attribute.trim(), ...(unit ? { unit } : {}), detected: false };
  }
  return out;
}

/** Usual attribute names of each field, most specific first (compared without case, `_` and spaces). */
const USUAL_NAMES: Record<PipeGisField, { names: string[]; unit?: string; pattern?: RegExp }[]> = {
  diameter: [
    { names: ['diametermm', 'diammm', 'dn', 'dnmm', 'nominaldn'], unit: 'mm' },
    { names: ['diameterin', 'diamin', 'sizein', 'pipesizein'], unit: 'in' },
    { names: ['diameter', 'diam', 'dia', 'pipedia', 'pipediam', 'pipediameter', 'nomdiam', 'pipesize', 'size'] },
  ],
  material: [{ names: ['material', 'matl', 'mat', 'pipemat', 'pipematerial', 'pipematl', 'materialtype'] }],
  year: [
    {
      names: ['installyr', 'installyear', 'yearinstalled', 'yrinst', 'yearinst', 'instyear', 'instyr', 'year'],
      pattern: /^install|^yearbuilt$|^constyr|^constructionyear$/,
    },
  ],
  upstreamInvert: [
    { names: ['upinv', 'usinv', 'invfrom', 'frominv', 'upstreaminvert', 'invertup', 'upinvert', 'startinvert'] },
  ],
  downstreamInvert: [
    { names: ['dninv', 'dsinv', 'downinv', 'invto', 'toinv', 'downstreaminvert', 'invertdn', 'dninvert', 'endinvert'] },
  ],
  ground: [{ names: ['rim', 'rimelev', 'rimelevation', 'ground', 'groundelev', 'groundlevel', 'elevation', 'elev'] }],
  invert: [{ names: ['invert', 'inv', 'invertelev', 'invelev', 'sumpelev'] }],
  kind: [{ names: ['kind', 'type', 'featuretype', 'assettype', 'facilitytype', 'nodetype', 'subtype'] }],
  id: [
    {
      names: [
        'id',
        'facilityid',
        'assetid',
        'valveid',
        'hydrantid',
        'manholeid',
        'mhid',
        'nodeid',
        'pipeid',
        'gisid',
        'uniqueid',
        'gid',
        'name',
        'objectid',
        'fid',
      ],
    },
  ],
};

const squash = (name: string): string => name.toLowerCase().replace(/[\s_\-.]/g, '');

/** The field map for a layer: the user's entries, then usual names for the fields still missing. */
export function detectFieldMap(
  attributeNames: Iterable<string>,
  fields: readonly PipeGisField[],
  given: FieldMap,
): FieldMap {
  const byName = new Map<string, string>();
  for (const n of attributeNames) if (!byName.has(squash(n))) byName.set(squash(n), n);
  const out: FieldMap = {};
  for (const field of fields) {
    if (given[field]) {
      out[field] = given[field];
      continue;
    }
    search: for (const group of USUAL_NAMES[field]) {
      for (const name of group.names) {
        const attribute = byName.get(name);
        if (attribute) {
          out[field] = { attribute, ...(group.unit ? { unit: group.unit } : {}), detected: true };
          break search;
        }
      }
      if (group.pattern)
        for (const [sq, attribute] of byName)
          if (group.pattern.test(sq)) {
            out[field] = { attribute, detected: true };
            break search;
          }
    }
  }
  return out;
}

/** Counts per mapped field, for the QA report. */
export class FieldReader {
  readonly stats = new Map<PipeGisField, { found: number; invalid: number }>();
  constructor(
    readonly map: FieldMap,
    /** Metres per unit of unit-less length attributes (inverts, ground). */
    private readonly defaultLengthUnit: number,
    /** Metres per unit of unit-less diameters, decided once per layer from its values. */
    private readonly diameterUnit: number,
  ) {}

  private count(field: PipeGisField, ok: boolean): void {
    const s = this.stats.get(field) ?? { found: 0, invalid: 0 };
    if (ok) s.found++;
    else s.invalid++;
    this.stats.set(field, s);
  }

  private raw(field: PipeGisField, p: Record<string, unknown>): unknown {
    const source = this.map[field];
    if (!source) return undefined;
    const v = p[source.attribute];
    return v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v;
  }

  /** A length in metres, or undefined (missing or unreadable: counted). */
  lengthM(field: PipeGisField, p: Record<string, unknown>): number | undefined {
    const v = this.raw(field, p);
    if (v === undefined) return undefined;
    const n = typeof v === 'number' ? v : Number(String(v).replace(',', '.'));
    // Zero and negative diameters are a GIS's "unknown"; inverts and ground may be any finite level.
    const ok = Number.isFinite(n) && (field !== 'diameter' || n > 0);
    this.count(field, ok);
    if (!ok) return undefined;
    const unit = this.map[field]!.unit;
    const perUnit = unit ? ATTRIBUTE_UNITS[unit]! : field === 'diameter' ? this.diameterUnit : this.defaultLengthUnit;
    return n * perUnit;
  }

  /** Diameter in mm (rounded to 0.1 mm). */
  diameterMm(p: Record<string, unknown>): number | undefined {
    const m = this.lengthM('diameter', p);
    return m === undefined ? undefined : Math.round(m * 10000) / 10;
  }

  /** A text attribute; `unknown`/`unk`/`n/a` count as missing. */
  text(field: PipeGisField, p: Record<string, unknown>): string | undefined {
    const v = this.raw(field, p);
    if (v === undefined) return undefined;
    const s = String(v).trim();
    const ok = !/^(unknown|unk|n\/?a|none|null|-+|\?+)$/i.test(s);
    this.count(field, ok);
    return ok ? s : undefined;
  }

  /** An installation year from a number, a year text or a date (`1985`, `1985-06-01`, `6/1/1985`, epoch ms). */
  year(p: Record<string, unknown>): number | undefined {
    const v = this.raw('year', p);
    if (v === undefined) return undefined;
    let year: number | undefined;
    if (v instanceof Date) year = v.getUTCFullYear();
    else if (typeof v === 'number') year = v > 100000 ? new Date(v).getUTCFullYear() : Math.trunc(v);
    else {
      const m = /(?:^|\D)(1[89]\d\d|2[01]\d\d)(?:\D|$)/.exec(String(v));
      year = m ? Number(m[1]) : undefined;
    }
    const ok = year !== undefined && year >= 1800 && year <= 2200;
    this.count('year', ok);
    return ok ? year : undefined;
  }

  /** Mapping rows of the QA report. */
  mappingRows(): Omit<PipeGisFieldMapping, 'file'>[] {
    return (Object.entries(this.map) as [PipeGisField, FieldSource][]).map(([field, s]) => ({
      field,
      attribute: s.attribute,
      ...(s.unit ? { unit: s.unit } : {}),
      detected: s.detected,
      found: this.stats.get(field)?.found ?? 0,
      invalid: this.stats.get(field)?.invalid ?? 0,
    }));
  }
}

/**
 * The unit of unit-less diameters of a layer: inches when every value is at most 72 (a metric network whose largest
 * pipe is under 72 mm is unlikely, and US mains rarely exceed 72 in), else millimetres. The caller states the guess.
 */
export function diameterUnitOf(values: readonly unknown[]): { unit: 'in' | 'mm'; largest: number } {
  let largest = 0;
  for (const v of values) {
    const n = Number(v);
    if (Number.isFinite(n) && n > largest) largest = n;
  }
  return { unit: largest > 0 && largest <= 72 ? 'in' : 'mm', largest };
}
