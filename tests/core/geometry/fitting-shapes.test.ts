import { describe, expect, it } from 'vitest';
import { MeshBuffer, addFitting, MANHOLE_RADIUS_M } from '../../../core/geometry/index.js';
import { NodeKindSchema } from '../../../core/model/index.js';
import { inwardTriangles } from './mesh-checks.js';

describe('core/geometry/fitting-shapes', () => {
  it.each(NodeKindSchema.options)('draws a %s as an outward mesh carrying its feature id', (kind) => {
    const mesh = new MeshBuffer(true);
    const tris = addFitting(
      mesh,
      { kind, east: 10, north: 20, groundUp: 0, invertUp: -3, pipeRadius: 0.2, color: [10, 100, 200] },
      42,
    );
    expect(tris).toBeGreaterThan(0);
    expect(inwardTriangles(mesh)).toBe(0);
    expect(new Set(mesh.featureIds.subarray(0, mesh.vertexCount))).toEqual(new Set([42]));
  });

  it('sinks a manhole shaft from the ground to its invert, with a cover just above ground', () => {
    const mesh = new MeshBuffer(true);
    addFitting(
      mesh,
      { kind: 'manhole', east: 0, north: 0, groundUp: 1, invertUp: -3.5, pipeRadius: 0.3, color: [1, 2, 3] },
      0,
    );
    expect(mesh.bounds[2]).toBeCloseTo(-3.5, 6);
    expect(mesh.bounds[5]).toBeCloseTo(1.05, 6);
    expect(mesh.bounds[3] - mesh.bounds[0]).toBeCloseTo(2 * MANHOLE_RADIUS_M, 2);
  });
});
