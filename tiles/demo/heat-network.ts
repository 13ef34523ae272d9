import { pathToSource, shortestPathTree } from '../../core/network/index.js';
import type { Network, NetworkLink, NetworkNode } from '../../core/model/index.js';
import { nearestWallPoint, type BuildingSite, type DemoContext } from './demo-context.js';
import { bandInvertM } from './depth-bands.js';
import { NetworkBuilder, SYNTHETIC_PROVENANCE } from './network-builder.js';
import { pointAlong, projectOnPolyline, type Xy } from './plane-geometry.js';
import { linkRun, type RunStation } from './run-along-road.js';

/** Heat network and the handles sensors need. */
export interface HeatNetworkResult {
  readonly network: Network;
  readonly nodes: NetworkNode[];
  readonly links: NetworkLink[];
  readonly plantId: string;
  readonly servedBuildingIds: string[];
}

/** How many of the largest towers the heating network serves. */
const SERVED_BUILDINGS = 6;

/**
 * A small district heating network (Shanghai has little district heating; this one is marked synthetic like the
 * rest): an energy centre in the Lujiazui core feeding the largest towers of the main road component through a tree
 * of pre-insulated steel pipes (a supply and return pair per record) along the roads, valves on every branch of its
 * junctions, and a heat-exchange substation at each served building.
 */
export function buildHeatNetwork(ctx: DemoContext, networkId: string): HeatNetworkResult {
  const rng = ctx.random.fork('heat');
  const { roads, layout, groundM } = ctx;
  const b = new NetworkBuilder('heat', networkId, ctx.frame, groundM);
  const floorArea = (s: BuildingSite): number => s.footprintM2 * (s.building.floors ?? 1);
  // Serve the biggest towers of the component holding the tallest building (the Lujiazui core).
  const tallest = [...ctx.sites].sort(
    (x, y) => y.building.roofHeightM - x.building.roofHeightM || (x.building.id < y.building.id ? -1 : 1),
  )[0]!;
  const comp = roads.component[roads.segments[tallest.segment]!.from]!;
  const candidates = ctx.sites
    .filter(
      (s) =>
        roads.component[roads.segments[s.segment]!.from] === comp &&
        Math.hypot(s.centre[0] - tallest.centre[0], s.centre[1] - tallest.centre[1]) < 900,
    )
    .sort((x, y) => floorArea(y) - floorArea(x) || (x.building.id < y.building.id ? -1 : 1));
  const served = candidates
    .slice(0, SERVED_BUILDINGS + 2)
    .filter((_, i) => i < 2 || rng.chance(0.75))
    .slice(0, SERVED_BUILDINGS);
  const endNode = (s: BuildingSite): number => {
    const seg = roads.segments[s.segment]!;
    const a = roads.nodes[seg.from]!,
      c = roads.nodes[seg.to]!;
    return Math.hypot(a[0] - s.centre[0], a[1] - s.centre[1]) <= Math.hypot(c[0] - s.centre[0], c[1] - s.centre[1])
      ? seg.from
      : seg.to;
  };
  const cx = served.reduce((t, s) => t + s.centre[0], 0) / served.length,
    cy = served.reduce((t, s) => t + s.centre[1], 0) / served.length;
  const plantNode = roads.nodes
    .map((_, v) => v)
    .filter((v) => roads.component[v] === comp)
    .sort(
      (x, y) =>
        Math.hypot(roads.nodes[x]![0] - cx, roads.nodes[x]![1] - cy) -
          Math.hypot(roads.nodes[y]![0] - cx, roads.nodes[y]![1] - cy) || x - y,
    )[0]!;
  const tree = shortestPathTree(roads.topology, [plantNode], (l) => roads.segments[l]!.lengthM);
  const treeSegments = new Set<number>();
  for (const s of served) {
    const path = pathToSource(tree, endNode(s));
    for (let i = 0; i + 1 < path.length; i++) treeSegments.add(tree.parentLink[path[i]!]!);
    // The main goes on along the building's own road to a tee abreast of it.
    treeSegments.add(s.segment);
  }
  const degree = new Map<number, number>();
  for (const si of treeSegments)
    for (const v of [roads.segments[si]!.from, roads.segments[si]!.to]) degree.set(v, (degree.get(v) ?? 0) + 1);
  const junction = new Map<number, string>();
  const inv = bandInvertM('heat', groundM, 400);
  const junctionOf = (v: number): string => {
    let id = junction.get(v);
    if (!id) {
      id = b.addNode('junction', layout.junctionPoint('heat', v), inv, { attributes: { roadNode: v } });
      junction.set(v, id);
    }
    return id;
  };
  junctionOf(plantNode);
  const connections: { site: BuildingSite; tee: string }[] = [];
  for (const si of [...treeSegments].sort((x, y) => x - y)) {
    const seg = roads.segments[si]!;
    const path = layout.path('heat', si);
    const len = layout.pathLength('heat', si);
    const stations: RunStation[] = [{ along: 0, nodeId: junctionOf(seg.from) }];
    const setback = Math.min(4, len * 0.15);
    if ((degree.get(seg.from) ?? 0) >= 3 || seg.from === plantNode)
      stations.push({
        along: setback,
        nodeId: b.addNode('valve', pointAlong(path, setback), inv, {
          normallyOpen: true,
          attributes: { valveType: 'butterfly', roadSegment: si },
        }),
      });
    if ((degree.get(seg.to) ?? 0) >= 3 || seg.to === plantNode)
      stations.push({
        along: len - setback,
        nodeId: b.addNode('valve', pointAlong(path, len - setback), inv, {
          normallyOpen: true,
          attributes: { valveType: 'butterfly', roadSegment: si },
        }),
      });
    // A tee abreast of the wall point each building on this road is reached at, so its connection leaves the main
    // square and crosses the other lanes at a right angle (from the junction it ran across them at any angle).
    for (const site of served.filter((x) => x.segment === si)) {
      const wall = nearestWallPoint(site, projectOnPolyline(path, site.centre).point);
      const along = Math.min(len - setback - 1, Math.max(setback + 1, projectOnPolyline(path, wall).along));
      const tee = b.addNode('junction', pointAlong(path, along), inv, {
        attributes: { role: 'service-tee', roadSegment: si },
      });
      stations.push({ along, nodeId: tee });
      connections.push({ site, tee });
    }
    stations.sort((x, y) => x.along - y.along);
    const ordered: RunStation[] = [];
    for (const st of stations)
      ordered.push({ ...st, along: Math.max(st.along, (ordered[ordered.length - 1]?.along ?? -1) + 0.5) });
    ordered.push({ along: len, nodeId: junctionOf(seg.to) });
    linkRun(b, path, ordered, () => ({
      kind: 'pipe',
      diameterMm: 400,
      fromInvertM: inv,
      toInvertM: inv,
      material: 'pre-insulated steel',
      installYear: 2016,
      ...(seg.name ? { name: seg.name } : {}),
      attributes: { role: 'supply+return pair', roadSegment: si },
    }));
  }
  const jp = b.positionOf(junctionOf(plantNode));
  const rp = roads.nodes[plantNode]!;
  const dx = jp[0] - rp[0],
    dy = jp[1] - rp[1],
    l = Math.max(1e-9, Math.hypot(dx, dy));
  const plantPos: Xy = [jp[0] + (dx / l) * 20, jp[1] + (dy / l) * 20];
  const plantId = b.addNode('pump', plantPos, groundM - 3, {
    name: '陆家嘴能源中心 / Lujiazui energy centre (synthetic heat source)',
    attributes: { role: 'heat source', supplyTempC: 90, returnTempC: 60 },
  });
  b.addLink(plantId, junctionOf(plantNode), [], {
    kind: 'pipe',
    diameterMm: 500,
    fromInvertM: bandInvertM('heat', groundM, 500),
    toInvertM: bandInvertM('heat', groundM, 500),
    material: 'pre-insulated steel',
    installYear: 2016,
    attributes: { role: 'plant outlet' },
  });
  for (const { site: s, tee: j } of connections) {
    const wall = nearestWallPoint(s, b.positionOf(j));
    const sub = b.addNode('substation', wall, bandInvertM('heat', groundM, 200), {
      name: `换热站 / Heat substation, ${s.building.name ?? s.building.id}`,
      attributes: { role: 'heat exchange substation', buildingId: s.building.id },
    });
    b.addLink(j, sub, [], {
      kind: 'service',
      diameterMm: 200,
      fromInvertM: bandInvertM('heat', groundM, 200),
      toInvertM: bandInvertM('heat', groundM, 200),
      material: 'pre-insulated steel',
      installYear: 2016,
      attributes: { role: 'building connection', buildingId: s.building.id },
    });
  }
  const network: Network = {
    id: networkId,
    utility: 'heat',
    name: '区域供热 (合成) / District heating (synthetic)',
    provenance: { ...SYNTHETIC_PROVENANCE },
    metadata: {
      synthetic: true,
      seed: ctx.seed,
      generator: 'gridtwin-demo',
      note: 'Shanghai has little district heating: a small illustrative network',
    },
  };
  return { network, nodes: b.nodes, links: b.links, plantId, servedBuildingIds: served.map((s) => s.building.id) };
}
