import fs from 'node:fs';
import path from 'node:path';
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

/** Whether `dataDir` holds a viewer bundle built after the last change to viewer/ and core/. */
export function isViewerBuilt(dataDir: string): boolean {
  const index = path.join(viewerOutDir(dataDir), 'index.html');
  if (!fs.existsSync(index)) return false;
  const built = fs.statSync(index).mtimeMs;
  return (
    built >= Math.max(newestSourceMtime(path.join(repoRoot, 'viewer')), newestSourceMtime(path.join(repoRoot, 'core')))
  );
}

/** Builds the viewer with Vite into DATA_DIR/viewer. */
export async function buildViewer(dataDir: string, log: (line: string) => void = console.log): Promise<void> {
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
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  log(`  viewer built in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${viewerOutDir(dataDir)}`);
}

// `npm run build:viewer`
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'var');
  buildViewer(dataDir).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
