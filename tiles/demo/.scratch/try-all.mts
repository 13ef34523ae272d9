import { buildDemoCity } from '/work/main/tiles/demo/build-demo-city.js';
const t0 = performance.now();
const b = await buildDemoCity({ sourceDir: '/work/main/data/sources/shanghai-osm', seed: 42, now: 1700000000000, onProgress: (s, d, t) => console.log(`  ${s} ${d}/${t} ${(performance.now() - t0).toFixed(0)} ms`) });
console.log('total ms', performance.now() - t0);
for (const n of b.networks) {
  const nodes = b.nodes.filter(x => x.networkId === n.id), links = b.links.filter(x => x.networkId === n.id);
  const kinds: Record<string, number> = {}; for (const x of nodes) kinds[x.kind] = (kinds[x.kind] ?? 0) + 1;
  console.log(n.utility, nodes.length, links.length, (links.reduce((s, l) => s + l.lengthM, 0) / 1000).toFixed(1), 'km', JSON.stringify(kinds));
}
console.log('buildings', b.buildings.length, 'sensors', b.sensors.length, 'grids', b.grids.length, 'crews', b.crews.length);
console.log('null grid', b.buildings.filter(x=>!x.gridId).length, b.nodes.filter(x=>!x.gridId).length, b.links.filter(x=>!x.gridId).length, b.sensors.filter(x=>!x.gridId).length);
const ks: Record<string, number> = {}; for (const s of b.sensors) ks[s.kind] = (ks[s.kind] ?? 0) + 1; console.log(ks);
console.log(JSON.stringify(b).length / 1e6, 'MB');
