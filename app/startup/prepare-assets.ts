import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../core/config/config.js';
import type { CityStore } from '../../store/index.js';
import { buildViewer, isViewerBuilt, viewerOutDir } from '../viewer-build/build-viewer.js';
import { buildAndSaveDemoCity, DEMO_CITY_ID, DEMO_SOURCE_DIR } from '../../tiles/commands/demo.command.js';
import { ensureDemoBasemap } from '../../tiles/basemap/demo-basemap.js';
import { runBuildCommand, tilesDir } from '../../tiles/commands/build.command.js';

type Log = (line: string) => void;

/** Builds the viewer bundle unless one newer than its sources, built with the same options, is there. */
export async function prepareViewer(config: Config, log: Log): Promise<void> {
  const options = { testHooks: config.VIEWER_TEST_HOOKS === '1' };
  if (isViewerBuilt(config.dataDir, options)) log(`  up to date in ${viewerOutDir(config.dataDir)}`);
  else await buildViewer(config.dataDir, log, options);
}

/** Builds the demo city on first start (or when DEMO_SEED changed); any other city must have been imported. */
export async function prepareCity(config: Config, store: CityStore, log: Log): Promise<void> {
  const existing = await store.getCity(config.CITY);
  // A demo city built before the city time zone (and the landmark merge that came with it) is rebuilt once.
  const outdated = existing !== null && existing.timeZone === undefined;
  if (config.CITY === DEMO_CITY_ID && (!existing || existing.seed !== config.DEMO_SEED || outdated)) {
    log(
      !existing
        ? '  building the demo city (first start)'
        : outdated
          ? '  rebuilding: the stored demo city predates this version of the generator'
          : `  rebuilding: stored seed ${existing.seed} differs from DEMO_SEED ${config.DEMO_SEED}`,
    );
    await buildAndSaveDemoCity(config.DEMO_SEED, { store, log, now: Date.now, dataDir: config.dataDir });
  } else if (!existing) {
    throw new Error(
      `city "${config.CITY}" is not in the store: import it with \`npm run tiles -- import --city ${config.CITY} ...\`, or unset CITY for the demo city`,
    );
  } else {
    const counts = await store.countCity(config.CITY);
    log(
      `  in the store: ${Object.entries(counts)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(', ')}`,
    );
  }
}

/** The file beside a city's tiles that names the store revision they were built from. */
function revisionStamp(dataDir: string, cityId: string): string {
  return path.join(tilesDir(dataDir, cityId), '.built-from-revision');
}

/**
 * Builds the city's 3D Tiles unless tiles of the city's current store revision are there (an import or a demo
 * rebuild raises the revision, so stale tiles are rebuilt on the next start).
 */
export async function prepareTiles(config: Config, store: CityStore, log: Log): Promise<void> {
  const revision = await store.cityRevision(config.CITY);
  const stamp = revisionStamp(config.dataDir, config.CITY);
  const built = fs.existsSync(stamp) ? Number(fs.readFileSync(stamp, 'utf8')) : null;
  if (revision !== null && built === revision) {
    log(`  up to date in ${tilesDir(config.dataDir, config.CITY)}`);
    ensureBasemap(config, log);
    return;
  }
  const code = await runBuildCommand(['--city', config.CITY], {
    store,
    log: (line) => log(`  ${line}`),
    now: Date.now,
    dataDir: config.dataDir,
  });
  if (code !== 0) throw new Error(`building the 3D Tiles of ${config.CITY} failed (exit code ${code})`);
  if (revision !== null) fs.writeFileSync(stamp, String(revision));
  ensureBasemap(config, log);
}

/** The demo city's basemap, for a data folder made before basemaps (other cities register theirs by import). */
function ensureBasemap(config: Config, log: Log): void {
  if (config.CITY !== DEMO_CITY_ID) return;
  const written = ensureDemoBasemap(config.dataDir, config.CITY, DEMO_SOURCE_DIR);
  if (written) log(`  basemap: ${written.features.length.toLocaleString('en')} roads, water and landuse features`);
}

export { DEMO_CITY_ID, viewerOutDir };
