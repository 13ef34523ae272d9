import { shortestPathTree, nodeDegree } from '../../core/network/index.js';
import { governingClearance, planApproach } from '../../core/excavation/index.js';
import type { Network, NetworkLink, NetworkNode, Utility } from '../../core/model/index.js';
import { WATER_USE_LPD } from './building-estimates.js';
import { nearestWallPoint, type BuildingSite, type DemoContext } from './demo-context.js';
import { interior, NetworkBuilder, SYNTHETIC_PROVENANCE } from './network-builder.js';
import { pointAlong, projectOnPolyline, subPolyline, type Xy } from './plane-geometry.js';
import { bandInvertM } from './depth-bands.js';
import { chooseFeedNodes, HydrantSpacer, mainDiameterMm, serviceDiameterMm } from './water-design.js';

/** The water network and the handles sensors and tests need. */
export interface WaterNetworkResult {
  readonly network: Network;
  readonly nodes: NetworkNode[];
  readonly links: NetworkLink[];
  /** Reservoir node ids (one per feed point). */
  readonly sourceNodeIds: string[];
  /** The first pipe out of each reservoir (where a flow meter sits). */
  readonly sourceLinkIds: string[];
  /** Road-junction node ids at dead ends of the mains (pressure is lowest there). */
  readonly deadEndNodeIds: string[];
}

interface Station {
  along: number;
  kind: 'valve' | 'hydrant' | 'tee';
  sites: BuildingSite[];
}

const VALVE_SETBACK_M = 4;

/** The networks laid along every road whose runs a service line must cross, not run beside. */
const SERVICE_CROSSED: Utility[] = ['sewer', 'storm', 'gas', 'power', 'telecom'];

/** Closer than this to another network's run (its largest horizontal clearance to water, 1 m, plus radii), m. */
const SERVICE_CLEAR_M = 1.8;

/** How far along the main a service's tee may move to keep the service off the other runs, m. */
const SERVICE_SHIFT_M = 24;

/**
 * Where along the main (between `lo` and `hi`) a service's tee goes: at `preferred` unless the service from there
 * (`service(along)`: tee and wall point) would pass one of `runs` within its clearance at less than the crossing
 * angle (side by side with it, not across it: near junctions lanes leave the road's direction), then at the nearest
 * position, every 2 m up to {@link SERVICE_SHIFT_M} either way, whose service is clear; `preferred` if none is.
 */
export function clearServiceAlong(
  preferred: number,
  lo: number,
  hi: number,
  service: (along: number) => [Xy, Xy],
  runs: readonly (readonly Xy[])[],
): number {
  const alongside = (along: number): boolean => {
    const [p, q] = service(along);
    const a = { x: p[0], y: p[1] },
      b = { x: q[0], y: q[1] };
    for (const run of runs)
      for (let i = 0; i + 1 < run.length; i++) {
        const c = { x: run[i]![0], y: run[i]![1] },
          d = { x: run[i + 1]![0], y: run[i + 1]![1] };
        if (planApproach(a, b, c, d).dist < SERVICE_CLEAR_M && governingClearance(a, b, c, d) === 'horizontal')
          return true;
      }
    return false;
  };
  if (!alongside(preferred)) return preferred;
  for (let shift = 2; shift <= SERVICE_SHIFT_M; shift += 2)
    for (const along of [preferred - shift, preferred + shift])
      if (along >= lo && along <= hi && !alongside(along)) return along;
  return preferred;
}

/**
 * A synthetic but EPANET-solvable water supply network on the roads: feed reservoirs (water-plant inflows at the
 * district's edge), mains on every road (trunks on major roads, distribution on minor ones, sized by the demand
 * they carry on a shortest-path tree from the feeds), an isolation valve on every branch of every junction of three
 * or more mains, hydrants about every 110 m, and a service line from the nearest main to every building's wall with
 * the building's average demand at the tee. Valves are nodes (EPANET junctions).
 */
export function buildWaterNetwork(ctx: DemoContext, networkId: string): WaterNetworkResult {
  const rng = ctx.random.fork('water');
  const { roads, layout, groundM } = ctx;
  const topo = roads.topology;
  const b = new NetworkBuilder('water', networkId, ctx.frame, groundM);
  const demandOf = (s: BuildingSite): number => (s.building.population * WATER_USE_LPD[s.building.use]) / 86_400;

  const feeds = chooseFeedNodes(roads, rng);
  const segDemand = new Float64Array(roads.segments.length);
  for (const s of ctx.sites) segDemand[s.segment]! += demandOf(s);
  const tree = shortestPathTree(
    topo,
    feeds.map((f) => f.node),
    (l) => roads.segments[l]!.lengthM,
  );
  // Demand accumulated down the tree gives each main the flow it carries (loops only add capacity).
  const load = new Float64Array(roads.nodes.length);
  roads.segments.forEach((seg, i) => {
    const far = tree.distance[seg.from]! >= tree.distance[seg.to]! ? seg.from : seg.to;
    load[far]! += segDemand[i]!;
  });
  const flow = Float64Array.from(segDemand);
  const order = [...roads.nodes.keys()].sort((x, y) => tree.distance[y]! - tree.distance[x]! || x - y);
  for (const v of order) {
    const pl = tree.parentLink[v]!;
    if (pl < 0) continue;
    flow[pl] = load[v]!;
    load[tree.parentNode[v]!]! += load[v]!;
  }
  const diameter = roads.segments.map((seg, i) => mainDiameterMm(flow[i]!, seg.roadClass));
  const segYear = roads.segments.map(() => rng.int(1990, 2024));

  const feedsAt = new Map<number, number>();
  for (const f of feeds) feedsAt.set(f.node, (feedsAt.get(f.node) ?? 0) + 1);
  const valveAt = roads.nodes.map((_, v) => nodeDegree(topo, v) + (feedsAt.get(v) ?? 0) >= 3);
  const junctionId = roads.nodes.map((_, v) => {
    let d = 0;
    for (let k = topo.adjStart[v]!; k < topo.adjStart[v + 1]!; k++) d = Math.max(d, diameter[topo.adjLink[k]!]!);
    return b.addNode('junction', layout.junctionPoint('water', v), bandInvertM('water', groundM, d), {
      attributes: { roadNode: v, deadEnd: nodeDegree(topo, v) === 1 },
    });
  });

  const hydrants = new HydrantSpacer(60);
  const sitesBySegment = new Map<number, BuildingSite[]>();
  for (const s of ctx.sites) {
    const l = sitesBySegment.get(s.segment);
    if (l) l.push(s);
    else sitesBySegment.set(s.segment, [s]);
  }

  // The runs of the other networks along a road and the roads meeting it at its ends (where services might pass them).
  const otherRuns = (si: number): Xy[][] => {
    const seg = roads.segments[si]!;
    const near = new Set<number>([si]);
    for (const v of [seg.from, seg.to])
      for (let k = topo.adjStart[v]!; k < topo.adjStart[v + 1]!; k++) near.add(topo.adjLink[k]!);
    return [...near].flatMap((n) => SERVICE_CROSSED.map((u) => layout.path(u, n)));
  };
  for (const seg of roads.segments) {
    const path = layout.path('water', seg.index);
    const len = layout.pathLength('water', seg.index);
    const d = diameter[seg.index]!;
    const invert = bandInvertM('water', groundM, d);
    const setback = Math.min(VALVE_SETBACK_M, len * 0.15);
    const stations: Station[] = [];
    if (valveAt[seg.from]) stations.push({ along: setback, kind: 'valve', sites: [] });
    if (valveAt[seg.to]) stations.push({ along: len - setback, kind: 'valve', sites: [] });
    const spacing = len / Math.ceil(len / 110);
    for (let a = spacing / 2; a < len; a += spacing) {
      if (hydrants.tryPlace(pointAlong(path, a))) stations.push({ along: a, kind: 'hydrant', sites: [] });
    }
    const lo = (valveAt[seg.from] ? setback : 0) + 1.5,
      hi = len - (valveAt[seg.to] ? setback : 0) - 1.5;
    const tees: Station[] = [];
    for (const site of [...(sitesBySegment.get(seg.index) ?? [])].sort(
      (x, y) =>
        projectOnPolyline(path, x.centre).along - projectOnPolyline(path, y.centre).along ||
        (x.building.id < y.building.id ? -1 : 1),
    )) {
      // The tee stands abreast of the wall point the service reaches, so the service leaves the main square and
      // crosses the other lanes at a right angle instead of running along one of them.
      const wall = nearestWallPoint(site, projectOnPolyline(path, site.centre).point);
      const along = clearServiceAlong(
        Math.min(hi, Math.max(lo, projectOnPolyline(path, wall).along)),
        lo,
        hi,
        (a) => {
          const teeP = pointAlong(path, a);
          return [teeP, nearestWallPoint(site, teeP)];
        },
        otherRuns(seg.index),
      );
      const last = tees[tees.length - 1];
      if (last && along - last.along < 3) last.sites.push(site);
      else tees.push({ along, kind: 'tee', sites: [site] });
    }
    stations.push(...tees);
    stations.sort((x, y) => x.along - y.along);
    for (let i = 1; i < stations.length; i++)
      stations[i]!.along = Math.max(stations[i]!.along, stations[i - 1]!.along + 0.5);
    const ids: string[] = [junctionId[seg.from]!];
    const alongs: number[] = [0];
    for (const st of stations) {
      const p = pointAlong(path, st.along);
      if (st.kind === 'valve') {
        ids.push(
          b.addNode('valve', p, invert, {
            normallyOpen: true,
            attributes: { valveType: d <= 300 ? 'gate' : 'butterfly', roadSegment: seg.index },
          }),
        );
      } else if (st.kind === 'hydrant') {
        ids.push(
          b.addNode('hydrant', p, invert, { attributes: { hydrantType: 'underground', roadSegment: seg.index } }),
        );
      } else {
        const demand = st.sites.reduce((sum, s) => sum + demandOf(s), 0);
        const tee = b.addNode('junction', p, invert, {
          hydraulics: { demandLps: Math.round(demand * 1000) / 1000 },
          attributes: { role: 'service-tee', serviceCount: st.sites.length, roadSegment: seg.index },
        });
        ids.push(tee);
        for (const site of st.sites)
          addService(b, site, tee, p, demandOf(site), rng.int(Math.max(1990, segYear[seg.index]!), 2024));
      }
      alongs.push(st.along);
    }
    ids.push(junctionId[seg.to]!);
    alongs.push(len);
    const material = d >= 300 ? 'ductile iron' : rng.chance(0.5) ? 'PE100' : 'ductile iron';
    const year = segYear[seg.index]!;
    const c = Math.round(material === 'PE100' ? 140 : 140 - (2024 - year) * 0.6);
    for (let i = 0; i + 1 < ids.length; i++) {
      const piece = subPolyline(path, alongs[i]!, alongs[i + 1]!);
      b.addLink(ids[i]!, ids[i + 1]!, interior(piece), {
        kind: 'pipe',
        diameterMm: d,
        fromInvertM: invert,
        toInvertM: invert,
        material,
        installYear: year,
        ...(seg.name ? { name: seg.name } : {}),
        hydraulics: { roughness: c, minorLoss: 0, status: 'open' },
        attributes: { role: seg.roadClass === 'major' ? 'trunk' : 'distribution', roadSegment: seg.index },
      });
    }
  }

  const sourceNodeIds: string[] = [];
  const sourceLinkIds: string[] = [];
  feeds.forEach((feed, i) => {
    const j = junctionId[feed.node]!;
    const jp = b.positionOf(j);
    const d = Math.max(
      ...[...Array(nodeDegree(topo, feed.node)).keys()].map(
        (k) => diameter[topo.adjLink[topo.adjStart[feed.node]! + k]!]!,
      ),
    );
    const resP: Xy = [jp[0] + feed.outward[0] * 30, jp[1] + feed.outward[1] * 30];
    const valveP: Xy = [jp[0] + feed.outward[0] * 6, jp[1] + feed.outward[1] * 6];
    const headM = Math.round((groundM + rng.range(35, 39)) * 10) / 10;
    const res = b.addNode('reservoir', resP, groundM, {
      name: `供水进水点 ${i + 1} / Water inflow ${i + 1}`,
      hydraulics: { headM },
      attributes: { role: 'feed', description: 'trunk main inflow from the water plant (synthetic)' },
    });
    const feedInvert = bandInvertM('water', groundM, d);
    const valve = b.addNode('valve', valveP, feedInvert, {
      normallyOpen: true,
      attributes: { valveType: 'butterfly', role: 'feed' },
    });
    const spec = {
      kind: 'pipe' as const,
      diameterMm: d,
      fromInvertM: feedInvert,
      toInvertM: feedInvert,
      material: 'ductile iron',
      installYear: rng.int(1995, 2015),
      hydraulics: { roughness: 130, minorLoss: 0, status: 'open' as const },
      attributes: { role: 'feed' },
    };
    sourceLinkIds.push(b.addLink(res, valve, [], spec));
    b.addLink(valve, j, [], spec);
    sourceNodeIds.push(res);
  });

  const deadEndNodeIds = junctionId.filter((_, v) => nodeDegree(topo, v) === 1 && !feedsAt.has(v));
  const network: Network = {
    id: networkId,
    utility: 'water',
    name: '供水管网 (合成) / Water supply (synthetic)',
    provenance: { ...SYNTHETIC_PROVENANCE },
    metadata: {
      synthetic: true,
      seed: ctx.seed,
      generator: 'gridtwin-demo',
      headloss: 'H-W',
      flowUnits: 'LPS',
      demandBasis: 'average day, L/person/day by building use',
    },
  };
  return { network, nodes: b.nodes, links: b.links, sourceNodeIds, sourceLinkIds, deadEndNodeIds };
}

function addService(
  b: NetworkBuilder,
  site: BuildingSite,
  teeId: string,
  teeP: Xy,
  demandLps: number,
  year: number,
): void {
  let wall = nearestWallPoint(site, teeP);
  if (Math.hypot(wall[0] - teeP[0], wall[1] - teeP[1]) < 0.5) wall = [teeP[0] + 0.5, teeP[1]];
  const d = serviceDiameterMm(demandLps);
  const invert = bandInvertM('water', b.groundM, d);
  const svc = b.addNode('service', wall, invert, {
    attributes: { buildingId: site.building.id, role: 'building-connection' },
  });
  b.addLink(teeId, svc, [], {
    kind: 'service',
    diameterMm: d,
    fromInvertM: invert,
    toInvertM: invert,
    material: d <= 50 ? 'PE100' : 'ductile iron',
    installYear: year,
    hydraulics: { roughness: 140, minorLoss: 0, status: 'open' },
    attributes: { role: 'service', buildingId: site.building.id },
  });
}
