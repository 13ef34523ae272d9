/**
 * EXT_structural_metadata property tables: a class definition, a row-by-row builder, and the binary encoding
 * (values, string offsets) that the GLB writer places in 8-byte aligned buffer views.
 */

/** Component types GridTwin uses for scalar properties. */
export type ScalarComponentType = 'FLOAT32' | 'UINT16' | 'UINT32' | 'INT32';

/** One property of a metadata class. */
export interface PropertyDefinition {
  name: string;
  description: string;
  type: 'STRING' | ScalarComponentType;
  /** Value written when a feature has none (numbers only); declared as the property's `noData`. */
  noData?: number;
}

/** A metadata class: the columns of a property table. */
export interface MetadataClassDefinition {
  name: string;
  description: string;
  properties: readonly PropertyDefinition[];
}

/** The value of one cell; `undefined` becomes the empty string or the property's `noData` (or 0). */
export type PropertyValue = string | number | undefined;

/** The JSON `schema` object of EXT_structural_metadata for a set of classes. */
export function schemaJson(id: string, classes: readonly MetadataClassDefinition[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of classes) {
    const properties: Record<string, unknown> = {};
    for (const p of c.properties) {
      properties[p.name] =
        p.type === 'STRING'
          ? { description: p.description, type: 'STRING' }
          : {
              description: p.description,
              type: 'SCALAR',
              componentType: p.type,
              ...(p.noData !== undefined ? { noData: p.noData } : {}),
            };
    }
    out[c.name] = { description: c.description, properties };
  }
  return { id, classes: out };
}

/** Encoded columns of a table: for each property its value bytes and, for strings, its UINT32 offsets. */
export interface EncodedPropertyTable {
  className: string;
  count: number;
  columns: { name: string; values: Uint8Array; stringOffsets?: Uint8Array }[];
}

const encoder = new TextEncoder();

/** Collects rows of one class for one tile, then encodes them column by column. */
export class PropertyTableBuilder {
  readonly definition: MetadataClassDefinition;
  private readonly columns: PropertyValue[][];
  private rows = 0;

  constructor(definition: MetadataClassDefinition) {
    this.definition = definition;
    this.columns = definition.properties.map(() => []);
  }

  /** Number of rows (features) so far. */
  get count(): number {
    return this.rows;
  }

  /** Appends a row, values in the class's property order; returns the row index (the feature id in the tile). */
  addRow(values: readonly PropertyValue[]): number {
    if (values.length !== this.columns.length) {
      throw new RangeError(
        `row has ${values.length} values, class ${this.definition.name} has ${this.columns.length} properties`,
      );
    }
    for (let i = 0; i < values.length; i++) this.columns[i]!.push(values[i]);
    return this.rows++;
  }

  /** Forgets all rows (keeps the definition). */
  reset(): void {
    for (const c of this.columns) c.length = 0;
    this.rows = 0;
  }

  /** Encodes every column to little-endian bytes. */
  encode(): EncodedPropertyTable {
    const columns = this.definition.properties.map((p, i) => {
      const cells = this.columns[i]!;
      if (p.type === 'STRING') return { name: p.name, ...encodeStrings(cells) };
      return { name: p.name, values: encodeScalars(cells, p.type, p.noData ?? 0) };
    });
    return { className: this.definition.name, count: this.rows, columns };
  }
}

function encodeStrings(cells: readonly PropertyValue[]): { values: Uint8Array; stringOffsets: Uint8Array } {
  const offsets = new Uint32Array(cells.length + 1);
  let capacity = 16;
  for (const c of cells) capacity += typeof c === 'string' ? c.length * 3 : 24;
  const bytes = new Uint8Array(capacity);
  let at = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    const text = c === undefined ? '' : String(c);
    at += encoder.encodeInto(text, bytes.subarray(at)).written;
    offsets[i + 1] = at;
  }
  return { values: bytes.slice(0, at), stringOffsets: new Uint8Array(offsets.buffer) };
}

function encodeScalars(cells: readonly PropertyValue[], type: ScalarComponentType, noData: number): Uint8Array {
  const n = cells.length;
  const array =
    type === 'FLOAT32'
      ? new Float32Array(n)
      : type === 'UINT16'
        ? new Uint16Array(n)
        : type === 'UINT32'
          ? new Uint32Array(n)
          : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = cells[i];
    const v = typeof c === 'number' && Number.isFinite(c) ? c : noData;
    array[i] = type === 'FLOAT32' ? v : Math.round(v);
  }
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
