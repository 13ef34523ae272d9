/**
 * A small independent GLB reader for the tests: parses the chunks, reads accessors (with strides and normalisation)
 * and decodes EXT_structural_metadata property tables, so the tests check the writer's bytes, not its intentions.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ParsedGlb {
  json: any;
  bin: Uint8Array;
}

export function parseGlb(bytes: Uint8Array): ParsedGlb {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB');
  if (dv.getUint32(8, true) !== bytes.byteLength) throw new Error('GLB length mismatch');
  const jsonLength = dv.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength)));
  const binLength = dv.getUint32(20 + jsonLength, true);
  const bin = bytes.subarray(28 + jsonLength, 28 + jsonLength + binLength);
  return { json, bin };
}

const COMPONENT: Record<number, [number, (dv: DataView, o: number) => number]> = {
  5120: [1, (dv, o) => dv.getInt8(o)],
  5121: [1, (dv, o) => dv.getUint8(o)],
  5122: [2, (dv, o) => dv.getInt16(o, true)],
  5123: [2, (dv, o) => dv.getUint16(o, true)],
  5125: [4, (dv, o) => dv.getUint32(o, true)],
  5126: [4, (dv, o) => dv.getFloat32(o, true)],
};
const WIDTH: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 };

/** An accessor's values as float64 (normalised integers mapped to [-1, 1] or [0, 1]). */
export function readAccessor(glb: ParsedGlb, index: number): { values: Float64Array; width: number; count: number } {
  const a = glb.json.accessors[index];
  const view = glb.json.bufferViews[a.bufferView];
  const [size, read] = COMPONENT[a.componentType]!;
  const width = WIDTH[a.type]!;
  const stride = view.byteStride ?? size * width;
  const dv = new DataView(glb.bin.buffer, glb.bin.byteOffset + (view.byteOffset ?? 0) + (a.byteOffset ?? 0));
  const values = new Float64Array(a.count * width);
  const max =
    a.componentType === 5120 ? 127 : a.componentType === 5121 ? 255 : a.componentType === 5122 ? 32767 : 65535;
  for (let i = 0; i < a.count; i++) {
    for (let k = 0; k < width; k++) {
      let v = read(dv, i * stride + k * size);
      if (a.normalized) v = Math.max(v / max, -1);
      values[i * width + k] = v;
    }
  }
  return { values, width, count: a.count };
}

/** The first primitive's positions in ENU metres (node translation added, y-up undone). */
export function enuPositions(glb: ParsedGlb): Float64Array {
  const primitive = glb.json.meshes[0].primitives[0];
  const { values, count } = readAccessor(glb, primitive.attributes.POSITION);
  const [tx, ty, tz] = glb.json.nodes[0].translation ?? [0, 0, 0];
  const out = new Float64Array(count * 3);
  for (let i = 0; i < count; i++) {
    const x = values[i * 3]! + tx,
      y = values[i * 3 + 1]! + ty,
      z = values[i * 3 + 2]! + tz;
    out[i * 3] = x;
    out[i * 3 + 1] = -z;
    out[i * 3 + 2] = y;
  }
  return out;
}

/** The property table of the GLB, decoded into columns. */
export function readPropertyTable(glb: ParsedGlb): {
  className: string;
  count: number;
  columns: Record<string, (string | number)[]>;
} {
  const ext = glb.json.extensions.EXT_structural_metadata;
  const table = ext.propertyTables[0];
  const klass = ext.schema.classes[table.class];
  const columns: Record<string, (string | number)[]> = {};
  const viewBytes = (i: number) => {
    const v = glb.json.bufferViews[i];
    return glb.bin.subarray(v.byteOffset ?? 0, (v.byteOffset ?? 0) + v.byteLength);
  };
  for (const [name, def] of Object.entries<any>(klass.properties)) {
    const p = table.properties[name];
    if (!p) {
      columns[name] = new Array(table.count).fill(def.type === 'STRING' ? '' : (def.noData ?? 0));
      continue;
    }
    const bytes = viewBytes(p.values);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: (string | number)[] = [];
    if (def.type === 'STRING') {
      const offsets = viewBytes(p.stringOffsets);
      const odv = new DataView(offsets.buffer, offsets.byteOffset, offsets.byteLength);
      for (let i = 0; i < table.count; i++) {
        out.push(new TextDecoder().decode(bytes.subarray(odv.getUint32(i * 4, true), odv.getUint32(i * 4 + 4, true))));
      }
    } else {
      for (let i = 0; i < table.count; i++) {
        out.push(
          def.componentType === 'FLOAT32'
            ? dv.getFloat32(i * 4, true)
            : def.componentType === 'UINT16'
              ? dv.getUint16(i * 2, true)
              : def.componentType === 'UINT32'
                ? dv.getUint32(i * 4, true)
                : dv.getInt32(i * 4, true),
        );
      }
    }
    columns[name] = out;
  }
  return { className: table.class, count: table.count, columns };
}

/** ENU bounds `[minE, minN, minU, maxE, maxN, maxU]` of the vertices of one feature. */
export function featureBounds(glb: ParsedGlb, featureId: number): number[] {
  const primitive = glb.json.meshes[0].primitives[0];
  const ids = readAccessor(glb, primitive.attributes._FEATURE_ID_0).values;
  const p = enuPositions(glb);
  const b = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] !== featureId) continue;
    for (let k = 0; k < 3; k++) {
      b[k] = Math.min(b[k]!, p[i * 3 + k]!);
      b[k + 3] = Math.max(b[k + 3]!, p[i * 3 + k]!);
    }
  }
  return b;
}
