import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** Cesium's static folders, served at /cesium so Cesium never reaches for a CDN or ion. */
const FOLDERS = ['Workers', 'Assets', 'Widgets', 'ThirdParty'] as const;

/** Copies Cesium's static folders into `targetDir` (viewer/public/cesium by default) unless already there. */
export function copyCesiumAssets(targetDir: string): { copied: boolean; dir: string } {
  const require = createRequire(import.meta.url);
  const cesiumRoot = path.join(path.dirname(require.resolve('cesium/package.json')), 'Build', 'Cesium');
  const version = (
    JSON.parse(fs.readFileSync(path.join(cesiumRoot, '..', '..', 'package.json'), 'utf8')) as { version: string }
  ).version;
  const stamp = path.join(targetDir, '.cesium-version');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === version) return { copied: false, dir: targetDir };
  fs.rmSync(targetDir, { recursive: true, force: true });
  fs.mkdirSync(targetDir, { recursive: true });
  for (const folder of FOLDERS)
    fs.cpSync(path.join(cesiumRoot, folder), path.join(targetDir, folder), { recursive: true });
  fs.writeFileSync(stamp, version);
  return { copied: true, dir: targetDir };
}
