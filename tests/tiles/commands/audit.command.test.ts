import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type CityStore } from '../../../store/index.js';
import { runAuditCommand } from '../../../tiles/commands/audit.command.js';
import { runImportCommand } from '../../../tiles/commands/import.command.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

// A real imported city (Montpelier's sewer GIS, recorded in two sources) gets its findings; the demo's generated networks pass (tests/tiles/demo/demo-clearances.test.ts).
describe('tiles/commands/audit.command on a real imported city', () => {
  let dir: string;
  let store: CityStore;
  const lines: string[] = [];
  const io = () => ({ store, log: (l: string) => lines.push(l), now: () => Date.now() });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridtwin-audit-'));
    store = await openStore({ dataDir: dir });
    const code = await runImportCommand(
      [
        '--city',
        'montpelier',
        path.join(fixtures, 'sewer-gis-montpelier', 'MontpelierLinearFeatures.geojson'),
        path.join(fixtures, 'sewer-gis-montpelier', 'MontpelierPointFeatures.geojson'),
      ],
      io(),
    );
    expect(code, lines.join('\n')).toBe(0);
    // A second source of some of the same sewers (a shapefile export of the layer), as when GIS layers are merged:
    // its network lies on top of the first one, which the audit must report.
    expect(
      await runImportCommand(
        ['--city', 'montpelier', path.join(fixtures, 'formats', 'montpelier-sewer-lines.shp')],
        io(),
      ),
      lines.join('\n'),
    ).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the pairs closer than their clearance, with locations, and exits 1', async () => {
    lines.length = 0;
    expect(await runAuditCommand(['clearances', '--city', 'montpelier', '--limit', '5'], io())).toBe(1);
    const text = lines.join('\n');
    const total = Number(/findings: (\d+)/.exec(text)![1]);
    expect(total).toBeGreaterThan(0);
    const listed = lines.filter((l) => /^ {2}(horizontal|vertical) /.test(l));
    expect(listed).toHaveLength(Math.min(5, total));
    for (const l of listed) expect(l).toMatch(/-?\d+\.\d\d m < \d+\.\d\d m at -?\d+\.\d{6},-?\d+\.\d{6}$/);
  });

  it('bad arguments exit 2, an unknown city 1', async () => {
    expect(await runAuditCommand(['clearances'], io())).toBe(2);
    expect(await runAuditCommand(['clearances', '--city', 'montpelier', '--what'], io())).toBe(2);
    expect(await runAuditCommand(['clearances', '--city', 'nowhere'], io())).toBe(1);
  });
});
