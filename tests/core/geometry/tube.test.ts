import { describe, expect, it } from 'vitest';
import { MeshBuffer, addBox, addSphere, addTube } from '../../../core/geometry/index.js';
import { expectClose } from '../../helpers/expect-close.js';
import { inwardTriangles } from './mesh-checks.js';

/** Largest distance of any vertex from the polyline's axis (ENU, from the y-up buffer). */
function maxAxisDistance(mesh: MeshBuffer, path: number[]): { max: number; min: number } {
  let max = 0,
    min = Infinity;
  for (let i = 0; i < mesh.vertexCount; i++) {
    const e = mesh.positions[i * 3]! + mesh.origin[0],
      u = mesh.positions[i * 3 + 1]! + mesh.origin[2],
      n = -mesh.positions[i * 3 + 2]! + mesh.origin[1];
    let best = Infinity;
    for (let s = 0; s + 5 < path.length; s += 3) {
      const [ae, an, au, be, bn, bu] = path.slice(s, s + 6) as [number, number, number, number, number, number];
      const de = be - ae,
        dn = bn - an,
        du = bu - au;
      const len2 = de * de + dn * dn + du * du;
      const t = Math.max(0, Math.min(1, ((e - ae) * de + (n - an) * dn + (u - au) * du) / len2));
      best = Math.min(best, Math.hypot(e - ae - t * de, n - an - t * dn, u - au - t * du));
    }
    max = Math.max(max, best);
    min = Math.min(min, best);
  }
  return { max, min };
}

describe('core/geometry/tube', () => {
  it('runs a tube along a sloped path with a gentle bend: outward, radius kept (mitre within 1/cos)', () => {
    const mesh = new MeshBuffer();
    const path = [0, 0, -2, 30, 0, -2.3, 50, 10, -2.5];
    addTube(mesh, path, 0.3, 1, { sides: 8 });
    expect(inwardTriangles(mesh)).toBe(0);
    const d = maxAxisDistance(mesh, path);
    expect(d.max).toBeLessThan(0.3 / Math.cos((27 * Math.PI) / 180 / 2) + 1e-3);
  });

  it('keeps a vertical run round and puts a sphere in a sharp corner', () => {
    const mesh = new MeshBuffer();
    // Down a 3 m drop, then horizontally: a 90 degree bend.
    const path = [5, 5, -1, 5, 5, -4, 15, 5, -4];
    const tris = addTube(mesh, path, 0.2, 2, { sides: 8 });
    expect(tris).toBeGreaterThan(8 * 4);
    expect(inwardTriangles(mesh)).toBe(0);
    expectClose(mesh.bounds[2], -4 - 0.2 * 1.02, 1e-3, 'bottom of the corner sphere');
    expect(mesh.bounds[5]).toBeCloseTo(-1, 3);
    const d = maxAxisDistance(mesh, path);
    expectClose(d.max, 0.2 * 1.02, 1e-3, 'max distance from the axis');
  });

  it('adds nothing for a path without length', () => {
    const mesh = new MeshBuffer();
    expect(addTube(mesh, [1, 1, 1, 1, 1, 1], 0.2, 0)).toBe(0);
  });

  it('builds closed, outward spheres and boxes', () => {
    const mesh = new MeshBuffer();
    addSphere(mesh, 0, 0, 0, 1, 0, 12);
    addBox(mesh, -1, -2, 0, 1, 2, 3, 1);
    expect(inwardTriangles(mesh)).toBe(0);
  });
});
