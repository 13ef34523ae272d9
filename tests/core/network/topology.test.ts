import { describe, expect, it } from 'vitest';
import {
  buildTopologyGraph,
  componentSizes,
  connectedComponents,
  nodeDegree,
  pathToSource,
  reachableFrom,
  shortestPathTree,
  traceIsolation,
} from '../../../core/network/index.js';

// A line a-b-c-d with a branch c-e, and a separate pair x-y.
const nodes = ['a', 'b', 'c', 'd', 'e', 'x', 'y'].map((id) => ({ id }));
const link = (id: string, f: string, t: string): { id: string; fromNodeId: string; toNodeId: string } => ({
  id,
  fromNodeId: f,
  toNodeId: t,
});
const links = [
  link('ab', 'a', 'b'),
  link('bc', 'b', 'c'),
  link('cd', 'c', 'd'),
  link('ce', 'c', 'e'),
  link('xy', 'x', 'y'),
];

describe('core/network/topology-graph', () => {
  it('builds adjacency and degrees', () => {
    const g = buildTopologyGraph(nodes, links);
    expect(nodeDegree(g, g.nodeIndex.get('c')!)).toBe(3);
    expect(nodeDegree(g, g.nodeIndex.get('a')!)).toBe(1);
  });
  it('rejects links to missing nodes and duplicate ids', () => {
    expect(() => buildTopologyGraph(nodes, [link('q', 'a', 'zz')])).toThrow(RangeError);
    expect(() => buildTopologyGraph([{ id: 'a' }, { id: 'a' }], [])).toThrow(RangeError);
  });
});

describe('core/network/connected-components', () => {
  it('labels components and honours blocked nodes', () => {
    const g = buildTopologyGraph(nodes, links);
    const labels = connectedComponents(g);
    expect(componentSizes(labels)).toEqual([5, 2]);
    const cut = connectedComponents(g, { blockedNode: (n) => n === g.nodeIndex.get('c') });
    expect(cut[g.nodeIndex.get('c')!]).toBe(-1);
    expect(cut[g.nodeIndex.get('a')!]).not.toBe(cut[g.nodeIndex.get('d')!]);
    const seen = reachableFrom(g, [g.nodeIndex.get('a')!], { blockedLink: (l) => l === g.linkIndex.get('cd') });
    expect(seen[g.nodeIndex.get('e')!]).toBe(1);
    expect(seen[g.nodeIndex.get('d')!]).toBe(0);
  });
});

describe('core/network/shortest-path', () => {
  it('finds the nearest source and the path back to it', () => {
    const g = buildTopologyGraph(nodes, links);
    const w = [1, 2, 5, 1, 1];
    const tree = shortestPathTree(g, [g.nodeIndex.get('a')!, g.nodeIndex.get('d')!], (l) => w[l]!);
    expect(tree.distance[g.nodeIndex.get('e')!]).toBe(4); // a-b-c-e = 1+2+1, d-c-e = 5+1
    expect(tree.sourceOf[g.nodeIndex.get('e')!]).toBe(0);
    expect(pathToSource(tree, g.nodeIndex.get('e')!).map((i) => g.nodeIds[i])).toEqual(['e', 'c', 'b', 'a']);
    expect(tree.distance[g.nodeIndex.get('x')!]).toBe(Infinity);
  });
});

describe('core/network/trace-isolation', () => {
  it('closes the valves around a link and finds what loses supply', () => {
    // source s - v1 - j - v2 - k - v3 - m, with a branch j - v4 - n
    const ns = ['s', 'v1', 'j', 'v2', 'k', 'v3', 'm', 'v4', 'n'].map((id) => ({ id }));
    const ls = [
      link('1', 's', 'v1'),
      link('2', 'v1', 'j'),
      link('3', 'j', 'v2'),
      link('4', 'v2', 'k'),
      link('5', 'k', 'v3'),
      link('6', 'v3', 'm'),
      link('7', 'j', 'v4'),
      link('8', 'v4', 'n'),
    ];
    const g = buildTopologyGraph(ns, ls);
    const isValve = (i: number): boolean => g.nodeIds[i]!.startsWith('v');
    const t = traceIsolation(g, g.linkIndex.get('4')!, isValve, [g.nodeIndex.get('s')!]);
    expect(t.valvesToClose.map((i) => g.nodeIds[i])).toEqual(['v2', 'v3']);
    expect(t.isolatedNodes.map((i) => g.nodeIds[i])).toEqual(['k']);
    expect(t.deprivedNodes.map((i) => g.nodeIds[i]).sort()).toEqual(['k', 'm']);
    expect(t.isolable).toBe(true);
    const atSource = traceIsolation(g, g.linkIndex.get('1')!, isValve, [g.nodeIndex.get('s')!]);
    expect(atSource.isolable).toBe(false);
  });
});
