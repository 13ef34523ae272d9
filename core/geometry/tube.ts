import type { MeshBuffer } from './mesh-buffer.js';

/** Options of {@link addTube}. */
export interface TubeOptions {
  /** Sides of the cross-section. @default 8 */
  sides?: number;
  /** Close both ends with flat discs. @default true */
  caps?: boolean;
  /**
   * Bends up to this angle (radians) get a mitred joint (one shared ring in the bisector plane); sharper bends split
   * the tube and put a sphere in the corner, so a vertical drop stays round instead of pinching. @default 50°
   */
  maxMitreAngle?: number;
}

const MIN_SEGMENT_M = 1e-3;

/**
 * Adds a true 3D tube of `radius` metres along `points` (flat ENU `[e, n, u, ...]`), any direction including vertical.
 * The cross-section frame is carried along by rotation-minimising transport, so the tube never twists. Returns the
 * number of triangles added (0 when the path has no length).
 */
export function addTube(
  mesh: MeshBuffer,
  points: ArrayLike<number>,
  radius: number,
  featureId: number,
  options: TubeOptions = {},
): number {
  const sides = Math.max(3, Math.floor(options.sides ?? 8));
  const caps = options.caps ?? true;
  const cosMaxMitre = Math.cos(options.maxMitreAngle ?? (50 * Math.PI) / 180);
  // Drop repeated points: a zero-length segment has no direction.
  const p: number[] = [];
  for (let i = 0; i + 2 < points.length; i += 3) {
    const e = points[i]!,
      n = points[i + 1]!,
      u = points[i + 2]!;
    const m = p.length;
    if (m >= 3 && Math.hypot(e - p[m - 3]!, n - p[m - 2]!, u - p[m - 1]!) < MIN_SEGMENT_M) continue;
    p.push(e, n, u);
  }
  const count = p.length / 3;
  if (count < 2) return 0;
  const d = direction(p, 0);
  // Start frame: u perpendicular to the first direction, away from it whatever its slope.
  const ref = Math.abs(d[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  let u = normalize(cross(ref, d));
  let v = cross(d, u);
  mesh.reserve(count * sides * 2 + sides * 2 + 2, count * sides * 6 + sides * 6);
  let triangles = 0;
  if (caps) triangles += cap(mesh, p, 0, d, u, v, radius, sides, featureId, false);
  let ring = addRing(mesh, p[0]!, p[1]!, p[2]!, u, v, radius, sides, featureId, null);
  let din = d;
  for (let i = 1; i < count - 1; i++) {
    const dout = direction(p, i);
    const cosAngle = dot(din, dout);
    if (cosAngle >= cosMaxMitre) {
      const mitre = normalize([din[0] + dout[0], din[1] + dout[1], din[2] + dout[2]]);
      const next = addRing(mesh, p[i * 3]!, p[i * 3 + 1]!, p[i * 3 + 2]!, u, v, radius, sides, featureId, {
        along: din,
        plane: mitre,
      });
      triangles += connect(mesh, ring, next, sides);
      ring = next;
      [u, v] = transport(u, din, dout);
    } else {
      const end = addRing(mesh, p[i * 3]!, p[i * 3 + 1]!, p[i * 3 + 2]!, u, v, radius, sides, featureId, null);
      triangles += connect(mesh, ring, end, sides);
      triangles += addSphere(mesh, p[i * 3]!, p[i * 3 + 1]!, p[i * 3 + 2]!, radius * 1.02, featureId, sides);
      [u, v] = transport(u, din, dout);
      ring = addRing(mesh, p[i * 3]!, p[i * 3 + 1]!, p[i * 3 + 2]!, u, v, radius, sides, featureId, null);
    }
    din = dout;
  }
  const last = (count - 1) * 3;
  const end = addRing(mesh, p[last]!, p[last + 1]!, p[last + 2]!, u, v, radius, sides, featureId, null);
  triangles += connect(mesh, ring, end, sides);
  if (caps) triangles += cap(mesh, p, count - 1, din, u, v, radius, sides, featureId, true);
  return triangles;
}

/**
 * Adds a UV sphere (`sides` around, `sides / 2` from pole to pole) at ENU `(e, n, up)`; returns its triangle count.
 */
export function addSphere(
  mesh: MeshBuffer,
  e: number,
  n: number,
  up: number,
  radius: number,
  featureId: number,
  sides = 8,
): number {
  const around = Math.max(4, sides);
  const rows = Math.max(2, Math.floor(around / 2));
  mesh.reserve((rows + 1) * (around + 1), rows * around * 6);
  const first = mesh.vertexCount;
  for (let r = 0; r <= rows; r++) {
    const phi = (Math.PI * r) / rows;
    const sz = Math.cos(phi),
      sr = Math.sin(phi);
    for (let a = 0; a <= around; a++) {
      const theta = (2 * Math.PI * a) / around;
      const x = sr * Math.cos(theta),
        y = sr * Math.sin(theta);
      mesh.addVertex(e + radius * x, n + radius * y, up + radius * sz, x, y, sz, featureId);
    }
  }
  let triangles = 0;
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < around; a++) {
      const i0 = first + r * (around + 1) + a,
        i1 = i0 + 1,
        j0 = i0 + around + 1,
        j1 = j0 + 1;
      // Rows run from the top pole down; counter-clockwise seen from outside.
      if (r > 0) {
        mesh.addTriangle(i0, j0, i1);
        triangles++;
      }
      if (r < rows - 1) {
        mesh.addTriangle(i1, j0, j1);
        triangles++;
      }
    }
  }
  return triangles;
}

/**
 * Adds an axis-aligned box (ENU metres) with flat faces; `withBottom` false leaves the floor open (it stands on
 * something). Returns its triangle count.
 */
export function addBox(
  mesh: MeshBuffer,
  minE: number,
  minN: number,
  minU: number,
  maxE: number,
  maxN: number,
  maxU: number,
  featureId: number,
  withBottom = true,
): number {
  mesh.reserve(24, 36);
  const faces: [number, number, number, number[][]][] = [
    [
      1,
      0,
      0,
      [
        [maxE, minN, minU],
        [maxE, maxN, minU],
        [maxE, maxN, maxU],
        [maxE, minN, maxU],
      ],
    ],
    [
      -1,
      0,
      0,
      [
        [minE, maxN, minU],
        [minE, minN, minU],
        [minE, minN, maxU],
        [minE, maxN, maxU],
      ],
    ],
    [
      0,
      1,
      0,
      [
        [maxE, maxN, minU],
        [minE, maxN, minU],
        [minE, maxN, maxU],
        [maxE, maxN, maxU],
      ],
    ],
    [
      0,
      -1,
      0,
      [
        [minE, minN, minU],
        [maxE, minN, minU],
        [maxE, minN, maxU],
        [minE, minN, maxU],
      ],
    ],
    [
      0,
      0,
      1,
      [
        [minE, minN, maxU],
        [maxE, minN, maxU],
        [maxE, maxN, maxU],
        [minE, maxN, maxU],
      ],
    ],
  ];
  if (withBottom)
    faces.push([
      0,
      0,
      -1,
      [
        [minE, maxN, minU],
        [maxE, maxN, minU],
        [maxE, minN, minU],
        [minE, minN, minU],
      ],
    ]);
  for (const [ne, nn, nu, corners] of faces) {
    const i = corners.map(([e, n, u]) => mesh.addVertex(e!, n!, u!, ne, nn, nu, featureId));
    mesh.addTriangle(i[0]!, i[1]!, i[2]!);
    mesh.addTriangle(i[0]!, i[2]!, i[3]!);
  }
  return faces.length * 2;
}

type Vec3 = [number, number, number];

function direction(p: number[], i: number): Vec3 {
  return normalize([p[i * 3 + 3]! - p[i * 3]!, p[i * 3 + 4]! - p[i * 3 + 1]!, p[i * 3 + 5]! - p[i * 3 + 2]!]);
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

function cross(a: readonly number[], b: readonly number[]): Vec3 {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

function normalize(a: readonly number[]): Vec3 {
  const l = Math.hypot(a[0]!, a[1]!, a[2]!) || 1;
  return [a[0]! / l, a[1]! / l, a[2]! / l];
}

/** Rotates the frame `(u, din x u)` about `din x dout` so that it is perpendicular to `dout` (no twist). */
function transport(u: Vec3, din: Vec3, dout: Vec3): [Vec3, Vec3] {
  const axis = cross(din, dout);
  const s = Math.hypot(axis[0], axis[1], axis[2]);
  const c = dot(din, dout);
  let nu: Vec3 = u;
  if (s > 1e-9) {
    const k = normalize(axis);
    const kxu = cross(k, u);
    const kdu = dot(k, u);
    nu = [
      u[0] * c + kxu[0] * s + k[0] * kdu * (1 - c),
      u[1] * c + kxu[1] * s + k[1] * kdu * (1 - c),
      u[2] * c + kxu[2] * s + k[2] * kdu * (1 - c),
    ];
  } else if (c < 0) {
    nu = [-u[0], -u[1], -u[2]];
  }
  // Re-orthogonalise against rounding drift over long paths.
  const proj = dot(nu, dout);
  nu = normalize([nu[0] - dout[0] * proj, nu[1] - dout[1] * proj, nu[2] - dout[2] * proj]);
  return [nu, cross(dout, nu)];
}

/** Adds a ring of `sides` vertices around `(e, n, up)`; with `mitre`, projects it along `along` onto the mitre plane. */
function addRing(
  mesh: MeshBuffer,
  e: number,
  n: number,
  up: number,
  u: Vec3,
  v: Vec3,
  radius: number,
  sides: number,
  featureId: number,
  mitre: { along: Vec3; plane: Vec3 } | null,
): number {
  const first = mesh.vertexCount;
  for (let j = 0; j < sides; j++) {
    const a = (2 * Math.PI * j) / sides;
    const c = Math.cos(a),
      s = Math.sin(a);
    let ox = radius * (u[0] * c + v[0] * s),
      oy = radius * (u[1] * c + v[1] * s),
      oz = radius * (u[2] * c + v[2] * s);
    if (mitre) {
      const t = -(ox * mitre.plane[0] + oy * mitre.plane[1] + oz * mitre.plane[2]) / dot(mitre.along, mitre.plane);
      ox += t * mitre.along[0];
      oy += t * mitre.along[1];
      oz += t * mitre.along[2];
    }
    const l = Math.hypot(ox, oy, oz) || 1;
    mesh.addVertex(e + ox, n + oy, up + oz, ox / l, oy / l, oz / l, featureId);
  }
  return first;
}

function connect(mesh: MeshBuffer, a: number, b: number, sides: number): number {
  for (let j = 0; j < sides; j++) {
    const k = (j + 1) % sides;
    mesh.addTriangle(a + j, a + k, b + k);
    mesh.addTriangle(a + j, b + k, b + j);
  }
  return sides * 2;
}

function cap(
  mesh: MeshBuffer,
  p: number[],
  index: number,
  d: Vec3,
  u: Vec3,
  v: Vec3,
  radius: number,
  sides: number,
  featureId: number,
  atEnd: boolean,
): number {
  const e = p[index * 3]!,
    n = p[index * 3 + 1]!,
    up = p[index * 3 + 2]!;
  const sign = atEnd ? 1 : -1;
  const centre = mesh.addVertex(e, n, up, d[0] * sign, d[1] * sign, d[2] * sign, featureId);
  const first = mesh.vertexCount;
  for (let j = 0; j < sides; j++) {
    const a = (2 * Math.PI * j) / sides;
    const c = Math.cos(a),
      s = Math.sin(a);
    mesh.addVertex(
      e + radius * (u[0] * c + v[0] * s),
      n + radius * (u[1] * c + v[1] * s),
      up + radius * (u[2] * c + v[2] * s),
      d[0] * sign,
      d[1] * sign,
      d[2] * sign,
      featureId,
    );
  }
  for (let j = 0; j < sides; j++) {
    const k = (j + 1) % sides;
    if (atEnd) mesh.addTriangle(centre, first + j, first + k);
    else mesh.addTriangle(centre, first + k, first + j);
  }
  return sides;
}
