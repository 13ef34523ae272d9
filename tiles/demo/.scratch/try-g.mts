import { EnuFrame } from '/work/main/core/geo/index.js';
import { SeededRandom } from '/work/main/core/random/index.js';
import { readOsmSources } from '/work/main/tiles/demo/osm-source.js';
import { buildRoadGraph } from '/work/main/tiles/demo/road-graph.js';
import { buildOsmBuildings } from '/work/main/tiles/demo/osm-buildings.js';
import { buildSites } from '/work/main/tiles/demo/demo-context.js';
import { UtilityLayout } from '/work/main/tiles/demo/utility-layout.js';
import { buildGravityNetwork } from '/work/main/tiles/demo/gravity-network.js';
import { riverOutlines } from '/work/main/tiles/demo/river-outlines.js';
const src = await readOsmSources('/work/main/data/sources/shanghai-osm');
const frame = new EnuFrame(121.5005, 31.2387);
const roads = buildRoadGraph(src.roads, frame);
const { buildings } = buildOsmBuildings(src.buildings, src.labels);
const sites = buildSites(buildings, roads, frame);
const ctx = { frame, roads, layout: new UtilityLayout(roads), groundM: 4, seed: 7, random: new SeededRandom(7), sites, rivers: riverOutlines(src.water, frame) };
console.log('rivers', ctx.rivers.map(r => r.name + ' ' + r.ring.length));
for (const u of ['sewer', 'storm'] as const) {
  const t0 = performance.now();
  const g = buildGravityNetwork(ctx, u, 'x-' + u);
  const kinds: Record<string, number> = {}; for (const n of g.nodes) kinds[n.kind] = (kinds[n.kind] ?? 0) + 1;
  const dn: Record<string, number> = {}; for (const l of g.links) dn[l.diameterMm] = (dn[l.diameterMm] ?? 0) + 1;
  const depths = g.nodes.filter(n => n.kind === 'manhole').map(n => n.groundM - n.invertM);
  console.log(u, 'ms', performance.now() - t0, g.nodes.length, g.links.length, kinds, dn, 'depth', Math.min(...depths), Math.max(...depths), 'outfalls', g.outfallNodeIds.length, g.nodes.filter(n=>n.kind==='outfall').map(n=>n.attributes.receiving));
}
