import { describe, expect, it } from 'vitest';
import {
  contourRings,
  gasLeakFootprint,
  pasquillGiffordSigmas,
  plumeConcentration,
  plumeGrid,
  ringArea,
} from '../../../core/simulation/index.js';
import { expectClose } from '../../helpers/expect-close.js';

describe('core/simulation/gaussian-plume', () => {
  /*
   * D. B. Turner, "Workbook of Atmospheric Dispersion Estimates", US PHS Publication 999-AP-26 (revised 1970),
   * chapter 3, example problem 1: a burning dump emits 3 g/s of oxides of nitrogen; on an overcast night with a
   * 7 m/s wind, what is the concentration directly downwind at 3 km (ground-level source, no rise)? Stability D;
   * from the curves sigma_y = 190 m, sigma_z = 65 m; chi = Q / (pi sigma_y sigma_z u) = 1.1e-5 g/m^3.
   */
  it("reproduces Turner's workbook problem (3 g/s, D, 7 m/s, 3 km: 1.1e-5 g/m3)", () => {
    const { sigmaYM, sigmaZM } = pasquillGiffordSigmas(3000, 'D');
    // ISC3's fits of Turner's curves: within the precision the curves can be read.
    expectClose(sigmaYM, 190, 190 * 0.05, 'sigma_y at 3 km, D');
    expectClose(sigmaZM, 65, 65 * 0.02, 'sigma_z at 3 km, D');
    const chi = plumeConcentration({ heightM: 0, rateGs: 3, windSpeedMs: 7, stability: 'D' }, 3000, 0, 0);
    expect(Number(chi.toPrecision(2))).toBe(1.1e-5);
    // With the workbook's own sigmas the formula gives its number to three figures (1.10e-5).
    expectClose(3 / (Math.PI * 190 * 65 * 7), 1.1e-5, 0.005e-5, 'formula with the book sigmas');
  });

  it('conserves mass: u times the crosswind integral at any distance equals the release rate', () => {
    const src = { heightM: 10, rateGs: 50, windSpeedMs: 3, stability: 'C' as const };
    for (const x of [200, 1000, 4000]) {
      const { sigmaYM, sigmaZM } = pasquillGiffordSigmas(x, 'C');
      let sum = 0;
      const dy = sigmaYM / 20,
        dz = sigmaZM / 20;
      for (let y = -8 * sigmaYM; y <= 8 * sigmaYM; y += dy)
        for (let z = dz / 2; z <= 8 * sigmaZM + 10; z += dz) sum += plumeConcentration(src, x, y, z) * dy * dz;
      expectClose(sum * src.windSpeedMs, 50, 0.5, `flux at ${x} m`);
    }
  });

  it('orders stabilities: more stable air keeps a ground release more concentrated', () => {
    const c = (s: 'A' | 'D' | 'F') =>
      plumeConcentration({ heightM: 0, rateGs: 1, windSpeedMs: 2, stability: s }, 500, 0);
    expect(c('F')).toBeGreaterThan(c('D'));
    expect(c('D')).toBeGreaterThan(c('A'));
  });

  it('fills a grid that matches the point formula and puts the plume downwind', () => {
    const src = {
      east: 0,
      north: 0,
      heightM: 0,
      rateGs: 1000,
      windSpeedMs: 2,
      windFromDeg: 270,
      stability: 'F' as const,
    };
    const g = plumeGrid(src, { originEast: -500, originNorth: -500, cellM: 10, cols: 100, rows: 100 });
    // Wind from the west: the cell centred 205 m east of the source on the axis.
    const i = (205 + 500) / 10 - 0.5,
      j = (5 + 500) / 10 - 0.5;
    const exact = plumeConcentration(src, 205, 5);
    expectClose(g.values[j * 100 + i]!, exact, exact * 0.01, 'grid vs formula');
    expect(g.values[j * 100 + (500 - 205) / 10 - 0.5]).toBe(0); // upwind
  });

  it('contours the area above a level (ring area matches the cell count)', () => {
    const src = {
      east: 0,
      north: 0,
      heightM: 0,
      rateGs: 1000,
      windSpeedMs: 2,
      windFromDeg: 30,
      stability: 'E' as const,
    };
    const g = plumeGrid(src, { originEast: -600, originNorth: -600, cellM: 2, cols: 600, rows: 600 });
    const level = 2.9;
    const rings = contourRings(g, level);
    expect(rings.length).toBeGreaterThanOrEqual(1);
    const area = rings.reduce((s, r) => s + Math.abs(ringArea(r)), 0);
    let cells = 0;
    for (const v of g.values) if (v >= level) cells++;
    expectClose(area, cells * 4, cells * 4 * 0.05, 'contour area');
  });

  it('builds a gas-leak footprint: LEL contours nest, the zone holds the buildings it should', () => {
    const source: [number, number] = [121.5, 31.23];
    const near = {
      id: 'near',
      footprint: [
        [
          [
            [121.5005, 31.2299],
            [121.5007, 31.2299],
            [121.5007, 31.2301],
            [121.5005, 31.2301],
            [121.5005, 31.2299],
          ],
        ],
      ],
      population: 40,
    };
    const far = {
      id: 'far',
      footprint: [
        [
          [
            [121.53, 31.23],
            [121.531, 31.23],
            [121.531, 31.231],
            [121.53, 31.231],
            [121.53, 31.23],
          ],
        ],
      ],
      population: 7,
    };
    const f = gasLeakFootprint(
      { sourceLonLat: source, rateKgS: 0.5, windSpeedMs: 2, windFromDeg: 270, stability: 'F' },
      [near, far].map((b) => ({
        ...b,
        baseHeightM: 0,
        roofHeightM: 10,
        heightEstimated: false,
        use: 'residential',
        gridId: null,
        provenance: { source: 'test' },
        attributes: {},
      })) as never,
    );
    const reach = Object.fromEntries(f.contours.map((c) => [c.name, c.reachM]));
    expect(reach['lel-10']).toBeGreaterThan(reach['lel-100']!);
    expect(reach['lel-100']).toBeGreaterThan(0);
    expect(f.evacuationZone.length).toBeGreaterThan(3);
    expect(f.affectedBuildings).toEqual(['near']);
    expect(f.population).toBe(40);
  });
});
