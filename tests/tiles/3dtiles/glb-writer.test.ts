import validator from 'gltf-validator';
import { describe, expect, it } from 'vitest';
import { MeshBuffer, addBox } from '../../../core/geometry/index.js';
import { writeGlb } from '../../../tiles/3dtiles/glb-writer.js';
import {
  PropertyTableBuilder,
  schemaJson,
  type MetadataClassDefinition,
} from '../../../tiles/3dtiles/property-table.js';
import { enuPositions, parseGlb, readAccessor, readPropertyTable } from './read-glb.js';

const CLASS: MetadataClassDefinition = {
  name: 'thing',
  description: 'test class',
  properties: [
    { name: 'id', type: 'STRING', description: 'id' },
    { name: 'label', type: 'STRING', description: 'often empty' },
    { name: 'size', type: 'FLOAT32', description: 'm' },
    { name: 'year', type: 'UINT16', noData: 0, description: 'year' },
    { name: 'count', type: 'UINT32', description: 'n' },
  ],
};

function glbOf(boxes: number, origin: [number, number], labels = true): Uint8Array {
  const mesh = new MeshBuffer(true);
  mesh.reset(origin[0], origin[1], 0);
  const table = new PropertyTableBuilder(CLASS);
  for (let i = 0; i < boxes; i++) {
    const fid = table.addRow([
      `b-${i}`,
      labels && i % 3 === 0 ? '陆家嘴 1号' : undefined,
      i * 1.5,
      i % 2 ? 1990 + i : undefined,
      i * 1000,
    ]);
    mesh.setColor(i % 256, 100, 200);
    addBox(mesh, origin[0] + i * 3, origin[1], 0, origin[0] + i * 3 + 2, origin[1] + 2, 5 + i, fid);
  }
  return writeGlb({
    mesh,
    table: table.encode(),
    schema: schemaJson('test', [CLASS]),
    baseColor: [1, 1, 1, 1],
    generator: 'test',
  });
}

describe('tiles/3dtiles/glb-writer', () => {
  it('writes a GLB the Khronos validator accepts with zero errors, its metadata reading back as written', async () => {
    const bytes = glbOf(12, [25_000, -18_000]);
    const report = await validator.validateBytes(bytes);
    expect(report.issues.messages.filter((m) => m.severity === 0)).toEqual([]);
    const glb = parseGlb(bytes);
    const table = readPropertyTable(glb);
    expect(table.count).toBe(12);
    expect(table.columns.id).toEqual(Array.from({ length: 12 }, (_, i) => `b-${i}`));
    expect(table.columns.label![3]).toBe('陆家嘴 1号');
    expect(table.columns.label![4]).toBe('');
    expect(table.columns.size![5]).toBe(7.5);
    expect(table.columns.year![1]).toBe(1991);
    expect(table.columns.year![2]).toBe(0);
    expect(table.columns.count![11]).toBe(11_000);
    // Far from the origin, positions are relative to the node translation and come back exact in ENU.
    const p = enuPositions(glb);
    expect(Math.min(...Array.from({ length: p.length / 3 }, (_, i) => p[i * 3]!))).toBe(25_000);
    expect(glb.json.extensionsUsed).toEqual(expect.arrayContaining(['EXT_mesh_features', 'EXT_structural_metadata']));
  });

  it('aligns every buffer view to 8 bytes and leaves out all-empty string columns', () => {
    const glb = parseGlb(glbOf(4, [0, 0]));
    for (const v of glb.json.bufferViews) expect(v.byteOffset % 8).toBe(0);
    const props = glb.json.extensions.EXT_structural_metadata.propertyTables[0].properties;
    expect(Object.keys(props)).toContain('label');
    const noLabels = parseGlb(glbOf(4, [0, 0], false));
    expect(Object.keys(noLabels.json.extensions.EXT_structural_metadata.propertyTables[0].properties)).not.toContain(
      'label',
    );
    expect(noLabels.json.bufferViews.every((v: { byteLength: number }) => v.byteLength > 0)).toBe(true);
    expect(readPropertyTable(noLabels).columns.label).toEqual(['', '', '', '']);
  });

  it('switches to 32-bit indices above 65,535 vertices, and the validator agrees', async () => {
    // A closed box has 24 vertices: 2,500 boxes = 60,000 vertices, 3,000 = 72,000.
    const small = parseGlb(glbOf(2500, [0, 0]));
    expect(small.json.accessors[small.json.meshes[0].primitives[0].indices].componentType).toBe(5123);
    const bytes = glbOf(3000, [0, 0]);
    const big = parseGlb(bytes);
    const primitive = big.json.meshes[0].primitives[0];
    expect(big.json.accessors[primitive.attributes.POSITION].count).toBeGreaterThan(65_535);
    expect(big.json.accessors[primitive.indices].componentType).toBe(5125);
    const indices = readAccessor(big, primitive.indices).values;
    expect(Math.max(...indices.subarray(indices.length - 6))).toBeGreaterThan(65_535);
    const report = await validator.validateBytes(bytes);
    expect(report.issues.numErrors).toBe(0);
  });
});
