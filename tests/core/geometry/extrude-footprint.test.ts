import { describe, expect, it } from 'vitest';
import { MeshBuffer, extrudePolygon, orientedRectangle, flatRingArea } from '../../../core/geometry/index.js';
import { expectClose } from '../../helpers/expect-close.js';
import { inwardTriangles, upwardArea } from './mesh-checks.js';

const square = (e0: number, n0: number, s: number, clockwise = false) => {
  const pts = [
    [e0, n0],
    [e0 + s, n0],
    [e0 + s, n0 + s],
    [e0, n0 + s],
    [e0, n0],
  ];
  return Float64Array.from((clockwise ? pts.reverse() : pts).flat());
};

describe('core/geometry/extrude-footprint', () => {
  it('extrudes a square with a hole: outward walls, roof area = outer minus hole, heights as asked', () => {
    const mesh = new MeshBuffer();
    mesh.reset(1000, 2000, 0);
    // Wrong-way rings on purpose: the extruder normalises orientation.
    const tris = extrudePolygon(mesh, [square(1000, 2000, 20, true), square(1005, 2005, 10, true)], 3, 30, 7);
    expect(tris).toBeGreaterThan(8 * 2);
    expect(inwardTriangles(mesh)).toBe(0);
    expectClose(upwardArea(mesh), 400 - 100, 1e-3, 'roof area');
    expect(mesh.bounds).toEqual([1000, 2000, 3, 1020, 2020, 30]);
    expect(new Set(mesh.featureIds.subarray(0, mesh.vertexCount))).toEqual(new Set([7]));
    // Positions are relative to the origin, y-up: the top is at y = 30.
    expect(Math.max(...Array.from({ length: mesh.vertexCount }, (_, i) => mesh.positions[i * 3 + 1]!))).toBe(30);
  });

  it('skips degenerate footprints and roofs not above the base', () => {
    const mesh = new MeshBuffer();
    expect(extrudePolygon(mesh, [Float64Array.from([0, 0, 1, 0, 2, 0, 0, 0])], 0, 10, 0)).toBe(0);
    expect(extrudePolygon(mesh, [square(0, 0, 5)], 10, 10, 0)).toBe(0);
    expect(mesh.isEmpty()).toBe(true);
  });

  it('gives the oriented rectangle of a rotated rectangle its own area', () => {
    const a = Math.PI / 7;
    const pts = [
      [0, 0],
      [20, 0],
      [20, 8],
      [0, 8],
    ].map(([x, y]) => [x! * Math.cos(a) - y! * Math.sin(a), x! * Math.sin(a) + y! * Math.cos(a)]);
    const rect = orientedRectangle(Float64Array.from([...pts, pts[0]!].flat()));
    expectClose(Math.abs(flatRingArea(rect)), 160, 1e-6, 'area');
  });
});
