import { describe, expect, it } from 'vitest';
import { addBox, type MeshBuffer } from '../../../core/geometry/index.js';
import { QuadtreeBuilder, mortonKey, type TileNode } from '../../../tiles/3dtiles/quadtree-builder.js';
import type { PropertyTableBuilder } from '../../../tiles/3dtiles/property-table.js';
import type { TileContentStrategy } from '../../../tiles/3dtiles/tile-content-strategy.js';
import { SeededRandom } from '../../../core/random/index.js';
import { parseGlb, readPropertyTable } from './read-glb.js';

interface Dot {
  id: string;
  e: number;
  n: number;
}

/** 2 m cubes; parents keep the first 50 of their children's dots. */
const DOTS: TileContentStrategy<Dot, Dot[]> = {
  metadataClass: { name: 'dot', description: 'test', properties: [{ name: 'id', type: 'STRING', description: 'id' }] },
  baseColor: [1, 1, 1, 1],
  withColors: false,
  maxFeaturesPerTile: 100,
  writeFull(f: Dot, mesh: MeshBuffer, table: PropertyTableBuilder) {
    addBox(mesh, f.e - 1, f.n - 1, 0, f.e + 1, f.n + 1, 2, table.addRow([f.id]));
  },
  summarize: (features) => features.slice(0, 50),
  merge: (parts) => parts.flat().slice(0, 50),
  writeCoarse(dots, mesh, table) {
    for (const f of dots) addBox(mesh, f.e - 1, f.n - 1, 0, f.e + 1, f.n + 1, 2, table.addRow([f.id]));
  },
};

function leaves(node: TileNode, out: TileNode[] = []): TileNode[] {
  if (node.children.length === 0) out.push(node);
  for (const c of node.children) leaves(c, out);
  return out;
}

describe('tiles/3dtiles/quadtree-builder', () => {
  const random = new SeededRandom(5);
  // Clustered dots: dense downtown, sparse outskirts, so leaves end at different depths.
  const dots: Dot[] = Array.from({ length: 3000 }, (_, i) => {
    const spread = i % 3 === 0 ? 900 : 120;
    return { id: `d-${i}`, e: 1000 + random.normal(0, spread), n: 1000 + random.normal(0, spread) };
  }).filter((d) => d.e > 0 && d.n > 0 && d.e < 2000 && d.n < 2000);

  function build() {
    const files = new Map<string, Uint8Array>();
    const builder = new QuadtreeBuilder(DOTS, { rootMinE: 0, rootMinN: 0, rootSize: 2000, depth: 9 }, (uri, bytes) =>
      files.set(uri, bytes),
    );
    const keyed = dots
      .map((d) => {
        const [x, y] = builder.cellOf(d.e, d.n);
        return { d, x, y, key: mortonKey(x, y, 9) };
      })
      .sort((a, b) => a.key - b.key);
    for (const k of keyed) builder.add(k.d, k.x, k.y);
    const writtenBeforeFinish = files.size;
    const root = builder.finish()!;
    return { root, files, writtenBeforeFinish, stats: builder.stats };
  }

  it('puts every feature in exactly one leaf of at most maxFeaturesPerTile, writing tiles while features stream in', () => {
    const { root, files, writtenBeforeFinish, stats } = build();
    expect(writtenBeforeFinish).toBeGreaterThan(0);
    const seen = new Map<string, number>();
    for (const leaf of leaves(root)) {
      const table = readPropertyTable(parseGlb(files.get(leaf.uri!)!));
      expect(table.count).toBeLessThanOrEqual(100);
      for (const id of table.columns.id!) seen.set(String(id), (seen.get(String(id)) ?? 0) + 1);
    }
    expect(seen.size).toBe(dots.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(stats.features).toBe(dots.length);
    expect(stats.tiles).toBe(files.size);
  });

  it('gives parents coarse content, boxes that hold their children, and errors that fall with depth', () => {
    const { root } = build();
    const check = (node: TileNode, parentError: number) => {
      expect(node.geometricError).toBeLessThan(parentError);
      if (node.children.length === 0) expect(node.geometricError).toBe(0);
      else expect(node.featureCount).toBeGreaterThan(0);
      for (const c of node.children) {
        for (let k = 0; k < 3; k++) {
          expect(c.bounds[k]).toBeGreaterThanOrEqual(node.bounds[k]!);
          expect(c.bounds[k + 3]).toBeLessThanOrEqual(node.bounds[k + 3]!);
        }
        check(c, node.geometricError);
      }
    };
    check(root, Infinity);
    const depths = leaves(root).map((l) => l.level);
    expect(Math.max(...depths)).toBeGreaterThan(Math.min(...depths));
  });

  it('refuses features out of Morton order', () => {
    const builder = new QuadtreeBuilder(DOTS, { rootMinE: 0, rootMinN: 0, rootSize: 100, depth: 4 }, () => {});
    builder.add({ id: 'a', e: 90, n: 90 }, 15, 15);
    expect(() => builder.add({ id: 'b', e: 1, n: 1 }, 0, 0)).toThrow(RangeError);
  });

  it('returns null for an empty build', () => {
    expect(
      new QuadtreeBuilder(DOTS, { rootMinE: 0, rootMinN: 0, rootSize: 100, depth: 4 }, () => {}).finish(),
    ).toBeNull();
  });
});
