import type { Network, NetworkLink, NetworkNode } from '../../core/model/index.js';
import { SeededRandom } from '../../core/random/index.js';

/**
 * A synthetic water network for benchmarks: a rows x cols street lattice (100 m blocks) fed by a reservoir at a
 * corner; each street pipe gets an isolation valve node near its start with probability `valveShare`, splitting it
 * in two links. Hydraulic data are plain SI (H-W 120, 0.02 L/s per junction).
 */
export function valvedGridNetwork(
  rows: number,
  cols: number,
  valveShare: number,
  seed: number,
): { network: Network; nodes: NetworkNode[]; links: NetworkLink[] } {
  const rng = new SeededRandom(seed);
  const networkId = 'bench-water';
  const prov = { source: 'bench', synthetic: true };
  const deg = 100 / 111_000;
  const nodes: NetworkNode[] = [];
  const links: NetworkLink[] = [];
  const node = (id: string, kind: NetworkNode['kind'], lon: number, lat: number, demandLps = 0): string => {
    nodes.push({
      id,
      networkId,
      utility: 'water',
      kind,
      position: [lon, lat],
      groundM: 4,
      invertM: 2.8,
      gridId: null,
      provenance: prov,
      attributes: {},
      ...(kind === 'valve' ? { normallyOpen: true } : {}),
      ...(kind === 'reservoir' ? { hydraulics: { headM: 60 } } : { hydraulics: { demandLps } }),
    });
    return id;
  };
  const link = (a: string, b: string, dMm: number): void => {
    links.push({
      id: `L${links.length}`,
      networkId,
      utility: 'water',
      kind: 'pipe',
      fromNodeId: a,
      toNodeId: b,
      path: [
        [0, 0],
        [0, 0],
      ],
      lengthM: 50,
      diameterMm: dMm,
      fromInvertM: 2.8,
      toInvertM: 2.8,
      gridId: null,
      hydraulics: { roughness: 120, minorLoss: 0, status: 'open' },
      provenance: prov,
      attributes: {},
    });
  };
  const at = (r: number, c: number): string => `J${r}_${c}`;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) node(at(r, c), 'junction', 121.4 + c * deg, 31.2 + r * deg, 0.02);
  node('RES', 'reservoir', 121.4 - deg, 31.2 - deg);
  link('RES', at(0, 0), 1000);
  let v = 0;
  const street = (a: string, b: string, d: number): void => {
    if (rng.chance(valveShare)) {
      const id = node(`V${v++}`, 'valve', 121.4, 31.2);
      link(a, id, d);
      link(id, b, d);
    } else link(a, b, d);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = r === 0 || c === 0 ? 600 : 200;
      if (c + 1 < cols) street(at(r, c), at(r, c + 1), r === 0 ? 600 : d);
      if (r + 1 < rows) street(at(r, c), at(r + 1, c), c === 0 ? 600 : d);
    }
  }
  return {
    network: { id: networkId, utility: 'water', name: 'bench grid', provenance: prov, metadata: {} },
    nodes,
    links,
  };
}
