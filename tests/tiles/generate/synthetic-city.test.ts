import { describe, expect, it } from 'vitest';
import { CityBundleSchema, UTILITIES } from '../../../core/model/index.js';
import { syntheticCity, syntheticCityBundle } from '../../../tiles/generate/synthetic-city.js';
import { BLOCK_PITCH_M, cellToMorton, toLonLat } from '../../../tiles/generate/synthetic-layout.js';

describe('tiles/generate/synthetic-city', () => {
  const bundle = syntheticCityBundle({ buildings: 3_333, seed: 9, now: 1_700_000_000_000 });

  it('makes exactly the buildings asked for, with unique ids, as a valid CityBundle marked synthetic', () => {
    expect(bundle.buildings).toHaveLength(3_333);
    expect(new Set(bundle.buildings.map((b) => b.id)).size).toBe(3_333);
    expect(CityBundleSchema.safeParse(bundle).success).toBe(true);
    expect(bundle.buildings.every((b) => b.provenance.synthetic && b.roofHeightM > b.baseHeightM)).toBe(true);
    // Some courtyards (holes) and some multipolygons, so tiling meets both.
    expect(bundle.buildings.some((b) => b.footprint[0]!.length > 1)).toBe(true);
    expect(bundle.buildings.some((b) => b.footprint.length > 1)).toBe(true);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = syntheticCityBundle({ buildings: 3_333, seed: 9, now: 1_700_000_000_000 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(bundle));
    const other = syntheticCityBundle({ buildings: 3_333, seed: 10, now: 1_700_000_000_000 });
    expect(JSON.stringify(other.buildings)).not.toBe(JSON.stringify(bundle.buildings));
  });

  it('lays seven networks under the streets: unique node ids, every link between existing nodes', () => {
    const nodeIds = bundle.nodes.map((n) => n.id);
    expect(new Set(nodeIds).size).toBe(nodeIds.length);
    const nodes = new Set(nodeIds);
    for (const l of bundle.links) {
      expect(nodes.has(l.fromNodeId), `${l.id} from ${l.fromNodeId}`).toBe(true);
      expect(nodes.has(l.toNodeId), `${l.id} to ${l.toNodeId}`).toBe(true);
    }
    expect(new Set(bundle.links.map((l) => l.utility))).toEqual(new Set(UTILITIES));
    for (const kind of ['manhole', 'valve', 'hydrant', 'regulator', 'inlet', 'cabinet', 'chamber']) {
      expect(
        bundle.nodes.some((n) => n.kind === kind),
        kind,
      ).toBe(true);
    }
    // Storm drops are vertical: both path points at the same place, inverts apart.
    const drop = bundle.links.find((l) => l.id.endsWith('-drop'))!;
    expect(drop.path[0]).toEqual(drop.path[1]);
    expect(Math.abs(drop.fromInvertM - drop.toInvertM)).toBeGreaterThan(1);
    // Gravity links run downhill.
    expect(bundle.links.filter((l) => l.utility === 'sewer').every((l) => l.fromInvertM >= l.toInvertM)).toBe(true);
  });

  it('yields blocks in Morton order, each building inside its block cell', () => {
    const city = syntheticCity({ buildings: 2_000, seed: 2, now: 0 });
    const { layout } = city;
    let last = -1;
    for (const chunk of city.chunks()) {
      const m = cellToMorton(chunk.blockX, chunk.blockY, layout.level);
      expect(m).toBeGreaterThan(last);
      last = m;
      const [w, s] = toLonLat(
        layout,
        layout.minE + chunk.blockX * BLOCK_PITCH_M,
        layout.minN + chunk.blockY * BLOCK_PITCH_M,
      );
      const [e, n] = toLonLat(
        layout,
        layout.minE + (chunk.blockX + 1) * BLOCK_PITCH_M,
        layout.minN + (chunk.blockY + 1) * BLOCK_PITCH_M,
      );
      for (const b of chunk.buildings) {
        for (const [lon, lat] of b.footprint.flat(2)) {
          expect(lon >= w && lon <= e && lat >= s && lat <= n).toBe(true);
        }
      }
    }
  });
});
