import type { MeshBuffer } from '../../core/geometry/index.js';
import type { EncodedPropertyTable } from './property-table.js';

/** What one tile's GLB holds: a single triangle primitive with feature ids, and its property table. */
export interface GlbContent {
  mesh: MeshBuffer;
  table: EncodedPropertyTable;
  /** The EXT_structural_metadata `schema` object (see `schemaJson`). */
  schema: Record<string, unknown>;
  /** Linear RGBA base colour of the material (multiplied by vertex colours when the mesh has them). */
  baseColor: readonly [number, number, number, number];
  /** `asset.generator`. */
  generator: string;
}

const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;
const FLOAT = 5126,
  BYTE = 5120,
  UNSIGNED_BYTE = 5121,
  UNSIGNED_SHORT = 5123,
  UNSIGNED_INT = 5125;
const GLB_MAGIC = 0x46546c67,
  CHUNK_JSON = 0x4e4f534a,
  CHUNK_BIN = 0x004e4942;

/** Rounds up to a multiple of 8: every buffer view starts 8-byte aligned (EXT_structural_metadata needs it). */
const align8 = (n: number) => (n + 7) & ~7;

/**
 * Writes a glTF 2.0 binary (GLB) straight from typed arrays: one node translated to the tile centre (positions are
 * relative to it, so float32 keeps millimetres), one primitive with POSITION, NORMAL (int8, KHR_mesh_quantization),
 * `_FEATURE_ID_0` (EXT_mesh_features), optional COLOR_0, and uint16 or uint32 indices; the property table goes in
 * EXT_structural_metadata. No glTF library in the loop: this runs once per tile, a million buildings' worth.
 */
export function writeGlb(content: GlbContent): Uint8Array {
  const { mesh, table } = content;
  const vertexCount = mesh.vertexCount;
  const wide = vertexCount > 65535;
  const parts: { bytes: Uint8Array; offset: number }[] = [];
  let binLength = 0;
  const bufferViews: Record<string, unknown>[] = [];
  const addView = (bytes: Uint8Array, extra: Record<string, unknown> = {}): number => {
    const offset = binLength;
    parts.push({ bytes, offset });
    binLength = align8(offset + bytes.byteLength);
    bufferViews.push({ buffer: 0, byteOffset: offset, byteLength: bytes.byteLength, ...extra });
    return bufferViews.length - 1;
  };
  const view = (a: ArrayBufferView, length: number) => new Uint8Array(a.buffer, a.byteOffset, length);

  const positions = mesh.positions.subarray(0, vertexCount * 3);
  const min = [Infinity, Infinity, Infinity],
    max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = positions[i + k]!;
      if (v < min[k]!) min[k] = v;
      if (v > max[k]!) max[k] = v;
    }
  }
  const accessors: Record<string, unknown>[] = [];
  const attributes: Record<string, number> = {};
  attributes.POSITION =
    accessors.push({
      bufferView: addView(view(positions, vertexCount * 12), { target: ARRAY_BUFFER }),
      componentType: FLOAT,
      count: vertexCount,
      type: 'VEC3',
      min,
      max,
    }) - 1;
  attributes.NORMAL =
    accessors.push({
      bufferView: addView(view(mesh.normals, vertexCount * 4), { target: ARRAY_BUFFER, byteStride: 4 }),
      componentType: BYTE,
      normalized: true,
      count: vertexCount,
      type: 'VEC3',
    }) - 1;
  attributes._FEATURE_ID_0 =
    accessors.push({
      bufferView: addView(view(mesh.featureIds, vertexCount * 4), { target: ARRAY_BUFFER }),
      componentType: FLOAT,
      count: vertexCount,
      type: 'SCALAR',
    }) - 1;
  if (mesh.colors) {
    attributes.COLOR_0 =
      accessors.push({
        bufferView: addView(view(mesh.colors, vertexCount * 4), { target: ARRAY_BUFFER }),
        componentType: UNSIGNED_BYTE,
        normalized: true,
        count: vertexCount,
        type: 'VEC4',
      }) - 1;
  }
  const indexSource = mesh.indices.subarray(0, mesh.indexCount);
  const indexBytes = wide
    ? view(indexSource, mesh.indexCount * 4)
    : view(Uint16Array.from(indexSource), mesh.indexCount * 2);
  const indices =
    accessors.push({
      bufferView: addView(indexBytes, { target: ELEMENT_ARRAY_BUFFER }),
      componentType: wide ? UNSIGNED_INT : UNSIGNED_SHORT,
      count: mesh.indexCount,
      type: 'SCALAR',
    }) - 1;

  const properties: Record<string, unknown> = {};
  for (const column of table.columns) {
    // A column of empty strings has no bytes, and glTF forbids empty buffer views: leave it out (every property is
    // optional; readers see no value).
    if (column.values.byteLength === 0) continue;
    const values = addView(column.values);
    properties[column.name] = column.stringOffsets
      ? { values, stringOffsets: addView(column.stringOffsets), stringOffsetType: 'UINT32' }
      : { values };
  }

  const [ox, oy, oz] = mesh.origin;
  const json = {
    asset: { version: '2.0', generator: content.generator },
    extensionsUsed: ['EXT_mesh_features', 'EXT_structural_metadata', 'KHR_mesh_quantization'],
    extensionsRequired: ['KHR_mesh_quantization'],
    scene: 0,
    scenes: [{ nodes: [0] }],
    // glTF is y-up: the tile centre (east, north, up) becomes (east, up, -north).
    nodes: [{ mesh: 0, translation: [ox, oz, -oy] }],
    meshes: [
      {
        primitives: [
          {
            attributes,
            indices,
            material: 0,
            mode: 4,
            extensions: {
              EXT_mesh_features: { featureIds: [{ featureCount: table.count, attribute: 0, propertyTable: 0 }] },
            },
          },
        ],
      },
    ],
    materials: [
      { pbrMetallicRoughness: { baseColorFactor: [...content.baseColor], metallicFactor: 0, roughnessFactor: 0.9 } },
    ],
    buffers: [{ byteLength: binLength }],
    bufferViews,
    accessors,
    extensions: {
      EXT_structural_metadata: {
        schema: content.schema,
        propertyTables: [{ class: table.className, count: table.count, properties }],
      },
    },
  };
  return assembleGlb(JSON.stringify(json), parts, binLength);
}

function assembleGlb(jsonText: string, parts: { bytes: Uint8Array; offset: number }[], binLength: number): Uint8Array {
  const jsonBytes = new TextEncoder().encode(jsonText);
  // Pad the JSON so the binary chunk's data starts 8-byte aligned in the file too (typed arrays view it in place).
  let jsonLength = (jsonBytes.byteLength + 3) & ~3;
  if (jsonLength % 8 !== 4) jsonLength += 4;
  const total = 12 + 8 + jsonLength + 8 + binLength;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, GLB_MAGIC, true);
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLength, true);
  dv.setUint32(16, CHUNK_JSON, true);
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.byteLength, 20 + jsonLength);
  const binStart = 20 + jsonLength;
  dv.setUint32(binStart, binLength, true);
  dv.setUint32(binStart + 4, CHUNK_BIN, true);
  for (const p of parts) out.set(p.bytes, binStart + 8 + p.offset);
  return out;
}
