import { describe, expect, it } from 'vitest';
import { buildTopologyGraph, reachableFrom, type TopologyGraph } from '../../../core/network/index.js';
import { SeededRandom } from '../../../core/random/index.js';
import { findValveIsolation } from '../../../core/simulation/index.js';

/*
 * Why the needed boundary valves are optimal (what the property test checks by exhaustive search):
 * let R be the valve-free region around the link and B its operable boundary valves. Any valve set S that isolates
 * the link leaves R cut off (R holds no valve, so no valve of S separates R from the link), and every node cut off
 * when all of B is closed is cut off under S too (a supply path to it must enter R or an open valve of B, which
 * touches R). So closing the needed valves (those of B with something supplied beyond) gives the smallest outage.
 * And any S with that outage must hold every needed valve b: if b stayed open, the supplied node beyond b would
 * feed R. Hence the needed valves are the fewest valves for the smallest outage.
 */

type Spec = { nodes: string[]; links: [string, string, string][] };

function graphOf(spec: Spec): TopologyGraph {
  return buildTopologyGraph(
    spec.nodes.map((id) => ({ id })),
    spec.links.map(([id, fromNodeId, toNodeId]) => ({ id, fromNodeId, toNodeId })),
  );
}

function run(spec: Spec, burst: string, opts: { closed?: string[]; broken?: string[] } = {}) {
  const g = graphOf(spec);
  const idx = (id: string): number => g.nodeIndex.get(id)!;
  const closed = new Set((opts.closed ?? []).map(idx));
  const broken = new Set((opts.broken ?? []).map(idx));
  const r = findValveIsolation(g, g.linkIndex.get(burst)!, {
    isValve: (v) => g.nodeIds[v]!.startsWith('V'),
    sources: spec.nodes.filter((id) => id.startsWith('R')).map(idx),
    isClosed: (v) => closed.has(v),
    isBroken: (v) => broken.has(v),
  });
  const names = (list: number[]): string[] => list.map((v) => g.nodeIds[v]!).sort();
  return {
    isolable: r.isolable,
    close: names(r.valvesToClose),
    unneeded: names(r.unneededValves),
    closedBoundary: names(r.closedBoundary),
    segment: names(r.segmentNodes),
    deprived: names(r.deprivedNodes),
    links: r.segmentLinks.map((l) => g.linkIds[l]!).sort(),
  };
}

// R - J1 - V1 - J2 = J3 - V2 - J4 - V3 - J5   (a dead-end main fed from R)
const LINE: Spec = {
  nodes: ['R', 'J1', 'V1', 'J2', 'J3', 'V2', 'J4', 'V3', 'J5'],
  links: [
    ['a', 'R', 'J1'],
    ['b', 'J1', 'V1'],
    ['c', 'V1', 'J2'],
    ['burst', 'J2', 'J3'],
    ['d', 'J3', 'V2'],
    ['e', 'V2', 'J4'],
    ['f', 'J4', 'V3'],
    ['g', 'V3', 'J5'],
  ],
};
// R - V0 - J1, J1 - V1 - J2 = J3 - V2 - J4 - J1   (a loop)
const LOOP: Spec = {
  nodes: ['R', 'V0', 'J1', 'V1', 'J2', 'J3', 'V2', 'J4'],
  links: [
    ['a', 'R', 'V0'],
    ['a2', 'V0', 'J1'],
    ['b', 'J1', 'V1'],
    ['c', 'V1', 'J2'],
    ['burst', 'J2', 'J3'],
    ['d', 'J3', 'V2'],
    ['e', 'V2', 'J4'],
    ['f', 'J4', 'J1'],
  ],
};

describe('core/simulation/valve-isolation', () => {
  it('closes only the upstream valve of a dead end, and cuts off everything downstream', () => {
    const r = run(LINE, 'burst');
    expect(r).toMatchObject({ isolable: true, close: ['V1'], unneeded: ['V2'], segment: ['J2', 'J3'] });
    expect(r.deprived).toEqual(['J2', 'J3', 'J4', 'J5', 'V2', 'V3']);
    expect(r.links).toEqual(['burst', 'c', 'd']);
  });

  it('closes both valves of a looped segment and cuts off only the segment', () => {
    const r = run(LOOP, 'burst');
    expect(r).toMatchObject({ isolable: true, close: ['V1', 'V2'], unneeded: [], deprived: ['J2', 'J3'] });
  });

  it('finds the next ring when a valve is broken', () => {
    const r = run(LOOP, 'burst', { broken: ['V1'] });
    expect(r.close).toEqual(['V0']);
    expect(r.unneeded).toEqual(['V2']);
    expect(r.segment).toEqual(['J1', 'J2', 'J3', 'J4', 'V1']);
    expect(r.deprived).toEqual(['J1', 'J2', 'J3', 'J4', 'V1', 'V2']);
  });

  it('counts an already-closed valve as a boundary that needs no crew', () => {
    const r = run(LOOP, 'burst', { closed: ['V2'] });
    expect(r.close).toEqual(['V1']);
    expect(r.closedBoundary).toEqual(['V2']);
    expect(r.deprived).toEqual(['J2', 'J3']);
  });

  it('reports a link next to a source without valves as not isolable', () => {
    const r = run(LINE, 'a');
    expect(r.isolable).toBe(false);
    expect(r.close).toEqual([]);
    expect(r.deprived).toEqual([]);
  });

  it('rejects a link index outside the graph', () => {
    const g = graphOf(LINE);
    expect(() => findValveIsolation(g, 99, { isValve: () => false, sources: [0] })).toThrow(RangeError);
  });

  it('agrees with exhaustive search on 300 random networks (fewest customers cut off, then fewest valves)', () => {
    const rng = new SeededRandom(7);
    let isolableCases = 0,
      withUnneeded = 0;
    for (let trial = 0; trial < 300; trial++) {
      const { g, valve, sources, closed, broken } = randomNetwork(rng.fork(`net-${trial}`));
      const link = rng.int(0, g.linkIds.length - 1);
      const r = findValveIsolation(g, link, {
        isValve: (v) => valve[v] === 1,
        sources,
        isClosed: (v) => closed.has(v),
        isBroken: (v) => broken.has(v),
      });
      const best = bruteForce(g, link, valve, sources, closed, broken);
      expect(r.isolable, `trial ${trial}`).toBe(best !== null);
      if (!best) continue;
      isolableCases++;
      if (r.unneededValves.length > 0) withUnneeded++;
      const mine = evaluate(g, link, valve, sources, closed, new Set(r.valvesToClose));
      expect(mine, `trial ${trial}: our set does not isolate`).not.toBeNull();
      expect(mine!.outage, `trial ${trial}: outage`).toBe(best.outage);
      expect(r.valvesToClose.length, `trial ${trial}: valve count`).toBe(best.valves);
    }
    // The sample must exercise both kinds of cases, or the test proves little.
    expect(isolableCases).toBeGreaterThan(100);
    expect(withUnneeded).toBeGreaterThan(10);
  });
});

function randomNetwork(rng: SeededRandom) {
  const n = rng.int(8, 22);
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}` }));
  const links: { id: string; fromNodeId: string; toNodeId: string }[] = [];
  for (let i = 1; i < n; i++) links.push({ id: `t${i}`, fromNodeId: `n${rng.int(0, i - 1)}`, toNodeId: `n${i}` });
  const extra = rng.int(0, Math.floor(n / 3));
  for (let e = 0; e < extra; e++) {
    const a = rng.int(0, n - 1),
      b = rng.int(0, n - 1);
    if (a !== b) links.push({ id: `x${e}`, fromNodeId: `n${a}`, toNodeId: `n${b}` });
  }
  const g = buildTopologyGraph(nodes, links);
  const valve = new Uint8Array(n);
  const sources: number[] = [rng.int(0, n - 1)];
  if (rng.chance(0.3)) sources.push(rng.int(0, n - 1));
  let valves = 0;
  for (let v = 0; v < n && valves < 12; v++) {
    if (!sources.includes(v) && rng.chance(0.45)) {
      valve[v] = 1;
      valves++;
    }
  }
  const closed = new Set<number>(),
    broken = new Set<number>();
  for (let v = 0; v < n; v++) {
    if (!valve[v]) continue;
    if (rng.chance(0.08)) closed.add(v);
    else if (rng.chance(0.1)) broken.add(v);
  }
  return { g, valve, sources, closed, broken };
}

/** Outage (non-valve nodes cut off) when `shut` and the closed valves are shut, or null when the link keeps supply. */
function evaluate(
  g: TopologyGraph,
  link: number,
  valve: Uint8Array,
  sources: number[],
  closed: Set<number>,
  shut: Set<number>,
) {
  const blocked = (v: number): boolean => shut.has(v) || closed.has(v);
  const supplied = reachableFrom(g, sources, { blockedNode: blocked });
  for (const end of [g.linkFrom[link]!, g.linkTo[link]!]) if (!blocked(end) && supplied[end]) return null;
  let outage = 0;
  supplied.forEach((s, v) => {
    if (!s && !valve[v]) outage++;
  });
  return { outage };
}

/** Every subset of operable valves; the best isolating one by (outage, valve count), or null when none isolates. */
function bruteForce(
  g: TopologyGraph,
  link: number,
  valve: Uint8Array,
  sources: number[],
  closed: Set<number>,
  broken: Set<number>,
) {
  const operable: number[] = [];
  valve.forEach((x, v) => {
    if (x && !closed.has(v) && !broken.has(v)) operable.push(v);
  });
  let best: { outage: number; valves: number } | null = null;
  for (let mask = 0; mask < 1 << operable.length; mask++) {
    const shut = new Set(operable.filter((_, i) => mask & (1 << i)));
    const e = evaluate(g, link, valve, sources, closed, shut);
    if (!e) continue;
    if (!best || e.outage < best.outage || (e.outage === best.outage && shut.size < best.valves))
      best = { outage: e.outage, valves: shut.size };
  }
  return best;
}
