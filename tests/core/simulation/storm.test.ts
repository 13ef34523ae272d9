import { describe, expect, it } from 'vitest';
import {
  chicagoHyetograph,
  manningFullFlow,
  partFullDepthRatio,
  routeGravityNetwork,
  SHANGHAI_STORM_FORMULA,
  stormIntensity,
} from '../../../core/simulation/index.js';
import { expectClose } from '../../helpers/expect-close.js';

describe('core/simulation/design-storm', () => {
  it('evaluates the Shanghai formula (q = 1600(1+0.846 lgP)/(t+7)^0.656 L/(s*hm2))', () => {
    const q = (P: number, t: number): number => (1600 * (1 + 0.846 * Math.log10(P))) / Math.pow(t + 7, 0.656);
    for (const [P, t] of [
      [1, 10],
      [3, 60],
      [5, 120],
    ] as const) {
      expectClose(stormIntensity(SHANGHAI_STORM_FORMULA, P, t) * 166.667, q(P, t), q(P, t) * 1e-4, `q(P=${P}, t=${t})`);
    }
  });

  it('builds a Chicago hyetograph whose depth and peak windows follow the formula', () => {
    const h = chicagoHyetograph(SHANGHAI_STORM_FORMULA, { returnPeriodYears: 5, durationMin: 120, stepMin: 1 });
    expect(h.depthMm.length).toBe(120);
    const total = stormIntensity(SHANGHAI_STORM_FORMULA, 5, 120) * 120;
    expectClose(h.totalMm, total, 1e-9, 'total depth');
    const peakAt = h.depthMm.indexOf(Math.max(...h.depthMm));
    expect(Math.abs(peakAt - 0.405 * 120)).toBeLessThanOrEqual(1);
    // Any window around the peak split r : 1-r holds the formula's depth for its length (the defining property).
    const window = 40,
      start = Math.round(0.405 * 120 - 0.405 * window);
    const depth = h.depthMm.slice(start, start + window).reduce((s, d) => s + d, 0);
    expectClose(depth, stormIntensity(SHANGHAI_STORM_FORMULA, 5, window) * window, 0.02 * depth, '40-minute window');
  });
});

describe('core/simulation/gravity-routing', () => {
  it('computes Manning full-bore capacity and part-full depths of a circular pipe', () => {
    const { flowM3s, velocityMs } = manningFullFlow(1.0, 0.001, 0.013);
    expectClose(velocityMs, 0.9655, 0.001, 'V full');
    expectClose(flowM3s, 0.7583, 0.001, 'Q full');
    expectClose(partFullDepthRatio(0.5), 0.5, 0.005, 'y/D at half flow');
    expectClose(partFullDepthRatio(1.0), 0.82, 0.01, 'y/D at full-bore flow');
  });

  const nodes = [
    { id: 'a', groundM: 4, invertM: 2 },
    { id: 'b', groundM: 4, invertM: 1.9 },
    { id: 'out', groundM: 4, invertM: 1.8 },
  ];
  const conduits = [
    { id: 'ab', from: 0, to: 1, diameterM: 0.3, lengthM: 100, slope: 0.001 },
    { id: 'bo', from: 1, to: 2, diameterM: 0.3, lengthM: 100, slope: 0.001 },
  ];
  const cap = manningFullFlow(0.3, 0.001).flowM3s;

  it('passes flows under capacity straight to the outfall', () => {
    const r = routeGravityNetwork(nodes, conduits, 30, 60, (s, q) => {
      q[0] = s < 10 ? cap * 0.5 : 0;
    });
    expectClose(r.outfallVolumeM3, r.inflowVolumeM3, 1e-6, 'mass balance');
    expect(Math.max(...r.nodeDepthM.map((d) => d[0]!))).toBeLessThan(0.3);
    expect(r.linkFlowM3s[5]![1]).toBeCloseTo(cap * 0.5, 9);
  });

  it('surcharges and floods the node a conduit cannot drain, and keeps the volume', () => {
    const r = routeGravityNetwork(
      nodes,
      conduits,
      60,
      60,
      (s, q) => {
        q[0] = s < 20 ? cap * 3 : 0;
      },
      { shaftAreaM2: 1, pondAreaM2: 100 },
    );
    const peak = Math.max(...r.nodeDepthM.map((d) => d[0]!));
    expect(peak).toBeGreaterThan(2); // above ground (2 m deep)
    expect(r.nodeFloodM3.some((f) => f[0]! > 0)).toBe(true);
    expect(Math.max(...r.linkFlowM3s.map((f) => f[0]!))).toBeCloseTo(cap, 9);
    expectClose(r.outfallVolumeM3 + r.lostVolumeM3 + r.storedVolumeM3, r.inflowVolumeM3, 1e-6, 'mass balance');
    const lost = routeGravityNetwork(
      nodes,
      conduits,
      60,
      60,
      (s, q) => {
        q[0] = s < 20 ? cap * 3 : 0;
      },
      { pondAreaM2: 0 },
    );
    expect(lost.lostVolumeM3).toBeGreaterThan(0);
  });

  it('rejects a directed cycle', () => {
    expect(() =>
      routeGravityNetwork(
        nodes,
        [...conduits, { id: 'oa', from: 2, to: 0, diameterM: 0.3, lengthM: 10, slope: 0.01 }],
        1,
        60,
        () => {},
      ),
    ).toThrow(RangeError);
  });
});
