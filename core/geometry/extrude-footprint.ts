import earcut from 'earcut';
import type { MeshBuffer } from './mesh-buffer.js';

/**
 * A polygon in local ENU metres: the outer ring then its holes, each a flat `[e0, n0, e1, n1, ...]` array. A closing
 * vertex equal to the first is allowed and dropped; ring orientation does not matter (it is normalised here).
 */
export type FlatPolygon = readonly Float64Array[];

/** Signed area of a flat ring (positive when counter-clockwise seen from above), m². */
export function flatRingArea(ring: Float64Array, count = ring.length / 2): number {
  let sum = 0;
  for (let i = 0, j = count - 1; i < count; j = i++) {
    sum += (ring[j * 2]! - ring[i * 2]!) * (ring[j * 2 + 1]! + ring[i * 2 + 1]!);
  }
  return sum / 2;
}

/** Number of distinct vertices of a ring: drops the closing copy of the first vertex and repeated vertices. */
function cleanRing(ring: Float64Array, out: number[]): number {
  out.length = 0;
  const n = ring.length / 2;
  for (let i = 0; i < n; i++) {
    const e = ring[i * 2]!,
      nn = ring[i * 2 + 1]!;
    const m = out.length;
    if (m >= 2 && Math.abs(out[m - 2]! - e) < 1e-6 && Math.abs(out[m - 1]! - nn) < 1e-6) continue;
    out.push(e, nn);
  }
  while (
    out.length >= 4 &&
    Math.abs(out[0]! - out[out.length - 2]!) < 1e-6 &&
    Math.abs(out[1]! - out[out.length - 1]!) < 1e-6
  ) {
    out.length -= 2;
  }
  return out.length / 2;
}

const scratchRings: number[][] = [];
const scratchFlat: number[] = [];
const scratchHoles: number[] = [];

/**
 * Extrudes a polygon from `baseUp` to `topUp` (ENU metres) into `mesh`: one flat-shaded quad per wall edge (holes
 * included) and a flat roof triangulated with earcut. No floor: buildings stand on the ground. Returns the number of
 * triangles added (0 for a degenerate polygon).
 */
export function extrudePolygon(
  mesh: MeshBuffer,
  polygon: FlatPolygon,
  baseUp: number,
  topUp: number,
  featureId: number,
): number {
  if (!(topUp > baseUp)) return 0;
  // Normalise: outer counter-clockwise, holes clockwise, so one wall formula faces every wall outwards.
  let ringCount = 0;
  let vertexTotal = 0;
  for (let r = 0; r < polygon.length; r++) {
    const out = (scratchRings[ringCount] ??= []);
    const n = cleanRing(polygon[r]!, out);
    if (n < 3) {
      if (r === 0) return 0;
      continue;
    }
    const area = flatRingAreaOf(out);
    if (Math.abs(area) < 1e-9) {
      if (r === 0) return 0;
      continue;
    }
    if ((r === 0) !== area > 0) reverseFlat(out);
    ringCount++;
    vertexTotal += n;
  }
  mesh.reserve(vertexTotal * 5, vertexTotal * 9);
  let triangles = 0;
  // Walls.
  for (let r = 0; r < ringCount; r++) {
    const ring = scratchRings[r]!;
    const n = ring.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const ae = ring[i * 2]!,
        an = ring[i * 2 + 1]!,
        be = ring[j * 2]!,
        bn = ring[j * 2 + 1]!;
      const de = be - ae,
        dn = bn - an;
      const len = Math.hypot(de, dn);
      const ne = dn / len,
        nn = -de / len;
      const v0 = mesh.addVertex(ae, an, baseUp, ne, nn, 0, featureId);
      const v1 = mesh.addVertex(be, bn, baseUp, ne, nn, 0, featureId);
      const v2 = mesh.addVertex(be, bn, topUp, ne, nn, 0, featureId);
      const v3 = mesh.addVertex(ae, an, topUp, ne, nn, 0, featureId);
      mesh.addTriangle(v0, v1, v2);
      mesh.addTriangle(v0, v2, v3);
      triangles += 2;
    }
  }
  // Roof: earcut on coordinates relative to the first vertex (smaller numbers, steadier arithmetic).
  scratchFlat.length = 0;
  scratchHoles.length = 0;
  const oe = scratchRings[0]![0]!,
    on = scratchRings[0]![1]!;
  for (let r = 0; r < ringCount; r++) {
    if (r > 0) scratchHoles.push(scratchFlat.length / 2);
    const ring = scratchRings[r]!;
    for (let i = 0; i < ring.length; i += 2) scratchFlat.push(ring[i]! - oe, ring[i + 1]! - on);
  }
  const tris = earcut(scratchFlat, scratchHoles.length > 0 ? scratchHoles : undefined, 2);
  const first = mesh.vertexCount;
  for (let i = 0; i < scratchFlat.length; i += 2)
    mesh.addVertex(scratchFlat[i]! + oe, scratchFlat[i + 1]! + on, topUp, 0, 0, 1, featureId);
  for (let t = 0; t < tris.length; t += 3) {
    const a = tris[t]!,
      b = tris[t + 1]!,
      c = tris[t + 2]!;
    // Earcut does not promise an orientation: keep each roof triangle counter-clockwise seen from above.
    const cross =
      (scratchFlat[b * 2]! - scratchFlat[a * 2]!) * (scratchFlat[c * 2 + 1]! - scratchFlat[a * 2 + 1]!) -
      (scratchFlat[b * 2 + 1]! - scratchFlat[a * 2 + 1]!) * (scratchFlat[c * 2]! - scratchFlat[a * 2]!);
    if (cross >= 0) mesh.addTriangle(first + a, first + b, first + c);
    else mesh.addTriangle(first + a, first + c, first + b);
    triangles++;
  }
  return triangles;
}

function flatRingAreaOf(ring: number[]): number {
  let sum = 0;
  const count = ring.length / 2;
  for (let i = 0, j = count - 1; i < count; j = i++)
    sum += (ring[j * 2]! - ring[i * 2]!) * (ring[j * 2 + 1]! + ring[i * 2 + 1]!);
  return sum / 2;
}

function reverseFlat(ring: number[]): void {
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const e = ring[i * 2]!,
      nn = ring[i * 2 + 1]!;
    ring[i * 2] = ring[j * 2]!;
    ring[i * 2 + 1] = ring[j * 2 + 1]!;
    ring[j * 2] = e;
    ring[j * 2 + 1] = nn;
  }
}

/**
 * The oriented rectangle around a set of flat points, aligned with the longest edge of `ring`: a cheap, tight-enough
 * box for coarse levels. Returns a counter-clockwise flat ring of 4 corners.
 */
export function orientedRectangle(ring: Float64Array): Float64Array {
  const n = ring.length / 2;
  let best = 0,
    ue = 1,
    un = 0;
  for (let i = 0; i + 1 < n; i++) {
    const de = ring[i * 2 + 2]! - ring[i * 2]!,
      dn = ring[i * 2 + 3]! - ring[i * 2 + 1]!;
    const len = de * de + dn * dn;
    if (len > best) {
      best = len;
      const l = Math.sqrt(len);
      ue = de / l;
      un = dn / l;
    }
  }
  let minU = Infinity,
    maxU = -Infinity,
    minV = Infinity,
    maxV = -Infinity;
  for (let i = 0; i < n; i++) {
    const e = ring[i * 2]!,
      nn = ring[i * 2 + 1]!;
    const u = e * ue + nn * un,
      v = -e * un + nn * ue;
    if (u < minU) minU = u;
    if (u > maxU) maxU = u;
    if (v < minV) minV = v;
    if (v > maxV) maxV = v;
  }
  const corner = (u: number, v: number): [number, number] => [u * ue - v * un, u * un + v * ue];
  return Float64Array.from([
    ...corner(minU, minV),
    ...corner(maxU, minV),
    ...corner(maxU, maxV),
    ...corner(minU, maxV),
  ]);
}
