import { describe, expect, it } from 'vitest';
import { digPrism, elementDistances, segmentPrismDist2, type AxisPoint } from '../../../core/excavation/index.js';
import { SeededRandom } from '../../../core/random/index.js';

// Brute force written independently of the module: even-odd point-in-rings and point-to-edge distances,
// the distance to the prism taken as the least distance to its surface or 0 inside.
function bruteInside(rings: [number, number][][], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
}

function bruteEdgeDist(rings: [number, number][][], x: number, y: number): number {
  let best = Infinity;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j]!;
      const [bx, by] = ring[i]!;
      const ex = bx - ax,
        ey = by - ay;
      const u = Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey || 1)));
      best = Math.min(best, Math.hypot(ax + u * ex - x, ay + u * ey - y));
    }
  return best;
}

function brutePoint(rings: [number, number][][], depth: number, p: AxisPoint, planOnly: boolean): number {
  const h = bruteInside(rings, p.x, p.y) ? 0 : bruteEdgeDist(rings, p.x, p.y);
  const v = planOnly ? 0 : p.z < 0 ? -p.z : p.z > depth ? p.z - depth : 0;
  return Math.hypot(h, v);
}

function randomRing(rnd: SeededRandom, cx: number, cy: number, rMin: number, rMax: number): [number, number][] {
  const n = rnd.int(3, 9);
  const angles = Array.from({ length: n }, () => rnd.range(0, 2 * Math.PI)).sort((a, b) => a - b);
  return angles.map((a) => {
    const r = rnd.range(rMin, rMax);
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
}

describe('segment to extruded polygon distance', () => {
  it('matches brute force on 300 random polygons (some with holes) and 3D segments', () => {
    const rnd = new SeededRandom(15);
    let inside = 0;
    for (let c = 0; c < 300; c++) {
      const rings = [randomRing(rnd, 0, 0, 4, 12)];
      if (rnd.chance(0.3)) rings.push(randomRing(rnd, 0, 0, 0.5, 2.5));
      const depth = rnd.range(0.5, 4);
      const prism = digPrism(rings, depth);
      const a = { x: rnd.range(-20, 20), y: rnd.range(-20, 20), z: rnd.range(-1, 7) };
      const b = rnd.chance(0.1)
        ? { ...a, z: a.z + rnd.range(0, 3) } // vertical (a chamber)
        : { x: rnd.range(-20, 20), y: rnd.range(-20, 20), z: rnd.range(-1, 7) };
      const len = Math.hypot(b.x - a.x, b.y - a.y, b.z - a.z);
      const samples = 1500;
      for (const planOnly of [false, true]) {
        let brute = Infinity;
        for (let i = 0; i <= samples; i++) {
          const t = i / samples;
          const p = { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y), z: a.z + t * (b.z - a.z) };
          brute = Math.min(brute, brutePoint(rings, depth, p, planOnly));
        }
        const exact = Math.sqrt(segmentPrismDist2(prism, a, b, planOnly));
        // Never more than a sampled point's distance; never less than the sampled minimum minus half a step
        // (the distance is 1-Lipschitz along the segment).
        expect(exact).toBeLessThanOrEqual(brute + 1e-7);
        expect(exact).toBeGreaterThanOrEqual(brute - len / samples / 2 - 1e-7);
        if (!planOnly && exact === 0) inside++;
      }
    }
    // The random cases exercise both outcomes.
    expect(inside).toBeGreaterThan(20);
    expect(inside).toBeLessThan(280);
  });

  it('gives the clear distance of a pipe: axis distance minus radius, separately in plan and in 3D', () => {
    const square: [number, number][] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ];
    const prism = digPrism([square], 2);
    // A 0.4 m pipe 3 m deep (axis) under the middle of the dig: plan overlap, 3D gap 3 - 0.2 - 2 = 0.8 m.
    const under = elementDistances(
      prism,
      [
        { x: -5, y: 5, z: 3 },
        { x: 15, y: 5, z: 3 },
      ],
      0.2,
    );
    expect(under.horizontalM).toBe(0);
    expect(under.distanceM).toBeCloseTo(0.8, 9);
    // Beside the dig at 1.2 m depth, 1.5 m east of its wall: horizontal 1.5 - 0.2.
    const beside = elementDistances(
      prism,
      [
        { x: 11.5, y: -5, z: 1.2 },
        { x: 11.5, y: 15, z: 1.2 },
      ],
      0.2,
    );
    expect(beside.horizontalM).toBeCloseTo(1.3, 9);
    expect(beside.distanceM).toBeCloseTo(1.3, 9);
    // Crossing through it at 1 m: reached.
    const through = elementDistances(
      prism,
      [
        { x: -5, y: 2, z: 1 },
        { x: 15, y: 2, z: 1 },
      ],
      0.1,
    );
    expect(through.distanceM).toBe(0);
    // Diagonal below the bottom edge: the corner distance.
    const corner = elementDistances(prism, [{ x: 13, y: 14, z: 6 }], 0);
    expect(corner.distanceM).toBeCloseTo(Math.hypot(3, 4, 4), 9);
  });
});
