import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../core/config/config.js';
import { copyCesiumAssets } from './copy-cesium-assets.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Where the built viewer goes for a data directory. */
export function viewerOutDir(dataDir: string): string {
  return path.join(dataDir, 'viewer');
}

/** Newest modification time (ms) of the viewer's sources, to know whether a built bundle is stale. */
function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'public' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** How a bundle was built; a bundle built otherwise than asked is rebuilt. */
interface BuildOptions {
  /** Test handles (window.gridtwin, ...) in the bundle: VIEWER_TEST_HOOKS=1, for the browser tests only. */
  testHooks: boolean;
}

/** The file beside the bundle that records its build options. */
function buildInfoFile(dataDir: string): string {
  return path.join(viewerOutDir(dataDir), 'build-info.json');
}

/**
 * Whether `dataDir` holds a viewer bundle built after the last change to viewer/ and core/, with the same options
 * (a test build must not be served as a production one, nor the reverse).
 */
export function isViewerBuilt(dataDir: string, options: BuildOptions = { testHooks: false }): boolean {
  const index = path.join(viewerOutDir(dataDir), 'index.html');
  if (!fs.existsSync(index)) return false;
  let info: Partial<BuildOptions>;
  try {
    info = JSON.parse(fs.readFileSync(buildInfoFile(dataDir), 'utf8')) as Partial<BuildOptions>;
  } catch {
    return false; // built before the options were recorded: rebuild once
  }
  if (info.testHooks !== options.testHooks) return false;
  const built = fs.statSync(index).mtimeMs;
  return (
    built >= Math.max(newestSourceMtime(path.join(repoRoot, 'viewer')), newestSourceMtime(path.join(repoRoot, 'core')))
  );
}

/** Builds the viewer with Vite into DATA_DIR/viewer. */
export async function buildViewer(
  dataDir: string,
  log: (line: string) => void = console.log,
  options: BuildOptions = { testHooks: false },
): Promise<void> {
  const t0 = Date.now();
  const assets = copyCesiumAssets(path.join(repoRoot, 'viewer', 'public', 'cesium'));
  if (assets.copied) log(`  copied Cesium's static assets to ${path.relative(repoRoot, assets.dir)}`);
  const { build } = await import('vite');
  process.env.DATA_DIR = dataDir;
  // The bundle GridTwin serves is always a production build: an inherited NODE_ENV (vitest sets `test`) would make
  // Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(repoRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: viewerOutDir(dataDir) },
      define: { __GRIDTWIN_TEST_HOOKS__: JSON.stringify(options.testHooks) },
    });
    fs.writeFileSync(buildInfoFile(dataDir), JSON.stringify(options));
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  log(
    `  viewer built in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${viewerOutDir(dataDir)}${options.testHooks ? ' (with test handles)' : ''}`,
  );
}

// `npm run build:viewer`
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const config = loadConfig();
  buildViewer(config.dataDir, console.log, { testHooks: config.VIEWER_TEST_HOOKS === '1' }).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
