import { beforeAll, describe, expect, it } from 'vitest';
import type { CityBundle } from '../../../core/model/index.js';
import type { TilesetSummary } from '../../../tiles/3dtiles/build-city-tilesets.js';
import { buildStreamedTilesets } from '../../../tiles/3dtiles/stream-city-tilesets.js';
import { syntheticCity, syntheticCityBundle } from '../../../tiles/generate/synthetic-city.js';
import { expectTilesetMatchesCity } from './tileset-expectations.js';

const BUILDINGS = 50_000;

describe('tiles/3dtiles/stream-city-tilesets', () => {
  let bundle: CityBundle;
  let summaries: TilesetSummary[];
  const files = new Map<string, Uint8Array>();
  const read = (path: string) => {
    const bytes = files.get(path);
    if (!bytes) throw new Error(`no file ${path}`);
    return bytes;
  };

  beforeAll(() => {
    const options = { buildings: BUILDINGS, seed: 11, now: 0 };
    const city = syntheticCity(options);
    const { layout } = city;
    summaries = buildStreamedTilesets(
      {
        city: city.city,
        grid: { minE: layout.minE, minN: layout.minN, size: layout.size, level: layout.level },
        chunks: city.chunks(),
      },
      (path, bytes) => files.set(path, bytes),
    );
    // The same seed gives the same city: the bundle is what the tiles must match.
    bundle = syntheticCityBundle(options);
  }, 300_000);

  it('streams a 50k-building city into a deep quadtree of small tiles', () => {
    const buildings = summaries.find((s) => s.name === 'buildings')!;
    expect(buildings.stats.features).toBe(BUILDINGS);
    expect(buildings.stats.leaves).toBeGreaterThanOrEqual(BUILDINGS / 1000);
    for (const s of summaries) {
      expect(s.stats.maxTileBytes).toBeLessThan(1_048_576);
      expect(s.skippedFeatures).toBe(0);
    }
    expect(summaries.map((s) => s.name)).toEqual([
      'buildings',
      'water',
      'sewer',
      'storm',
      'gas',
      'power',
      'telecom',
      'heat',
    ]);
  });

  it.each(['buildings', 'water', 'sewer', 'storm', 'gas', 'power', 'telecom', 'heat'])(
    '%s: every GLB validates, boxes hold their vertices, errors fall with depth, each feature in one leaf with its metadata',
    async (name) => {
      const report = await expectTilesetMatchesCity(name, bundle, read, true);
      expect(report.maxDepth).toBeGreaterThanOrEqual(2);
    },
    600_000,
  );
});
