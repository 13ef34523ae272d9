import { EnuFrame } from '/work/main/core/geo/index.js';
import { readOsmSources } from '/work/main/tiles/demo/osm-source.js';
import { buildRoadGraph } from '/work/main/tiles/demo/road-graph.js';
import { shortestPathTree } from '/work/main/core/network/index.js';
const src = await readOsmSources('/work/main/data/sources/shanghai-osm');
const frame = new EnuFrame(121.5005, 31.2387);
const roads = buildRoadGraph(src.roads, frame);
const tree = shortestPathTree(roads.topology, [0, 400], (l) => roads.segments[l]!.lengthM);
let bad = 0;
for (const s of roads.segments) if (tree.parentLink[s.to] === s.index && tree.parentLink[s.from] === s.index) bad++;
console.log('both', bad, 'unreached', [...tree.sourceOf].filter(x => x < 0).length);
// check parent chain consistency
let cyc = 0;
for (let v = 0; v < roads.nodes.length; v++) { let u = v, k = 0; while (tree.parentNode[u]! >= 0 && k < 10000) { u = tree.parentNode[u]!; k++; } if (k >= 10000) cyc++; }
console.log('cyc', cyc);
