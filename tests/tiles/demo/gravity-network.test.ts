import { beforeAll, describe, expect, it } from 'vitest';
import type { CityBundle } from '../../../core/model/index.js';
import { simulateStormEvent } from '../../../core/simulation/index.js';
import {
  fullBoreCapacity,
  MAX_INVERT_DEPTH_M,
  MIN_INVERT_DEPTH_M,
  MIN_SLOPE,
  shanghaiDesignIntensityLpsHa,
  SLOPE_SPREAD,
} from '../../../tiles/demo/gravity-design.js';
import { buildDemo, utilityParts } from './demo-fixture.js';

let bundle: CityBundle;

beforeAll(async () => {
  bundle = await buildDemo(42);
});

describe('tiles/demo/gravity-network', () => {
  for (const utility of ['sewer', 'storm'] as const) {
    describe(utility, () => {
      it('falls strictly downstream along every conduit, entering manholes at or above their floor', () => {
        const { nodes, links } = utilityParts(bundle, utility);
        const byId = new Map(nodes.map((n) => [n.id, n]));
        for (const l of links) {
          expect(l.kind).toBe('conduit');
          expect(l.fromInvertM, l.id).toBeGreaterThan(l.toInvertM);
          expect(l.toInvertM, l.id).toBeGreaterThanOrEqual(byId.get(l.toNodeId)!.invertM - 1e-3);
          const from = byId.get(l.fromNodeId)!;
          // Only a lift station raises the flow above its wet well; elsewhere the pipe leaves at the floor.
          if (from.kind === 'manhole') expect(l.fromInvertM, l.id).toBeCloseTo(from.invertM, 3);
        }
      });

      it('keeps main slopes at the self-cleansing minimum for their size (up to 30 % more)', () => {
        const mains = utilityParts(bundle, utility).links.filter((l) => l.attributes.role === 'main');
        expect(mains.length).toBeGreaterThan(500);
        for (const l of mains) {
          const slope = (l.fromInvertM - l.toInvertM) / l.lengthM;
          expect(slope, l.id).toBeGreaterThanOrEqual(MIN_SLOPE[l.diameterMm]! * 0.97);
          expect(slope, l.id).toBeLessThanOrEqual(MIN_SLOPE[l.diameterMm]! * SLOPE_SPREAD * 1.03);
        }
      });

      it('keeps manholes within the depth limits and 22-80 m apart', () => {
        const { nodes, links } = utilityParts(bundle, utility);
        for (const n of nodes.filter((x) => x.kind === 'manhole' || x.kind === 'pump')) {
          const depth = n.groundM - n.invertM;
          expect(depth, n.id).toBeGreaterThanOrEqual(MIN_INVERT_DEPTH_M - 1e-6);
          expect(depth, n.id).toBeLessThanOrEqual(MAX_INVERT_DEPTH_M + 1e-6);
        }
        const mains = links.filter((l) => l.attributes.role === 'main');
        const short = mains.filter((l) => l.lengthM < 30);
        expect(Math.max(...mains.map((l) => l.lengthM))).toBeLessThanOrEqual(80);
        // The shortest road kept is 30 m; a run on the inside of both its corners (each road keeping its side through
        // junctions) is shorter by its offset times the corner's cotangent at each end.
        expect(Math.min(...mains.map((l) => l.lengthM))).toBeGreaterThanOrEqual(22);
        expect(short.length / mains.length).toBeLessThan(0.02);
      });

      it('drains every manhole to an outfall through a tree, diameters never shrinking downstream', () => {
        const { nodes, links } = utilityParts(bundle, utility);
        const out = new Map<string, typeof links>();
        for (const l of links) out.set(l.fromNodeId, [...(out.get(l.fromNodeId) ?? []), l]);
        const byId = new Map(nodes.map((n) => [n.id, n]));
        for (const n of nodes) {
          if (n.kind === 'outfall') {
            expect(out.has(n.id)).toBe(false);
            continue;
          }
          expect(out.get(n.id)?.length, n.id).toBe(1);
          let at = n.id,
            steps = 0,
            d = 0;
          while (byId.get(at)!.kind !== 'outfall') {
            const l = out.get(at)![0]!;
            if (l.attributes.role !== 'inlet-lead') {
              expect(l.diameterMm, l.id).toBeGreaterThanOrEqual(d);
              d = l.diameterMm;
            }
            at = l.toNodeId;
            expect(++steps).toBeLessThan(5000);
          }
        }
        const sizes = links.map((l) => l.diameterMm);
        expect(Math.min(...sizes)).toBe(300);
        expect(Math.max(...sizes)).toBeGreaterThan(300);
      });
    });
  }

  it('gives storm drainage kerb inlets and river outfalls', () => {
    const { nodes } = utilityParts(bundle, 'storm');
    expect(nodes.filter((n) => n.kind === 'inlet').length).toBeGreaterThan(100);
    const outfalls = nodes.filter((n) => n.kind === 'outfall');
    expect(outfalls.some((n) => n.attributes.receiving === '黄浦江')).toBe(true);
  });

  it('sizes storm mains by the rational method (Shanghai formula, P = 3 a): each carries its design flow full', () => {
    const mains = utilityParts(bundle, 'storm').links.filter((l) => l.attributes.role !== 'inlet-lead');
    // A short-duration 3-year intensity is a few hundred L/s per ha, 40+ times the old 7.5 L/s/ha.
    expect(shanghaiDesignIntensityLpsHa(3, 10)).toBeGreaterThan(300);
    let over = 0;
    for (const l of mains) {
      const q = Number(l.attributes.designFlowLps) / 1000;
      if (fullBoreCapacity(l.diameterMm!, MIN_SLOPE[l.diameterMm!]!) < q * 0.999) over++;
    }
    // Only trunks beyond the largest size (DN3000) may carry more than their full-bore capacity.
    expect(over).toBeLessThanOrEqual(mains.filter((l) => l.diameterMm === 3000).length);
    expect(Math.max(...mains.map((l) => l.diameterMm!))).toBeGreaterThan(1500);
  });

  it('floods few storm manholes in a 1-year storm and more in a 10-year storm', () => {
    const { nodes, links } = utilityParts(bundle, 'storm');
    const manholes = nodes.filter((n) => n.kind === 'manhole').length;
    const p1 = simulateStormEvent(nodes, links, bundle.buildings, { returnPeriodYears: 1 }).flooded.length;
    const p10 = simulateStormEvent(nodes, links, bundle.buildings, { returnPeriodYears: 10 }).flooded.length;
    expect(p1).toBeLessThan(manholes * 0.03);
    expect(p10).toBeGreaterThan(p1);
  }, 30_000);
});
