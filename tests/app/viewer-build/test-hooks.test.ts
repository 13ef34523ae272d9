import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildViewer, isViewerBuilt, viewerOutDir } from '../../../app/viewer-build/build-viewer.js';
import { preparedTwinData } from '../../helpers/spawn-process.js';

/** Every script of a built viewer, as one text. */
function bundleText(dataDir: string): string {
  const assets = path.join(viewerOutDir(dataDir), 'assets');
  return fs
    .readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => fs.readFileSync(path.join(assets, f), 'utf8'))
    .join('\n');
}

/** The handles the browser tests drive the viewer through (viewer/app.tsx, simulation panel, event pins). */
const HOOKS = [/\.gridtwin\s*=/, /gridtwinSimulation/, /gridtwinEventPins/];

/**
 * A production bundle carries no test handle: `npm start` builds the viewer without them, and a bundle built for the
 * tests (VIEWER_TEST_HOOKS=1) is rebuilt, not served, when the flag is off.
 */
describe('app/viewer-build: test handles only in test builds', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-viewer-prod-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('a production build has none of them, and is not taken for a test build', async () => {
    await buildViewer(dataDir, () => undefined, { testHooks: false });
    const text = bundleText(dataDir);
    expect(text.length).toBeGreaterThan(1_000_000); // Cesium and the app are in there
    for (const hook of HOOKS) expect(text, String(hook)).not.toMatch(hook);
    expect(isViewerBuilt(dataDir, { testHooks: false })).toBe(true);
    expect(isViewerBuilt(dataDir, { testHooks: true })).toBe(false);
  }, 600_000);

  it('the test build has all of them (so the check above can fail), and is not served as a production one', async () => {
    const prepared = await preparedTwinData();
    const text = bundleText(prepared);
    for (const hook of HOOKS) expect(text, String(hook)).toMatch(hook);
    expect(isViewerBuilt(prepared, { testHooks: true })).toBe(true);
    expect(isViewerBuilt(prepared, { testHooks: false })).toBe(false);
  }, 900_000);
});
