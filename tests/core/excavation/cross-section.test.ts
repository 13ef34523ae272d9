import { describe, expect, it } from 'vitest';
import { crossSection } from '../../../core/excavation/index.js';
import { metresPerDegree } from '../../../core/geo/index.js';
import type { LonLat, NetworkLink, NetworkNode } from '../../../core/model/index.js';

const O: LonLat = [121.5, 31.23];
const k = metresPerDegree(O[1]);
const at = (x: number, y: number): LonLat => [O[0] + x / k.lon, O[1] + y / k.lat];

function pipe(
  id: string,
  utility: NetworkLink['utility'],
  x: number,
  invertM: number,
  diameterMm: number,
): NetworkLink {
  return {
    id,
    networkId: `net-${utility}`,
    utility,
    kind: 'pipe',
    fromNodeId: `${id}-a`,
    toNodeId: `${id}-b`,
    path: [at(x, -20), at(x, 20)],
    lengthM: 40,
    diameterMm,
    fromInvertM: invertM,
    toInvertM: invertM,
    gridId: null,
    provenance: { source: 'test' },
    attributes: {},
    material: 'PE100',
  } as NetworkLink;
}

describe('core/excavation/cross-section', () => {
  it('puts each crossing pipe at its station and depth, in order, with the clear distance between neighbours', () => {
    const ground = 4;
    const links = [pipe('gas', 'gas', 6, ground - 1.2, 200), pipe('water', 'water', 2, ground - 1.5, 300)];
    const line = [at(0, 0), at(10, 0)];
    const s = crossSection(line, links, new Map<string, NetworkNode>(), ground);
    expect(s.lengthM).toBeCloseTo(10, 1);
    expect(s.pipes.map((p) => p.id)).toEqual(['water', 'gas']);
    const [w, g] = s.pipes;
    expect(w!.stationM).toBeCloseTo(2, 1);
    expect(w!.axisDepthM).toBeCloseTo(1.5 - 0.15, 2);
    expect(w!.coverDepthM).toBeCloseTo(1.2, 2);
    expect(g!.coverDepthM).toBeCloseTo(1.0, 2);
    const centre = Math.hypot(6 - 2, w!.axisDepthM - g!.axisDepthM);
    expect(s.gaps[0]!.clearM).toBeCloseTo(centre - 0.15 - 0.1, 1);
    // A line that crosses nothing.
    expect(crossSection([at(20, 0), at(30, 0)], links, new Map(), ground).pipes).toEqual([]);
  });
});
