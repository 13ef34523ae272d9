import { beforeAll, describe, expect, it } from 'vitest';
import type { CityBundle, Utility } from '../../../core/model/index.js';
import { LATERAL_OFFSET_M } from '../../../tiles/demo/utility-layout.js';
import { buildDemo, metresToPath, midpointOf } from './demo-fixture.js';

let bundle: CityBundle;

beforeAll(async () => {
  bundle = await buildDemo(42);
});

describe('tiles/demo/utility-layout', () => {
  it('gives every utility its own lateral position on each road class', () => {
    for (const roadClass of ['major', 'minor', 'pedestrian'] as const) {
      const offsets = Object.values(LATERAL_OFFSET_M)
        .map((o) => o[roadClass])
        .sort((a, b) => a - b);
      for (let i = 1; i < offsets.length; i++) expect(offsets[i]! - offsets[i - 1]!).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps parallel utilities on one road at least 0.9 m apart', () => {
    const parallel: Utility[] = ['water', 'sewer', 'storm', 'gas', 'power', 'telecom'];
    const bySegment = new Map<string, Map<Utility, typeof bundle.links>>();
    for (const l of bundle.links) {
      if (!parallel.includes(l.utility) || typeof l.attributes.roadSegment !== 'number' || l.attributes.roadSegment < 0)
        continue;
      if (l.attributes.role === 'inlet-lead') continue;
      const key = String(l.attributes.roadSegment);
      const m = bySegment.get(key) ?? new Map();
      m.set(l.utility, [...(m.get(l.utility) ?? []), l]);
      bySegment.set(key, m);
    }
    let checked = 0,
      violations = 0;
    for (const m of bySegment.values()) {
      const water = m.get('water');
      if (!water) continue;
      // Sample the middle of the longest water piece on the road (away from the junction corners).
      const sample = midpointOf([...water].sort((a, b) => b.lengthM - a.lengthM)[0]!.path);
      for (const u of parallel) {
        if (u === 'water' || !m.has(u)) continue;
        const d = Math.min(...m.get(u)!.map((l) => metresToPath(sample, l.path)));
        checked++;
        if (d < 0.9) violations++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
    expect(violations / checked).toBeLessThan(0.01);
  });
});
