import { beforeAll, describe, expect, it } from 'vitest';
import type { CityBundle } from '../../../core/model/index.js';
import { buildCityTilesets, type TilesetSummary } from '../../../tiles/3dtiles/build-city-tilesets.js';
import { DEMO_SOURCE_DIR } from '../../../tiles/commands/demo.command.js';
import { buildDemoCity } from '../../../tiles/demo/build-demo-city.js';
import { expectTilesetMatchesCity } from './tileset-expectations.js';

describe('tiles/3dtiles/build-city-tilesets', () => {
  let bundle: CityBundle;
  let summaries: TilesetSummary[];
  const files = new Map<string, Uint8Array>();
  const read = (path: string) => {
    const bytes = files.get(path);
    if (!bytes) throw new Error(`no file ${path}`);
    return bytes;
  };

  beforeAll(async () => {
    bundle = await buildDemoCity({ sourceDir: DEMO_SOURCE_DIR, seed: 1, now: 0 });
    summaries = buildCityTilesets(bundle, (path, bytes) => files.set(path, bytes));
  });

  it('writes the buildings and one tileset per utility of the demo city, listed in index.json', () => {
    const index = JSON.parse(new TextDecoder().decode(read('index.json')));
    const utilities = [...new Set(bundle.nodes.map((n) => n.utility))].sort();
    expect(index.tilesets.map((t: { name: string }) => t.name).sort()).toEqual(['buildings', ...utilities].sort());
    for (const s of summaries) {
      expect(files.has(s.path)).toBe(true);
      expect(s.skippedFeatures).toBe(0);
      // Tiles of about 1,000 features (340 for networks) and under about 1 MB.
      expect(s.stats.maxTileBytes).toBeLessThan(1_048_576);
      expect(s.stats.maxTileFeatures).toBeLessThanOrEqual(1024);
    }
  });

  it.each(['buildings', 'water', 'sewer', 'storm', 'gas', 'power', 'telecom', 'heat'])(
    '%s: every GLB validates, boxes hold their vertices, errors fall with depth, each feature in one leaf with its metadata',
    async (name) => {
      if (!files.has(`${name}/tileset.json`)) expect(name).not.toBe('buildings');
      else await expectTilesetMatchesCity(name, bundle, read, true);
    },
    300_000,
  );
});
