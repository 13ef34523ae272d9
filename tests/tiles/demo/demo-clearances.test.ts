import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditClearances,
  clearanceBetween,
  DEFAULT_CLEARANCE_TABLE,
  resolveClearanceTable,
  type ClearanceFinding,
} from '../../../core/excavation/index.js';
import type { CityBundle } from '../../../core/model/index.js';
import { PRESSURE_ORDER, TOP_DEPTH_M } from '../../../tiles/demo/depth-bands.js';
import { buildDemo } from './demo-fixture.js';

let bundle: CityBundle;
let findings: ClearanceFinding[];

beforeAll(async () => {
  bundle = await buildDemo(20261122);
  findings = auditClearances(
    bundle.nodes,
    bundle.links,
    bundle.city.groundElevationM,
    resolveClearanceTable(bundle.city.clearances),
    bundle.city.center,
  );
}, 120_000);

describe('the demo networks against the GB 50289 clearance audit', () => {
  it('stacks the pressure and cable networks in bands that keep every vertical clearance', () => {
    PRESSURE_ORDER.forEach((upper, i) => {
      for (const lower of PRESSURE_ORDER.slice(i + 1)) {
        const gap = clearanceBetween(DEFAULT_CLEARANCE_TABLE, upper, lower).verticalM;
        const deepestUpper = Math.max(
          ...bundle.links.filter((l) => l.utility === upper).map((l) => bundle.city.groundElevationM - l.fromInvertM),
        );
        expect(TOP_DEPTH_M[lower] - deepestUpper, `${upper} over ${lower}`).toBeGreaterThanOrEqual(gap);
      }
    });
  });

  it('has no crossing closer than its vertical clearance (gravity networks go under what they cross)', () => {
    expect(findings.filter((f) => f.kind === 'vertical')).toEqual([]);
  });

  // Left: pairs that approach without crossing near junction corners and sharp bends of the OSM roads (about 6,500
  // for this seed, down from about 23,700 crossings and approaches before the bands and spacings). This bound keeps
  // them from growing back until the corners are laid out to pass too.
  it('keeps the near misses at corners below their current count', () => {
    expect(findings.filter((f) => f.kind === 'horizontal').length).toBeLessThan(7_000);
  });
});
