import type { MeshBuffer } from '../../../core/geometry/index.js';

/**
 * Triangles whose winding disagrees with their vertex normals (the geometric normal points against the mean vertex
 * normal): a mesh built right has none, so back-face culling never hides an outside face.
 */
export function inwardTriangles(mesh: MeshBuffer): number {
  let bad = 0;
  const p = mesh.positions,
    n = mesh.normals,
    idx = mesh.indices;
  for (let t = 0; t < mesh.indexCount; t += 3) {
    const a = idx[t]!,
      b = idx[t + 1]!,
      c = idx[t + 2]!;
    const ux = p[b * 3]! - p[a * 3]!,
      uy = p[b * 3 + 1]! - p[a * 3 + 1]!,
      uz = p[b * 3 + 2]! - p[a * 3 + 2]!;
    const vx = p[c * 3]! - p[a * 3]!,
      vy = p[c * 3 + 1]! - p[a * 3 + 1]!,
      vz = p[c * 3 + 2]! - p[a * 3 + 2]!;
    const gx = uy * vz - uz * vy,
      gy = uz * vx - ux * vz,
      gz = ux * vy - uy * vx;
    if (Math.hypot(gx, gy, gz) < 1e-9) continue;
    let dot = 0;
    for (const v of [a, b, c]) dot += gx * n[v * 4]! + gy * n[v * 4 + 1]! + gz * n[v * 4 + 2]!;
    if (dot <= 0) bad++;
  }
  return bad;
}

/** Sum of triangle areas whose geometric normal points up (+y in glTF), m². */
export function upwardArea(mesh: MeshBuffer): number {
  let area = 0;
  const p = mesh.positions,
    idx = mesh.indices;
  for (let t = 0; t < mesh.indexCount; t += 3) {
    const a = idx[t]!,
      b = idx[t + 1]!,
      c = idx[t + 2]!;
    const ux = p[b * 3]! - p[a * 3]!,
      uy = p[b * 3 + 1]! - p[a * 3 + 1]!,
      uz = p[b * 3 + 2]! - p[a * 3 + 2]!;
    const vx = p[c * 3]! - p[a * 3]!,
      vy = p[c * 3 + 1]! - p[a * 3 + 1]!,
      vz = p[c * 3 + 2]! - p[a * 3 + 2]!;
    const gx = uy * vz - uz * vy,
      gy = uz * vx - ux * vz,
      gz = ux * vy - uy * vx;
    const len = Math.hypot(gx, gy, gz);
    if (len > 0 && gy / len > 0.99) area += len / 2;
  }
  return area;
}
