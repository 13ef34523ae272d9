import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointInPolygon, multiPolygonAreaM2 } from '../../core/geo/index.js';
import type { Building, CityBundle } from '../../core/model/index.js';
import { buildCityTilesets } from '../../tiles/3dtiles/build-city-tilesets.js';
import { DEMO_SOURCE_DIR } from '../../tiles/commands/demo.command.js';
import { buildDemoCity } from '../../tiles/demo/build-demo-city.js';
import { browserSkipReason, launchChromium, stopChromium, type ChromiumSession } from '../helpers/chromium.js';
import { startFixtureServer, type FixtureServer } from './fixtures/fixture-server.js';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'data', 'third-party', '3d-tiles-samples');

interface Picked {
  id: string | null;
  featureId: number;
  properties: Record<string, unknown>;
}
interface Settled {
  loaded: boolean;
  tilesWithContent: number;
  commands: number;
  ms: number;
}

/** The page's window.gridtwin, as the test calls it. */
type PageApi = {
  load(url: string, placeLocalAt?: [number, number, number]): Promise<number>;
  lookDown(lon: number, lat: number, height: number, range: number): void;
  view(layer: number): number;
  settle(layer: number, timeoutMs: number): Promise<Settled>;
  pickCentre(layer: number): Picked | null;
  pickRendered(layer: number): Promise<{ renderedPixels: number; picked: Picked | null }>;
  hide(layer: number): void;
};

/** A building whose outer-ring centroid lies inside it (so looking straight down on the centroid sees its roof). */
function pickableBuilding(buildings: readonly Building[]): { building: Building; lon: number; lat: number } {
  const sorted = [...buildings].sort((a, b) => multiPolygonAreaM2(b.footprint) - multiPolygonAreaM2(a.footprint));
  for (const b of sorted) {
    const ring = b.footprint[0]![0]!.slice(0, -1);
    const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length,
      lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    // Nothing else may stand over that point (OSM building parts overlap their root building).
    const covered = buildings.some((o) => o !== b && o.footprint.some((p) => pointInPolygon(lon, lat, p)));
    if (b.footprint.length === 1 && pointInPolygon(lon, lat, b.footprint[0]!) && b.baseHeightM === 0 && !covered)
      return { building: b, lon, lat };
  }
  throw new Error('no pickable building');
}

const skip = browserSkipReason();

describe.skipIf(skip !== null)('tests/browser/tiles-tilesets (Cesium in headless Chromium)', () => {
  let bundle: CityBundle;
  let tilesDir: string;
  let server: FixtureServer;
  let browser: ChromiumSession;
  const call = <K extends keyof PageApi>(name: K, ...args: Parameters<PageApi[K]>) =>
    browser.page.evaluate(
      ([n, a]) => {
        const api = (window as unknown as { gridtwin: Record<string, (...x: unknown[]) => unknown> }).gridtwin;
        return api[n as string]!(...(a as unknown[]));
      },
      [name, args] as const,
    ) as Promise<Awaited<ReturnType<PageApi[K]>>>;

  beforeAll(async () => {
    bundle = await buildDemoCity({ sourceDir: DEMO_SOURCE_DIR, seed: 1, now: 0 });
    tilesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-tiles-'));
    buildCityTilesets(bundle, (file, bytes) => {
      fs.mkdirSync(path.dirname(path.join(tilesDir, file)), { recursive: true });
      fs.writeFileSync(path.join(tilesDir, file), bytes);
    });
    server = await startFixtureServer({ city: tilesDir, samples: SAMPLES });
    browser = await launchChromium();
    await browser.page.goto(server.url);
    await browser.page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stopChromium();
    await server?.close();
    if (tilesDir) fs.rmSync(tilesDir, { recursive: true, force: true });
  });

  it("draws the demo city's buildings and picking a known building answers its id", async () => {
    const layer = await call('load', `${server.url}/data/city/buildings/tileset.json`);
    const { building, lon, lat } = pickableBuilding(bundle.buildings);
    await call('lookDown', lon, lat, building.roofHeightM, 250);
    const settled = await call('settle', layer, 90_000);
    expect(settled.tilesWithContent, JSON.stringify(settled)).toBeGreaterThan(0);
    expect(settled.commands).toBeGreaterThan(0);
    const picked = await call('pickCentre', layer);
    expect(
      picked?.id,
      `picked ${JSON.stringify(picked)}; console: ${browser.consoleErrors.slice(0, 3).join(' | ')}`,
    ).toBe(building.id);
    expect(picked?.properties.kind).toBe('building');
    expect(picked?.properties.heightM as number).toBeCloseTo(building.roofHeightM, 3);
    await call('hide', layer);
  }, 180_000);

  it('draws a buried network and picking a manhole cover answers the manhole id', async () => {
    const manhole = bundle.nodes.find((n) => n.utility === 'sewer' && n.kind === 'manhole')!;
    const layer = await call('load', `${server.url}/data/city/sewer/tileset.json`);
    await call('lookDown', manhole.position[0], manhole.position[1], 0, 25);
    const settled = await call('settle', layer, 90_000);
    expect(settled.tilesWithContent).toBeGreaterThan(0);
    const picked = await call('pickCentre', layer);
    expect(picked?.id, JSON.stringify(picked)).toBe(manhole.id);
    expect(picked?.properties.utility).toBe('sewer');
    await call('hide', layer);
  }, 180_000);

  // Every sample of data/third-party/3d-tiles-samples (Cesium's 3d-tiles-samples) that has content (TilesetWithFullMetadata has no content to draw).
  it.each([
    ['1.0/TilesetWithRequestVolume'],
    ['1.0/TilesetWithTreeBillboards'],
    ['1.1/BoundingBoxTests/0_0_0-1_1_2'],
    ['1.1/BoundingBoxTests/0_0_0-1_2_1'],
    ['1.1/BoundingBoxTests/0_0_0-2_1_1'],
    ['1.1/BoundingBoxTests/0_0_2-1_1_4'],
    ['1.1/BoundingBoxTests/0_2_0-1_4_1'],
    ['1.1/BoundingBoxTests/2_0_0-4_1_1'],
    ['1.1/MetadataGranularities'],
    ['1.1/MultipleContents'],
    ['1.1/SparseImplicitOctree'],
    ['1.1/SparseImplicitQuadtree'],
    ['glTF/EXT_mesh_features/FeatureIdAttribute'],
    ['glTF/EXT_mesh_features/FeatureIdTexture'],
    ['glTF/EXT_structural_metadata/ComplexTypes'],
    ['glTF/EXT_structural_metadata/FeatureIdAttributeAndPropertyTable'],
    ['glTF/EXT_structural_metadata/FeatureIdTextureAndPropertyTable'],
    ['glTF/EXT_structural_metadata/MultipleClasses'],
    ['glTF/EXT_structural_metadata/MultipleFeatureIdsAndProperties'],
    ['glTF/EXT_structural_metadata/PropertyAttributesPointCloud'],
    ['glTF/EXT_structural_metadata/SharedPropertyTable'],
    ['glTF/EXT_structural_metadata/SimplePropertyTexture'],
    ['glTF/GpuInstancesMetadata'],
  ])(
    'renders and picks the third-party tileset %s through the same layer code',
    async (sample) => {
      const layer = await call('load', `${server.url}/data/samples/${sample}/tileset.json`, [121.6, 31.0, 50]);
      await call('view', layer);
      const settled = await call('settle', layer, 90_000);
      expect(settled.tilesWithContent, JSON.stringify(settled)).toBeGreaterThan(0);
      expect(settled.commands).toBeGreaterThan(0);
      const { renderedPixels, picked } = await call('pickRendered', layer);
      expect(renderedPixels).toBeGreaterThan(20);
      expect(picked, `nothing picked; console: ${browser.consoleErrors.slice(0, 3).join(' | ')}`).not.toBeNull();
      if (sample.includes('PropertyTable')) expect(Object.keys(picked!.properties).length).toBeGreaterThan(0);
      await call('hide', layer);
    },
    180_000,
  );

  it('asked for nothing online', () => {
    expect(browser.blockedRequests).toEqual([]);
  });
});
