import validator from 'gltf-validator';
import { enuPositions, parseGlb, readAccessor, readPropertyTable } from './read-glb.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Reads a file of a built tileset (`buildings/tileset.json`, `buildings/content/3-1-2.glb`). */
export type FileReader = (path: string) => Uint8Array;

/** What walking a tileset found. */
export interface TilesetReport {
  tiles: number;
  glbs: number;
  /** Each leaf feature's row, by id; ids seen more than once across leaves are in `duplicateLeafIds`. */
  leafRows: Map<string, Record<string, string | number>>;
  duplicateLeafIds: string[];
  /** Where each leaf feature is: its GLB and its row (feature id) there. */
  leafTile: Map<string, { uri: string; featureId: number }>;
  problems: string[];
  maxDepth: number;
  maxGlbBytes: number;
}

/**
 * Walks a tileset and checks what the issue asks: geometric error strictly decreasing with depth (leaves 0), every
 * vertex inside its tile's box and every ancestor's box, EXT_structural_metadata buffer views 8-byte aligned, 32-bit
 * indices above 65,535 vertices, feature ids within the table, and (with `validate`) zero Khronos validator errors.
 */
export async function checkTileset(
  dir: string,
  read: FileReader,
  options: { validate: boolean },
): Promise<TilesetReport> {
  const json = JSON.parse(new TextDecoder().decode(read(`${dir}/tileset.json`)));
  const report: TilesetReport = {
    tiles: 0,
    glbs: 0,
    leafRows: new Map(),
    duplicateLeafIds: [],
    leafTile: new Map(),
    problems: [],
    maxDepth: 0,
    maxGlbBytes: 0,
  };
  if (json.asset?.version !== '1.1') report.problems.push(`asset.version is ${json.asset?.version}`);
  if (!(json.geometricError > json.root.geometricError))
    report.problems.push("tileset geometricError not above the root's");
  await walk(json.root, [], json.geometricError, 0);
  return report;

  async function walk(tile: any, ancestors: number[][], parentError: number, depth: number): Promise<void> {
    report.tiles++;
    report.maxDepth = Math.max(report.maxDepth, depth);
    const where = tile.content?.uri ?? `tile at depth ${depth}`;
    if (!(tile.geometricError < parentError))
      report.problems.push(`${where}: geometricError ${tile.geometricError} not below parent's ${parentError}`);
    const isLeaf = !tile.children?.length;
    if (isLeaf && tile.geometricError !== 0)
      report.problems.push(`${where}: leaf with geometricError ${tile.geometricError}`);
    const boxes = [...ancestors, tile.boundingVolume.box];
    if (tile.content) {
      const bytes = read(`${dir}/${tile.content.uri}`);
      report.glbs++;
      report.maxGlbBytes = Math.max(report.maxGlbBytes, bytes.byteLength);
      if (options.validate) {
        const result = await validator.validateBytes(bytes);
        if (result.issues.numErrors > 0) {
          report.problems.push(
            `${where}: ${result.issues.numErrors} validator errors ${JSON.stringify(result.issues.messages.filter((m: any) => m.severity === 0).slice(0, 3))}`,
          );
        }
      }
      checkGlb(bytes, tile.content.uri, boxes, isLeaf);
    }
    for (const child of tile.children ?? []) await walk(child, boxes, tile.geometricError, depth + 1);
  }

  function checkGlb(bytes: Uint8Array, where: string, boxes: number[][], isLeaf: boolean): void {
    const glb = parseGlb(bytes);
    const positions = enuPositions(glb);
    for (const box of boxes) {
      const [cx, cy, cz, hx, , , , hy, , , , hz] = box as number[];
      const tol = 1e-3;
      for (let i = 0; i < positions.length; i += 3) {
        if (
          Math.abs(positions[i]! - cx!) > hx! + tol ||
          Math.abs(positions[i + 1]! - cy!) > hy! + tol ||
          Math.abs(positions[i + 2]! - cz!) > hz! + tol
        ) {
          report.problems.push(
            `${where}: vertex ${i / 3} (${positions[i]}, ${positions[i + 1]}, ${positions[i + 2]}) outside box ${JSON.stringify(box)}`,
          );
          break;
        }
      }
    }
    const primitive = glb.json.meshes[0].primitives[0];
    const vertexCount = glb.json.accessors[primitive.attributes.POSITION].count;
    const indexType = glb.json.accessors[primitive.indices].componentType;
    if (vertexCount > 65535 && indexType !== 5125)
      report.problems.push(`${where}: ${vertexCount} vertices with 16-bit indices`);
    const ext = glb.json.extensions.EXT_structural_metadata;
    for (const p of Object.values<any>(ext.propertyTables[0].properties)) {
      for (const v of [p.values, p.stringOffsets]) {
        if (v !== undefined && glb.json.bufferViews[v].byteOffset % 8 !== 0)
          report.problems.push(`${where}: property buffer view ${v} not 8-byte aligned`);
      }
    }
    const table = readPropertyTable(glb);
    const featureIds = readAccessor(glb, primitive.attributes._FEATURE_ID_0).values;
    const featureCount = primitive.extensions.EXT_mesh_features.featureIds[0].featureCount;
    if (featureCount !== table.count)
      report.problems.push(`${where}: featureCount ${featureCount} != table count ${table.count}`);
    const used = new Set<number>();
    for (const f of featureIds) {
      if (!(f >= 0 && f < table.count && Number.isInteger(f))) {
        report.problems.push(`${where}: feature id ${f} outside the table`);
        break;
      }
      used.add(f);
    }
    if (used.size !== table.count) report.problems.push(`${where}: ${table.count - used.size} rows without geometry`);
    if (!isLeaf) return;
    const names = Object.keys(table.columns);
    for (let i = 0; i < table.count; i++) {
      const row: Record<string, string | number> = {};
      for (const n of names) row[n] = table.columns[n]![i]!;
      const id = String(row.id);
      if (report.leafRows.has(id)) report.duplicateLeafIds.push(id);
      report.leafRows.set(id, row);
      report.leafTile.set(id, { uri: where, featureId: i });
    }
  }
}
