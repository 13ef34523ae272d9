import { describe, expect, it } from 'vitest';
import { auditClearances, DEFAULT_CLEARANCE_TABLE } from '../../../core/excavation/index.js';
import { metresPerDegree } from '../../../core/geo/index.js';
import type { LonLat, NetworkLink, NetworkNode, Utility } from '../../../core/model/index.js';

const O: LonLat = [121.5, 31.23];
const k = metresPerDegree(O[1]);
const at = (x: number, y: number): LonLat => [O[0] + x / k.lon, O[1] + y / k.lat];

function pipe(id: string, utility: Utility, a: [number, number], b: [number, number], invertM: number, dMm: number) {
  const nodes: NetworkNode[] = [`${id}-a`, `${id}-b`].map((nid, i) => ({
    id: nid,
    networkId: `net-${utility}`,
    utility,
    kind: 'junction',
    position: at(...(i === 0 ? a : b)),
    groundM: 4,
    invertM,
    gridId: null,
    provenance: { source: 'test', synthetic: true },
    attributes: {},
  }));
  const link: NetworkLink = {
    id,
    networkId: `net-${utility}`,
    utility,
    kind: 'pipe',
    fromNodeId: `${id}-a`,
    toNodeId: `${id}-b`,
    path: [at(...a), at(...b)],
    lengthM: Math.hypot(b[0] - a[0], b[1] - a[1]),
    diameterMm: dMm,
    fromInvertM: invertM,
    toInvertM: invertM,
    gridId: null,
    provenance: { source: 'test', synthetic: true },
    attributes: {},
  };
  return { nodes, link };
}

describe('clearance audit', () => {
  it('finds a crossing too close vertically and a parallel run too close horizontally, and passes clear ones', () => {
    const parts = [
      pipe('w1', 'water', [0, 0], [100, 0], 2.0, 200), // top 2.2, axis 2.1
      pipe('s1', 'sewer', [50, -20], [50, 20], 1.5, 300), // top 1.8: gap 2.0 - 1.8 = 0.2 < 0.4 (vertical)
      pipe('g1', 'gas', [0, 0.8], [100, 0.8], 2.5, 100), // plan gap 0.8 - 0.1 - 0.05 = 0.65 >= 0.5: clear
      pipe('h1', 'heat', [0, -1.5], [100, -1.5], 2.5, 300), // water/heat: 1.5 - 0.1 - 0.15 = 1.25 < 1.5 (horizontal)
      pipe('t1', 'telecom', [80, -30], [80, 30], 0.5, 100), // crosses water, gas, heat far above: gaps >= 1.3
    ];
    const findings = auditClearances(
      parts.flatMap((p) => p.nodes),
      parts.map((p) => p.link),
      4,
      DEFAULT_CLEARANCE_TABLE,
      O,
    );
    const keyed = new Map(findings.map((f) => [`${f.linkA}/${f.linkB}`, f]));
    expect(keyed.get('w1/s1')?.kind).toBe('vertical');
    expect(keyed.get('w1/s1')?.distanceM).toBeCloseTo(0.2, 2);
    expect(keyed.get('w1/s1')?.location[0]).toBeCloseTo(at(50, 0)[0], 6);
    expect(keyed.get('w1/h1')?.kind).toBe('horizontal');
    expect(keyed.get('w1/h1')?.distanceM).toBeCloseTo(1.25, 2);
    expect(keyed.has('w1/g1')).toBe(false);
    for (const f of findings) expect(f.linkA === 't1' || f.linkB === 't1').toBe(false);
    // sewer s1 crosses gas g1 (0.8 m north): sewer top 1.8, gas bottom 2.5 -> 0.7 clear >= 0.15; heat h1: same, clear.
    expect(keyed.has('s1/g1')).toBe(false);
  });

  it('judges pairs meeting at a junction by geometry, and skips links that meet', () => {
    const parts = [
      // Gas ends where a telecom duct bank begins (different networks meeting at one point): a connection, skipped.
      pipe('g2', 'gas', [0, 100], [50, 100], 2.0, 100),
      pipe('t2', 'telecom', [50, 100], [100, 100], 2.0, 100),
      // Water passes the junction at 60 degrees, 1.0 m deeper: an angled approach, vertical gap 1.0 - 0.15 >= 0.15.
      pipe('w2', 'water', [40, 90], [60, 90 + 20 * Math.tan(Math.PI / 3)], 1.0, 200),
      // Sewer leaves the junction at 15 degrees to the gas, 0.6 m off its end: side by side, 0.6 - 0.2 < 1.0.
      pipe('s2', 'sewer', [0, 100.6], [50, 100.6 + 50 * Math.tan(Math.PI / 12)], 0.5, 300),
    ];
    // Two services into the same building: they converge at its wall.
    const svc = [pipe('ws', 'water', [200, 0], [210, 5], 2.0, 50), pipe('hs', 'heat', [200, 0.4], [210, 5.1], 2.0, 80)];
    for (const s of svc) s.link.attributes = { buildingId: 'b-1' };
    const all = [...parts, ...svc];
    const findings = auditClearances(
      all.flatMap((p) => p.nodes),
      all.map((p) => p.link),
      4,
      DEFAULT_CLEARANCE_TABLE,
      O,
    );
    const keyed = new Map(findings.map((f) => [`${f.linkA}/${f.linkB}`, f]));
    expect(keyed.has('g2/t2')).toBe(false);
    expect(keyed.has('g2/w2')).toBe(false);
    expect(keyed.has('t2/w2')).toBe(false);
    expect(keyed.get('g2/s2')?.kind).toBe('horizontal');
    expect(keyed.get('g2/s2')?.distanceM).toBeCloseTo(0.6 - 0.05 - 0.15, 2);
    expect(keyed.has('ws/hs')).toBe(false);
  });
});
